package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.testing.TestPostgres;
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

    /**
     * The times the tool writes are UTC whatever the zone of the writing process: a run started in
     * Tokyo (UTC+9) was recorded 9 hours after one started a minute earlier in UTC, and the run
     * history read out of order.
     */
    @Test
    void onDuckDbRunTimesAreUtcWhateverTheZoneOfTheProcessThatWritesThem() throws Exception {
        assertRunTimesAreUtc(dir.resolve("w.duckdb").toString());
    }

    @Test
    void onPostgresRunTimesAreUtcWhateverTheZoneOfTheProcessThatWritesThem() throws Exception {
        assertRunTimesAreUtc(TestPostgres.newDatabase());
    }

    private void assertRunTimesAreUtc(String warehouse) throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (String zone : List.of("Asia/Tokyo", "America/Los_Angeles")) {
            Process child = CliProcess.start(Map.of("TZ", zone), dir.resolve("tz.log"), "run", "-w", warehouse);
            assertThat(child.waitFor()).as("%s", Files.readString(dir.resolve("tz.log"))).isZero();
        }
        Instant after = Instant.now().plusSeconds(1);
        List<String> lines = Cli.ok("sql", "-w", warehouse, "SELECT started_at, finished_at FROM meta.runs ORDER BY run_id").out().lines().skip(1).toList();
        assertThat(lines).hasSize(2);
        for (String line : lines) {
            for (String time : line.split(",")) {
                assertThat(LocalDateTime.parse(time.replace(' ', 'T')).toInstant(ZoneOffset.UTC)).as(line).isBetween(before, after);
            }
        }
    }
}
