package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import soundstage.core.FileKind;
import soundstage.core.IngestSummary;
import soundstage.core.LostConnection;
import soundstage.core.OpenOptions;
import soundstage.core.Progress;
import soundstage.core.ReadPool;
import soundstage.core.UserException;
import soundstage.core.Warehouse;
import soundstage.core.WarehouseFactory;
import soundstage.testing.SparkifyFixtures;
import soundstage.testing.TestPostgres;

/**
 * The server ends the session while a file streams in through COPY (an administrator's
 * pg_terminate_backend, a restart). pgjdbc keeps the connection reserved for the broken copy,
 * and the batch's rollback used to wait for it forever: {@code ingest} hung. Now it fails within
 * seconds, says the connection was lost, keeps nothing of the batch, and the same ingest run
 * again loads everything.
 */
class TestPostgresLostSession {
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private String address;
    private Warehouse warehouse;

    @BeforeEach
    void open() throws SQLException {
        address = TestPostgres.newDatabase();
        warehouse = WarehouseFactory.openAny(address);
    }

    @AfterEach
    void close() {
        if (warehouse != null) {   // null when no server was given: the tests were skipped
            warehouse.close();
        }
    }

    /**
     * A COPY the server cancels (a statement_timeout of the role or database) failed with pgjdbc's
     * "Ending write to copy failed", which hid why: the server's reason is the failure now.
     */
    @Test
    void aCopyCancelledByAStatementTimeoutSaysSo() throws Exception {
        Path file = SparkifyFixtures.writeManyEvents(dir.resolve("2018-11-01-events.json"), 300_000);
        Path plays = manyPlays(dir.resolve("Streaming_History_Audio_2020_0.json"), 200_000);
        warehouse.close();
        try (Connection admin = TestPostgres.connect(address); Statement statement = admin.createStatement()) {
            statement.execute("ALTER DATABASE " + PostgresAddress.parse(address, System.getenv()).database() + " SET statement_timeout = '100ms'");
        }
        warehouse = WarehouseFactory.openAny(address);
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(file), Progress.NONE))
                .hasMessageContaining("cannot load the batch: ERROR: canceling statement due to statement timeout");
        assertThatThrownBy(() -> warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(plays), Progress.NONE))
                .hasMessageContaining("COPY into source.spotify_streams failed: ERROR: canceling statement due to statement timeout");
        assertThat(count("SELECT count(*) FROM source.sparkify_events")).isZero();
        assertThat(count("SELECT count(*) FROM source.spotify_streams")).isZero();
        assertThat(count("SELECT count(*) FROM meta.files")).isZero();
    }

    @Test
    void sparkifyEventsIngestFailsAtOnceAndLoadsWhenRunAgain() throws Exception {
        int lines = 300_000;
        Path file = SparkifyFixtures.writeManyEvents(dir.resolve("2018-11-01-events.json"), lines);
        failsWhenTheSessionEndsDuringCopy(FileKind.SPARKIFY_EVENTS, file);

        IngestSummary again = warehouse.ingest(FileKind.SPARKIFY_EVENTS, List.of(file), Progress.NONE);
        assertThat(again.loaded()).isEqualTo(1);
        assertThat(again.rows()).isEqualTo(lines);
        assertThat(count("SELECT count(*) FROM source.sparkify_events")).isEqualTo(lines);
    }

    @Test
    void spotifyExportIngestFailsAtOnceWithoutAStackTraceFromItsReadersAndLoadsWhenRunAgain() throws Exception {
        int plays = 200_000;
        Path file = manyPlays(dir.resolve("Streaming_History_Audio_2020_0.json"), plays);
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();   // a reader thread's failure, printed with its stack trace
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        try {
            failsWhenTheSessionEndsDuringCopy(FileKind.SPOTIFY_EXPORT, file);
            Thread.sleep(200);   // readers stop after the loader failed
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
        assertThat(uncaught).isEmpty();

        IngestSummary again = warehouse.ingest(FileKind.SPOTIFY_EXPORT, List.of(file), Progress.NONE);
        assertThat(again.loaded()).isEqualTo(1);
        assertThat(again.rows()).isEqualTo(plays);
        assertThat(count("SELECT count(*) FROM source.spotify_streams")).isEqualTo(plays);
    }

    /**
     * After its session was ended, the warehouse's connection failed every later call ("This
     * connection has been closed") for as long as the process ran, so a retry could not succeed.
     * The statement running then still fails (its transaction is gone), and the next call runs on a
     * new session that holds the writer lock again.
     */
    @Test
    void theCallAfterALostSessionRunsOnANewSessionThatHoldsTheWriterLock() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        warehouse.close();
        warehouse = PostgresWarehouse.open(address, OpenOptions.DEFAULTS.withNotices(notices::add));
        int first = warehouse.connection().unwrap(PGConnection.class).getBackendPID();
        try (Connection admin = TestPostgres.connect(TestPostgres.admin()); Statement statement = admin.createStatement()) {
            statement.executeQuery("SELECT pg_terminate_backend(" + first + ")").close();
        }

        assertThatThrownBy(() -> count("SELECT count(*) FROM meta.files")).satisfies(e -> assertThat(LostConnection.in(e)).isTrue());
        assertThat(count("SELECT count(*) FROM meta.files")).isZero();
        int second = warehouse.connection().unwrap(PGConnection.class).getBackendPID();
        assertThat(second).isNotEqualTo(first);
        assertThat(notices).containsExactly("lost the warehouse's session " + first + " (what it had not committed was rolled back); reconnected as session " + second);
        assertThatThrownBy(() -> WarehouseFactory.openAny(address).close()).isInstanceOf(UserException.class).hasMessageContaining("is being written by");
        assertThat(warehouse.connection().isClosed()).isFalse();

        // Lost again, and another writer takes the warehouse before it is reopened: said so.
        try (Connection admin = TestPostgres.connect(TestPostgres.admin()); Statement statement = admin.createStatement()) {
            statement.executeQuery("SELECT pg_terminate_backend(" + second + ")").close();
        }
        assertThatThrownBy(() -> count("SELECT count(*) FROM meta.files")).satisfies(e -> assertThat(LostConnection.in(e)).isTrue());
        try (PostgresWarehouse other = PostgresWarehouse.open(address)) {
            assertThatThrownBy(() -> count("SELECT count(*) FROM meta.files")).isInstanceOf(UserException.class)
                    .hasMessageStartingWith("The warehouse's session was lost, and another writer took the warehouse before it could be reopened. Warehouse '")
                    .hasMessageContaining("is being written by");
        }
        assertThat(count("SELECT count(*) FROM meta.files")).isZero();   // that writer is gone: reopened
        warehouse.close();
        assertThat(warehouse.connection().isClosed()).isTrue();
    }

    /**
     * A model running beside others writes on a worker session, while the writer lock stays with
     * the warehouse's own session. When both were lost, the worker's next session first opens the
     * warehouse's own again, which takes the lock back: so a worker never writes while another
     * writer holds the warehouse, and says so instead.
     */
    @Test
    void aWorkerSessionWritesOnlyWhileTheWarehousesOwnSessionHoldsTheWriterLock() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        warehouse.close();
        warehouse = PostgresWarehouse.open(address, OpenOptions.DEFAULTS.withNotices(notices::add));
        try (Connection worker = warehouse.openWorker()) {
            assertThat(text(worker, "SHOW jit")).isEqualTo("off");
            assertThat(text(worker, "SHOW work_mem")).isEqualTo("64MB");
            int writer = warehouse.connection().unwrap(PGConnection.class).getBackendPID();
            terminate(writer);
            terminate(worker.unwrap(PGConnection.class).getBackendPID());
            assertThatThrownBy(() -> text(worker, "SELECT count(*) FROM meta.files")).satisfies(e -> assertThat(LostConnection.in(e)).isTrue());

            try (PostgresWarehouse other = PostgresWarehouse.open(address)) {   // the lock was free: another process took it
                assertThatThrownBy(() -> text(worker, "SELECT count(*) FROM meta.files")).isInstanceOf(UserException.class)
                        .hasMessageStartingWith("The warehouse's session was lost, and another writer took the warehouse before it could be reopened.");
            }
            assertThat(text(worker, "SELECT count(*) FROM meta.files")).isEqualTo("0");
            assertThat(warehouse.connection().unwrap(PGConnection.class).getBackendPID()).isNotEqualTo(writer);
            assertThat(notices).hasSize(2).anyMatch(notice -> notice.startsWith("lost the warehouse's session " + writer + " "))
                    .anyMatch(notice -> notice.startsWith("lost a model's session "));
            assertThatThrownBy(() -> WarehouseFactory.openAny(address).close()).isInstanceOf(UserException.class).hasMessageContaining("is being written by");
        }
    }

    /**
     * Only the writer's session is lost (an idle timeout, a dropped connection) while a model
     * works on its own session: the writer lock went with it, but the model's session still holds
     * the work lock, so another writer is refused, naming this process, until that session ends;
     * the model writes on meanwhile, and the writer's session comes back with the lock.
     */
    @Test
    void whileAModelSessionWorksNoOtherWriterTakesTheWarehouseEvenWhenTheWritersSessionWasLost() throws Exception {
        try (Connection worker = warehouse.openWorker()) {
            int writer = warehouse.connection().unwrap(PGConnection.class).getBackendPID();
            terminate(writer);

            assertThatThrownBy(() -> PostgresWarehouse.open(address).close()).isInstanceOf(UserException.class)
                    .hasMessageContaining("is being written by").hasMessageContaining("pid " + ProcessHandle.current().pid());
            try (Statement statement = worker.createStatement()) {
                statement.execute("CREATE TABLE staging.written_by_a_model AS SELECT 1 AS a");
            }
            assertThatThrownBy(() -> text(warehouse.connection(), "SELECT count(*) FROM meta.files")).satisfies(e -> assertThat(LostConnection.in(e)).isTrue());
            assertThat(text(warehouse.connection(), "SELECT count(*) FROM meta.files")).as("the writer's session, opened again").isEqualTo("0");
            assertThat(warehouse.connection().unwrap(PGConnection.class).getBackendPID()).isNotEqualTo(writer);
        }
        assertThatThrownBy(() -> PostgresWarehouse.open(address).close()).isInstanceOf(UserException.class).hasMessageContaining("is being written by");
        warehouse.close();
        try (PostgresWarehouse next = PostgresWarehouse.open(address)) {
            assertThat(text(next.connection(), "SELECT count(*) FROM staging.written_by_a_model")).isEqualTo("1");
        }
    }

    private static void terminate(int backend) throws SQLException {
        try (Connection admin = TestPostgres.connect(TestPostgres.admin()); Statement statement = admin.createStatement()) {
            statement.executeQuery("SELECT pg_terminate_backend(" + backend + ")").close();
        }
    }

    private static String text(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    /**
     * A server restart ends every session of a read pool ({@code serve}'s) at once. A read that
     * failed on one was retried on another idle one, ended too, and failed: after a restart the
     * dashboard answered HTTP 500 until each pooled session had failed once. The retry now
     * opens a new session, so no read fails.
     */
    @Test
    void readsAfterEveryPooledSessionWasEndedAllSucceed() throws Exception {
        int size = 4;
        try (ReadPool pool = WarehouseFactory.openReadPoolAny(address, OpenOptions.DEFAULTS.withReadOnly(true), size)) {
            CountDownLatch together = new CountDownLatch(size);
            List<CompletableFuture<Integer>> reads = IntStream.range(0, size).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.read(connection -> {
                        together.countDown();
                        try {
                            together.await();   // all at once: the pool opens a session for each
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return connection.unwrap(PGConnection.class).getBackendPID();
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            })).toList();
            Set<Integer> sessions = reads.stream().map(CompletableFuture::join).collect(Collectors.toSet());
            assertThat(sessions).hasSize(size);
            try (Connection admin = TestPostgres.connect(TestPostgres.admin()); Statement statement = admin.createStatement()) {
                for (int backend : sessions) {
                    statement.executeQuery("SELECT pg_terminate_backend(" + backend + ")").close();
                }
            }

            for (int i = 0; i < size + 1; i++) {
                long files = pool.read(connection -> {
                    try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("SELECT count(*) FROM meta.files")) {
                        row.next();
                        return row.getLong(1);
                    }
                });
                assertThat(files).isZero();
            }
        }
    }

    /** Ingests {@code file} while another session terminates this one mid-COPY; then reopens the warehouse. */
    private void failsWhenTheSessionEndsDuringCopy(FileKind kind, Path file) throws Exception {
        CompletableFuture<String> terminated = TestPostgres.terminateWhenRunning(address, "COPY %");
        Throwable failure = assertTimeoutPreemptively(AT_MOST, () -> {
            try {
                warehouse.ingest(kind, List.of(file), Progress.NONE);
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }, "ingest hung after its session was terminated");
        assertThat(terminated.get()).startsWith("COPY ");
        assertThat(failure).isNotNull();
        assertThat(LostConnection.in(failure)).as("a lost connection: %s", failure).isTrue();

        warehouse.close();
        warehouse = WarehouseFactory.openAny(address);
        assertThat(count("SELECT count(*) FROM meta.files")).isZero();
        assertThat(count("SELECT count(*) FROM meta.quarantine")).isZero();
        assertThat(count("SELECT count(*) FROM " + kind.sourceTable())).isZero();
    }

    /** An extended streaming-history file of {@code plays} plays of one listener. */
    private static Path manyPlays(Path file, int plays) throws java.io.IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("[");
            for (int i = 0; i < plays; i++) {
                out.write((i == 0 ? "" : ",\n") + "{\"ts\":\"2020-03-12T01:" + String.format("%02d:%02d", i / 60 % 60, i % 60) + "." + i
                        + "Z\",\"username\":\"alice\",\"ms_played\":" + (1000 + i) + ",\"master_metadata_track_name\":\"Track " + i
                        + "\",\"master_metadata_album_artist_name\":\"Artist\",\"skipped\":false}");
            }
            out.write("]\n");
        }
        return file;
    }

    private long count(String sql) throws SQLException {
        try (PreparedStatement statement = warehouse.connection().prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }
}
