package soundstage.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.Progress;
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
        try (Warehouse duckdb = DuckDbWarehouse.open(dir.resolve("w.duckdb"));
             Warehouse postgres = PostgresWarehouse.open(TestPostgres.newDatabase())) {
            TestingLake.createTables(duckdb.connection());
            TestingLake.createTables(postgres.connection());
            List<LakeTable> tables = TableCatalog.read(duckdb.connection());
            for (LakeFormat format : LakeFormat.values()) {
                Path fromDuckDb = dir.resolve("duckdb-" + format);
                Path fromPostgres = dir.resolve("postgres-" + format);
                ExportSummary duckdbSummary = new LakeExporter(duckdb).export(fromDuckDb, format, Progress.NONE);
                ExportSummary postgresSummary = new LakeExporter(postgres).export(fromPostgres, format, Progress.NONE);

                List<String> files = TestingLake.files(fromDuckDb).keySet().stream().filter(f -> f.endsWith("/" + format.fileName())).toList();
                assertThat(files).hasSize(7);
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
