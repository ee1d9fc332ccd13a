package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.transform.RunLog;
import soundstage.warehouse.duckdb.DuckDbWarehouse;

class TestRunLog {
    @TempDir
    Path dir;

    @Test
    void aRunLeftRunningByAKilledProcessIsMarkedFailedByTheNextCommand() throws Exception {
        Path file = dir.resolve("w.duckdb");
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(file)) {
            new RunLog(warehouse.connection()).start("run");   // never finished: the process "died"
        }
        try (DuckDbWarehouse warehouse = DuckDbWarehouse.open(file)) {
            RunLog log = new RunLog(warehouse.connection());
            int next = log.start("ingest sparkify-events");
            log.finish(next, true, "done");
            List<String> rows = new ArrayList<>();
            try (Statement statement = warehouse.connection().createStatement();
                 ResultSet runs = statement.executeQuery("SELECT run_id, command, status, detail FROM meta.runs ORDER BY run_id")) {
                while (runs.next()) {
                    rows.add(runs.getInt(1) + "|" + runs.getString(2) + "|" + runs.getString(3) + "|" + runs.getString(4));
                }
            }
            assertThat(rows).containsExactly(
                    "1|run|failed|interrupted: the process ended before it finished; what it had committed is kept, the rest was rolled back",
                    "2|ingest sparkify-events|succeeded|done");
        }
    }
}
