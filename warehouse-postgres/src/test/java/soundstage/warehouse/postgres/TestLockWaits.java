package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.OpenOptions;
import soundstage.core.Progress;
import soundstage.testing.SparkifyFixtures;
import soundstage.testing.TestPostgres;
import soundstage.transform.Pipeline;
import soundstage.transform.RunReport;

/**
 * A BI tool's session left idle in a transaction after reading a table holds a lock that a
 * model rebuilding the table waits for, without a timeout. The run used to stand still without
 * a word; now a line names the session it waits for, and the run goes on when that session ends
 * its transaction.
 */
class TestLockWaits {
    @TempDir
    Path dir;

    @Test
    void aRunWaitingForABiSessionsLockNamesThatSession() throws Exception {
        String address = TestPostgres.newDatabase();
        List<String> notices = new CopyOnWriteArrayList<>();
        OpenOptions options = OpenOptions.DEFAULTS.withCommand("soundstage run").withNotices(notices::add);
        try (PostgresWarehouse warehouse = PostgresWarehouse.open(address, options);
             Connection bi = TestPostgres.connect(address)) {
            Path fixtures = SparkifyFixtures.copyTo(dir);
            warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(fixtures.resolve("log_data/2018/11/2018-11-01-events.json")), Progress.NONE);
            new Pipeline(warehouse).run();

            int biBackend;
            try (Statement statement = bi.createStatement()) {
                statement.execute("SET application_name = 'Metabase'");
                bi.setAutoCommit(false);
                try (ResultSet backend = statement.executeQuery("SELECT pg_backend_pid(), count(*) FROM analytics.songplays")) {
                    backend.next();
                    biBackend = backend.getInt(1);
                }
            }
            CompletableFuture<RunReport> refresh = CompletableFuture.supplyAsync(() -> {
                try {
                    return new Pipeline(warehouse).run(Progress.NONE, true);   // drops and makes analytics.songplays again
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Instant deadline = Instant.now().plus(LockWaits.PERIOD.multipliedBy(4));
            while (notices.stream().noneMatch(notice -> notice.startsWith("waiting for a lock")) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(refresh).isNotDone();
            assertThat(notices).filteredOn(notice -> notice.startsWith("waiting for a lock")).singleElement().asString()
                    .contains("on analytics.songplays that session " + biBackend + " (user ", "application 'Metabase'",
                            "idle in a transaction begun ")
                    .contains("soundstage run goes on when that session commits or rolls back (SELECT pg_terminate_backend(" + biBackend + ")");

            bi.rollback();
            assertThat(refresh.get(60, TimeUnit.SECONDS).passed()).isTrue();
            assertThat(notices).filteredOn(notice -> notice.startsWith("waiting for a lock")).hasSize(1);   // said once
        }
    }
}
