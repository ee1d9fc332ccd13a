package soundstage.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.Progress;
import soundstage.core.SqlScript;
import soundstage.core.Warehouse;
import soundstage.testing.TableDump;
import soundstage.testing.TestPostgres;
import soundstage.warehouse.duckdb.DuckDbWarehouse;
import soundstage.warehouse.postgres.PostgresWarehouse;

/** The same tables in a DuckDB and in a PostgreSQL warehouse give the same lake: the same files, rows and bytes. */
class TestLakeAcrossDialects {
    @TempDir
    Path dir;

    @Test
    void theSameTablesGiveTheSameFilesOnEveryDialect() throws Exception {
        assertSameLakes("", 7);
    }

    /**
     * infinity and -infinity, which both dialects' dates and timestamps hold: PostgreSQL's driver
     * gives them as java.time's MAX and MIN, which DuckDB's range does not hold; a partition
     * column's are in the NULL partition on both (PostgreSQL failed to fingerprint them).
     */
    @Test
    void infiniteDatesGiveTheSameFilesOnEveryDialect() throws Exception {
        assertSameLakes("""
                INSERT INTO central.spotify_streams VALUES ('infinity', 'dee', 'After time', 2, false), ('-infinity', 'dee', 'Before time', 3, true);
                UPDATE analytics.users SET registered = 'infinity' WHERE user_id = 8;
                UPDATE analytics.users SET registered = '-infinity' WHERE user_id = 26;
                CREATE TABLE analytics.instants (happened TIMESTAMP WITH TIME ZONE, n INTEGER);
                INSERT INTO analytics.instants VALUES ('infinity', 1), ('-infinity', 2), ('2019-03-01 12:00:00+00', 3);
                """, 8);
    }

    /** Creates {@link TestingLake#TABLES} in both dialects, runs {@code changes} on both, and compares their lakes in every format. */
    private void assertSameLakes(String changes, int filesPerLake) throws Exception {
        try (Warehouse duckdb = DuckDbWarehouse.open(dir.resolve("w.duckdb"));
             Warehouse postgres = PostgresWarehouse.open(TestPostgres.newDatabase())) {
            for (Warehouse warehouse : List.of(duckdb, postgres)) {
                TestingLake.createTables(warehouse.connection());
                if (!changes.isEmpty()) {
                    SqlScript.execute(warehouse.connection(), changes);
                }
            }
            List<LakeTable> tables = TableCatalog.read(duckdb.connection());
            for (LakeFormat format : LakeFormat.values()) {
                Path fromDuckDb = dir.resolve("duckdb-" + format);
                Path fromPostgres = dir.resolve("postgres-" + format);
                ExportSummary duckdbSummary = new LakeExporter(duckdb).export(fromDuckDb, format, Progress.NONE);
                ExportSummary postgresSummary = new LakeExporter(postgres).export(fromPostgres, format, Progress.NONE);

                List<String> files = TestingLake.files(fromDuckDb).keySet().stream().filter(f -> f.endsWith("/" + format.fileName())).toList();
                assertThat(files).hasSize(filesPerLake);
                assertThat(TestingLake.files(fromPostgres).keySet()).containsExactlyElementsOf(TestingLake.files(fromDuckDb).keySet());
                assertThat(postgresSummary).isEqualTo(duckdbSummary);
                for (String file : files) {
                    try (var reader = TestingLake.reader()) {
                        assertThat(TableDump.of(reader, TestingLake.read(fromPostgres.resolve(file), format, tables))).as(file)
                                .containsExactlyElementsOf(TableDump.of(reader, TestingLake.read(fromDuckDb.resolve(file), format, tables)));
                    }
                    assertThat(Files.readAllBytes(fromPostgres.resolve(file))).as(file).isEqualTo(Files.readAllBytes(fromDuckDb.resolve(file)));
                }
            }
        }
    }
}
