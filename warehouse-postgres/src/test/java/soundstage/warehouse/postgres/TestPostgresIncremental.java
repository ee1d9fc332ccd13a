package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.Progress;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.testing.BaseIncrementalTest;
import soundstage.testing.TestPostgres;
import soundstage.transform.Pipeline;

/** The shared incremental-run tests on a real PostgreSQL server, and what only PostgreSQL needs. */
class TestPostgresIncremental extends BaseIncrementalTest {
    @TempDir
    Path files;

    @Override
    protected String newWarehouse(Path dir) throws Exception {
        return TestPostgres.newDatabase();
    }

    /**
     * After a run, the planner knows the newest file's rows in the tables read by file range:
     * statistics PostgreSQL gathers only once a tenth of a table has changed would have them
     * missing, and it planned an increment's joins for one row (nested loops, 49 s at 1M).
     */
    @Test
    void theStatisticsOfTablesReadByFileKnowTheNewestFile() throws Exception {
        try (Warehouse warehouse = WarehouseFactory.openAny(TestPostgres.newDatabase())) {
            for (int day = 1; day <= 2; day++) {
                StringBuilder lines = new StringBuilder();
                for (int i = 0; i < 50; i++) {
                    lines.append(String.format(Locale.ROOT, "{\"artist\":\"A%d\",\"auth\":\"Logged In\",\"firstName\":\"F\",\"gender\":\"F\",\"itemInSession\":%d,"
                            + "\"lastName\":\"L\",\"length\":200.5,\"level\":\"free\",\"location\":\"X\",\"method\":\"PUT\",\"page\":\"NextSong\","
                            + "\"registration\":1.540344794796E12,\"sessionId\":%d,\"song\":\"S%d\",\"status\":200,\"ts\":%d,\"userAgent\":\"M\",\"userId\":\"%d\"}%n",
                            i, i, day, i, 1_541_030_400_000L + day * 86_400_000L + i * 1000L, 1 + i % 5));
                }
                Path file = Files.writeString(files.resolve("day-" + day + ".json"), lines);
                warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(file), Progress.NONE);
                new Pipeline(warehouse).run();
            }
            for (String table : List.of("staging.sparkify_events", "analytics.songplays")) {
                assertThat(fileIdsInStatistics(warehouse, table)).as(table).containsPattern("[{,]1[,}]").containsPattern("[{,]2[,}]");
            }
        }
    }

    /** The file ids pg_stats knows for table's file_id: its common values and histogram bounds. */
    private static String fileIdsInStatistics(Warehouse warehouse, String table) throws SQLException {
        String[] name = table.split("\\.");
        try (Statement statement = warehouse.connection().createStatement();
             ResultSet stats = statement.executeQuery("SELECT coalesce(most_common_vals::text, '') || coalesce(histogram_bounds::text, '') FROM pg_stats "
                     + "WHERE schemaname = '" + name[0] + "' AND tablename = '" + name[1] + "' AND attname = 'file_id'")) {
            return stats.next() ? stats.getString(1) : "";
        }
    }
}
