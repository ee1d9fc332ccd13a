package soundstage.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import soundstage.core.SqlScript;
import soundstage.testing.TableDump;

/**
 * Fixtures of the lake tests: small tables in {@code central} and {@code analytics} in SQL both
 * dialects run, and ways to look at a lake folder.
 */
final class TestingLake {
    /**
     * central.spotify_streams (split by ts: 2018-12, 2019-03, 2019-04 and rows without ts, one
     * row twice), analytics.songplays (split by start_time: 2018-11, 2018-12), analytics.users
     * (one file). Values with quotes, a line break, accents, NULLs, a month's first and last instant.
     */
    static final String TABLES = """
            CREATE SCHEMA IF NOT EXISTS central;
            CREATE TABLE central.spotify_streams (ts TIMESTAMP, listener VARCHAR, track VARCHAR, ms_played BIGINT, skipped BOOLEAN);
            INSERT INTO central.spotify_streams VALUES
                ('2018-12-31 23:59:59.999', 'ben', NULL, 0, false),
                ('2019-03-01 00:00:00', 'ana', 'Hyperballad', 240000, false),
                ('2019-03-01 00:00:00', 'ana', 'Hyperballad', 240000, false),
                ('2019-03-17 12:30:00.5', 'ana', 'Jóga', 1000, true),
                ('2019-03-31 23:59:59.999999', 'cy', 'Say "hi", then
            leave', 5, NULL),
                ('2019-04-01 00:00:00', 'ben', 'It''s Oh So Quiet', 215000, false),
                (NULL, 'cy', 'No date', 1, false),
                (NULL, NULL, NULL, NULL, NULL);
            CREATE TABLE analytics.songplays (songplay_id BIGINT, start_time TIMESTAMP, user_id INTEGER, level VARCHAR, length DOUBLE PRECISION);
            INSERT INTO analytics.songplays VALUES
                (1000000001, '2018-11-01 21:01:46.796', 8, 'free', 218.93179),
                (1000000002, '2018-11-30 23:59:59', 8, 'paid', 0.1),
                (2000000001, '2018-12-01 00:00:00', 26, 'free', NULL);
            CREATE TABLE analytics.users (user_id INTEGER, first_name VARCHAR, level VARCHAR, registered DATE, balance DECIMAL(10, 2));
            INSERT INTO analytics.users VALUES
                (8, 'Kaylee', 'paid', '2018-10-24', 12.50),
                (26, 'Ryan', 'free', NULL, -0.01),
                (101, 'Björk', NULL, '2018-11-30', NULL);
            """;

    private TestingLake() {
    }

    static void createTables(Connection warehouse) throws SQLException {
        SqlScript.execute(warehouse, TABLES);
    }

    /** An in-memory DuckDB to read lake files with. */
    static Connection reader() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    /**
     * The SQL that reads the files {@code glob} (of {@code format}) of a table of {@code tables}, without Hive partition
     * columns. JSON holds timestamps as text ({@code 2019-03-17 12:30:00.5}), which DuckDB's type detection leaves
     * text when their fractions differ in length: a reader states the types, here the warehouse table's.
     */
    static String read(Path glob, LakeFormat format, List<LakeTable> tables) {
        String path = glob.toString().replace("'", "''");
        if (format == LakeFormat.PARQUET) {
            return "SELECT * FROM read_parquet('" + path + "', hive_partitioning = false)";
        }
        LakeTable table = tables.stream().filter(t -> glob.toString().replace('\\', '/').contains("/" + t.folder() + "/")).findFirst().orElseThrow();
        String columns = table.columns().stream().map(c -> "'" + c.name() + "': '" + c.type() + "'").collect(Collectors.joining(", "));
        return "SELECT * FROM read_json('" + path + "', format = 'newline_delimited', hive_partitioning = false, columns = {" + columns + "})";
    }

    /** The rows of the files {@code glob} of a table of {@code tables}, as {@link TableDump} renders them. */
    static List<String> dump(Path glob, LakeFormat format, List<LakeTable> tables) throws SQLException {
        try (Connection reader = reader()) {
            return TableDump.of(reader, read(glob, format, tables));
        }
    }

    /** Every file below {@code lake}: relative path (with /) to its identity and time of last change. */
    static Map<String, String> files(Path lake) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(lake)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                files.put(lake.relativize(path).toString().replace('\\', '/'), attributes.fileKey() + " " + attributes.lastModifiedTime());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
