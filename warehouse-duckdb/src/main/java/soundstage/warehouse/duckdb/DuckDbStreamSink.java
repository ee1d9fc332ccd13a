package soundstage.warehouse.duckdb;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import soundstage.ingest.spotify.SpotifyColumn;
import soundstage.ingest.spotify.StreamRow;
import soundstage.ingest.spotify.StreamSink;
import soundstage.ingest.spotify.TimestampText;

/**
 * Loads Spotify plays into {@code source.spotify_streams} through a CSV file that the readers
 * encode in parallel and DuckDB reads in parallel with one {@code INSERT ... SELECT} at the end
 * of the batch, in the open transaction. (The appender flushes every 2,048 rows into the table,
 * which made it three times slower for these wide rows.) The file lives in DuckDB's own temporary
 * directory, next to the warehouse, and is deleted when the batch is loaded, or, when the process
 * was killed first, by the next Spotify ingest ({@link #removeLeftovers}).
 */
final class DuckDbStreamSink implements StreamSink {
    private static final SpotifyColumn[] COLUMNS = SpotifyColumn.values();
    /** The columns of source.spotify_streams with their types, in order, as read_csv takes them. */
    private static final String CSV_COLUMNS = Stream.of(
                    Stream.of("'file_id': 'INTEGER'", "'record_no': 'BIGINT'", "'line_no': 'BIGINT'", "'listener': 'VARCHAR'",
                            "'history': 'VARCHAR'", "'file_content': 'VARCHAR'"),
                    Stream.of(COLUMNS).map(c -> "'" + c.column() + "': '" + sqlType(c.type()) + "'"),
                    Stream.of("'raw': 'VARCHAR'"))
            .flatMap(s -> s).collect(Collectors.joining(", ", "{", "}"));

    private final Connection connection;
    private final Path file;
    private final OutputStream out;

    DuckDbStreamSink(Connection connection) throws SQLException {
        this.connection = connection;
        try {
            Path directory = Path.of(temporaryDirectory(connection));
            Files.createDirectories(directory);
            this.file = Files.createTempFile(directory, "spotify-batch-", ".csv");
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new SQLException("cannot write the batch file in DuckDB's temporary directory: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the batch files a writer of this warehouse left when it was killed (they hold the
     * plays as read, personal data included, which must live nowhere but the source layer and
     * the quarantine). Only in the warehouse's own temporary directory ({@code <warehouse>.tmp},
     * DuckDB's default), where the writer lock this process holds says no other writer is at work.
     */
    static void removeLeftovers(Connection connection, Path warehouse) throws SQLException {
        Path directory = Path.of(temporaryDirectory(connection)).toAbsolutePath().normalize();
        if (!directory.equals(Path.of(warehouse + ".tmp").toAbsolutePath().normalize()) || !Files.isDirectory(directory)) {
            return;
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, "spotify-batch-*.csv")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            throw new SQLException("cannot delete the batch files a stopped ingest left in " + directory + ": " + e.getMessage()
                    + "; delete its spotify-batch-*.csv files by hand", e);
        }
    }

    private static String temporaryDirectory(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_setting('temp_directory')")) {
            row.next();
            String directory = row.getString(1);
            return directory == null || directory.isEmpty() ? System.getProperty("java.io.tmpdir") : directory;
        }
    }

    private static String sqlType(SpotifyColumn.Type type) {
        return switch (type) {
            case TEXT -> "VARCHAR";
            case LONG -> "BIGINT";
            case BOOLEAN -> "BOOLEAN";
            case DOUBLE -> "DOUBLE";
            case TIME -> "TIMESTAMP";
        };
    }

    @Override
    public Encoder encoder(OutputStream chunks) {
        CsvRowWriter csv = new CsvRowWriter(chunks);
        return new Encoder() {
            @Override
            public void write(StreamRow row) throws IOException {
                csv.plain(Integer.toString(row.fileId())).plain(Long.toString(row.recordNo())).plain(Long.toString(row.lineNo()))
                        .text(row.listener()).text(row.history()).text(row.fileContent());
                Object[] values = row.values();
                for (SpotifyColumn column : COLUMNS) {
                    Object value = values[column.ordinal()];
                    if (value == null) {
                        csv.plain(null);
                    } else if (column.type() == SpotifyColumn.Type.TEXT) {
                        csv.text((String) value);
                    } else if (column.type() == SpotifyColumn.Type.TIME) {
                        csv.plain(TimestampText.of((Long) value));
                    } else {
                        csv.plain(value.toString());
                    }
                }
                csv.text(row.raw());
                csv.endRow();
            }

            @Override
            public void flush() throws IOException {
                csv.flush();
            }
        };
    }

    @Override
    public void write(byte[] chunk) throws SQLException {
        try {
            out.write(chunk);
        } catch (IOException e) {
            throw new SQLException("cannot write the batch file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            out.close();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO source.spotify_streams SELECT * FROM read_csv(?, "
                    + "header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', allow_quoted_nulls = false, "
                    + "max_line_size = 16777216, columns = " + CSV_COLUMNS + ")")) {
                insert.setString(1, file.toString());
                insert.execute();
            }
        } catch (IOException e) {
            throw new SQLException("cannot write the batch file " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // left in the warehouse's temporary directory: the next Spotify ingest deletes it (removeLeftovers)
            }
        }
    }
}
