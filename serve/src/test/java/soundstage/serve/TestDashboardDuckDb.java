package soundstage.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import soundstage.core.FileKind;
import soundstage.core.OpenOptions;
import soundstage.core.Progress;
import soundstage.core.ReadPool;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.transform.RunLog;

class TestDashboardDuckDb extends BaseDashboardTest {
    @Override
    protected String newWarehouse(Path dir) {
        return dir.resolve("served.duckdb").toString();
    }

    /**
     * A DuckDB warehouse deleted under a running server: 503 with the reason in the server's log
     * (it was 500 until the server restarted), then served again once it is built again.
     */
    @Test
    void aWarehouseDeletedUnderTheServerIs503UntilItIsBuiltAgain() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("deleted"));
        Path file = folder.resolve("w.duckdb");
        Path events = Files.writeString(folder.resolve("2018-11-01-events.json"), HOME_EVENT);
        ingestOnce(file, events);
        List<String> lines = new ArrayList<>();
        try (ReadPool readers = WarehouseFactory.openReadPoolAny(file.toString(), OpenOptions.DEFAULTS, 2);
             DashboardServer server = serve(readers, lines::add)) {
            assertThat(DashboardFixture.get(server.url(), "/api/runs").statusCode()).isEqualTo(200);
            try (var files = Files.list(folder)) {
                for (Path path : files.filter(path -> path.getFileName().toString().startsWith("w.duckdb")).toList()) {
                    Files.delete(path);
                }
            }
            HttpResponse<String> gone = DashboardFixture.get(server.url(), "/api/runs");
            assertThat(gone.statusCode()).isEqualTo(503);
            assertThat(new ObjectMapper().readTree(gone.body()).get("error").asText())
                    .isEqualTo("the warehouse cannot be read right now; the server's log says why; try again in a moment");
            assertThat(lines).containsExactly("dashboard: /api/runs failed: the warehouse " + file + " is gone (deleted or moved): "
                    + "put it back, or build it again at that path; it is read again then");
            ingestOnce(file, events);
            assertThat(DashboardFixture.get(server.url(), "/api/runs").statusCode()).isEqualTo(200);
        }
    }

    /**
     * The warehouse file deleted, its snapshot left: 503 as well (it was served as if nothing had
     * happened). Another warehouse put in its place: served within seconds (it was served as it
     * had been until the next writer finished, which for a replaced file may be never).
     */
    @Test
    void aWarehouseDeletedOrReplacedUnderItsSnapshotIsSeen() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("replaced"));
        Path file = folder.resolve("w.duckdb");
        Path events = Files.writeString(folder.resolve("2018-11-01-events.json"), HOME_EVENT);
        ingestOnce(file, events);
        Path other = folder.resolve("other.duckdb");
        ingestOnce(other, events);
        ingestOnce(other, Files.writeString(folder.resolve("2018-11-02-events.json"), "{\"ts\":1541192506796,\"page\":\"Home\"}\n"));
        List<String> lines = new ArrayList<>();
        try (ReadPool readers = WarehouseFactory.openReadPoolAny(file.toString(), OpenOptions.DEFAULTS, 2);
             DashboardServer server = serve(readers, lines::add)) {
            assertThat(runs(server)).isEqualTo(1);
            Path aside = Files.move(file, folder.resolve("aside.duckdb"));
            assertThat(DashboardFixture.get(server.url(), "/api/runs").statusCode()).isEqualTo(503);
            assertThat(lines).last().asString().endsWith("the warehouse " + file + " is gone (deleted or moved): put it back, or build it again at that path; it is read again then");
            Files.move(aside, file);
            assertThat(runs(server)).isEqualTo(1);

            Thread.sleep(2100);   // the warehouse is looked at every 2 s at most
            Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);   // as `mv other.duckdb w.duckdb` does
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (runs(server) != 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(runs(server)).isEqualTo(2);
        }
    }

    private static int runs(DashboardServer server) throws Exception {
        HttpResponse<String> runs = DashboardFixture.get(server.url(), "/api/runs");
        assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
        return new ObjectMapper().readTree(runs.body()).get("rows").size();
    }

    /**
     * A check's latest result is its latest run's, not the one with the latest time: results
     * written before the tool wrote UTC hold the writer's local time, so east of UTC a result of an
     * older run looked hours newer and the dashboard showed it instead of the last run's.
     */
    @Test
    void aChecksLatestResultIsItsLatestRunsWhateverItsTime() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("zones"));
        Path file = folder.resolve("w.duckdb");
        ingestOnce(file, Files.writeString(folder.resolve("2018-11-01-events.json"), HOME_EVENT));
        try (Warehouse writer = WarehouseFactory.openAny(file.toString()); Statement statement = writer.connection().createStatement()) {
            statement.execute("INSERT INTO meta.check_results VALUES (1, TIMESTAMP '2026-12-07 14:00:00', 'users_key', 'd', true, 1, 'FAIL', 'in Tokyo time'),"
                    + " (2, TIMESTAMP '2026-12-07 05:30:00', 'users_key', 'd', true, 0, 'pass', 'in UTC')");
        }
        try (ReadPool readers = WarehouseFactory.openReadPoolAny(file.toString(), OpenOptions.DEFAULTS, 2);
             DashboardServer server = serve(readers, line -> { })) {
            HttpResponse<String> checks = DashboardFixture.get(server.url(), "/api/checks?format=csv");
            assertThat(List.of(checks.body().split("\r\n"))).hasSize(2).last().asString().startsWith("users_key,pass,true,0,in UTC,2,");
        }
    }

    /** A day's file of one event. */
    private static final String HOME_EVENT = "{\"ts\":1541106106796,\"page\":\"Home\"}\n";

    /** A server of {@code readers} on a free loopback port, without a token, its log lines to {@code log}. */
    private static DashboardServer serve(ReadPool readers, Consumer<String> log) {
        return DashboardServer.start(readers, new DashboardServer.Settings("127.0.0.1", 0, Optional.empty()), log);
    }

    /** One ingest of {@code events}, recorded as the ingest command records itself. */
    private static void ingestOnce(Path file, Path events) throws Exception {
        try (Warehouse writer = WarehouseFactory.openAny(file.toString())) {
            RunLog runs = new RunLog(writer.connection());
            int run = runs.start("ingest");
            writer.ingest(FileKind.SPARKIFY_EVENTS, List.of(events), Progress.NONE);
            runs.finish(run, true, "1 file");
        }
    }
}
