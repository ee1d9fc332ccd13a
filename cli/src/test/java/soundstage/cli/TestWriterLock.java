package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.OpenOptions;
import soundstage.core.ReadPool;
import soundstage.core.RunStatus;
import soundstage.core.WarehouseFactory;
import soundstage.testing.TestPostgres;

/**
 * One writer at a time, named to the next; readers work while it writes; a dead writer's lock is
 * taken over. The holder is another process, as in real use.
 */
class TestWriterLock {
    private static final String HOLDER = "soundstage run \\(pid (\\d+) on [^,]+, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)";

    @TempDir
    Path dir;
    private Process holder;
    private boolean holderOnPostgres;

    /** Also ends the sessions a PostgreSQL holder left inside their statements: else they keep its test database for ten minutes. */
    @AfterEach
    void killHolder() throws Exception {
        if (holder != null) {
            holder.destroyForcibly().waitFor();
            if (holderOnPostgres) {
                try (java.sql.Connection admin = TestPostgres.connect(TestPostgres.admin()); java.sql.Statement statement = admin.createStatement()) {
                    statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE '%(pid " + holder.pid() + " %'").close();
                }
            }
        }
    }

    @Test
    void onDuckDbASecondWriterIsRefusedNamingTheHolderReadersReadTheSnapshotAndADeadHoldersLockIsTakenOver() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        Path snapshot = warehouse.resolveSibling("w.duckdb.snapshot");
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        assertThat(snapshot).as("no one reads it yet: no snapshot").doesNotExist();
        hold(warehouse.toString());
        Cli.Result unreadable = Cli.run("status", "-w", warehouse);
        assertThat(unreadable.exitCode()).as("%s", unreadable).isEqualTo(2);
        assertThat(unreadable.errLines()).singleElement().asString().matches("soundstage: Warehouse '" + quoted(warehouse) + "' is being written by " + HOLDER
                + ", and it has no readers' snapshot \\(writers keep one once soundstage serve has made it, or with -Dsoundstage.duckdb.snapshot=always\\)\\. "
                + "Wait for it to finish and try again, or give --wait \\(e\\.g\\. --wait 10m\\) to wait for it\\.");
        // --wait: a reader without a snapshot waits for the file itself (it was refused at once)
        Cli.Result waitedToRead = Cli.run("--wait", "1s", "status", "-w", warehouse);
        assertThat(waitedToRead.exitCode()).as("%s", waitedToRead).isEqualTo(2);
        assertThat(waitedToRead.errLines()).hasSize(2);
        assertThat(waitedToRead.errLines().get(0)).matches("soundstage: waiting up to 1s for " + HOLDER + " to finish writing warehouse '" + quoted(warehouse)
                + "' \\(it has no readers' snapshot to read meanwhile\\)");
        assertThat(waitedToRead.errLines().get(1)).matches("soundstage: Warehouse '" + quoted(warehouse) + "' is still being written by " + HOLDER
                + " after waiting 1s, and it has no readers' snapshot .*\\. Try again later, or give a longer --wait\\.");
        holder.destroyForcibly().waitFor();
        WarehouseFactory.openReadPoolAny(warehouse.toString(), OpenOptions.DEFAULTS.withReadOnly(true), 1).close();   // what serve does first
        assertThat(snapshot).as("made for the reader").exists();
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));   // nothing new: the snapshot stays
        hold(warehouse.toString());

        Cli.Result refused = Cli.run("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data"));
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(2);
        assertThat(refused.errLines()).singleElement().asString().matches("soundstage: Warehouse '" + quoted(warehouse) + "' is being written by " + HOLDER.replace("(\\d+)", holder.pid() + "")
                + "\\. Wait for it to finish and try again, or give --wait \\(e\\.g\\. --wait 10m\\) to wait for it\\.");

        Cli.Result waited = Cli.run("--wait", "1s", "run", "-w", warehouse);
        assertThat(waited.exitCode()).as("%s", waited).isEqualTo(2);
        assertThat(waited.errLines()).hasSize(2);
        assertThat(waited.errLines().get(0)).matches("soundstage: waiting up to 1s for " + HOLDER + " to finish writing warehouse '" + quoted(warehouse) + "'");
        assertThat(waited.errLines().get(1)).matches("soundstage: Warehouse '" + quoted(warehouse) + "' is still being written by " + HOLDER
                + " after waiting 1s\\. Try again later, or give a longer --wait\\.");

        Cli.Result status = Cli.ok("status", "-w", warehouse);
        String snapshotNote = "soundstage: reading warehouse '" + quoted(warehouse) + "' as of the end of run \\d+ \\(ingest sparkify-songs, [-0-9: ]+\\), because " + HOLDER + " is writing it";
        assertThat(status.errLines()).singleElement().asString().matches(snapshotNote);
        assertThat(status.out()).containsPattern("sparkify-songs \\| loaded +\\|");
        Cli.Result query = Cli.ok("sql", "-w", warehouse, "SELECT count(*) AS songs FROM source.sparkify_songs");
        assertThat(query.errLines()).singleElement().asString().matches(snapshotNote);
        assertThat(query.outLines()).containsExactly("songs", "4");
        assertThat(Cli.run("sql", "-w", warehouse, "DELETE FROM source.sparkify_songs").exitCode()).isEqualTo(2);

        holder.destroyForcibly().waitFor();
        Cli.Result after = Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data/2018/11/2018-11-01-events.json"));
        assertThat(after.errLines()).singleElement().asString().matches("soundstage: taking over the writer lock of warehouse '" + quoted(warehouse) + "' from "
                + HOLDER + ", which ended without releasing it");
        assertThat(Cli.ok("status", "-w", warehouse).err()).isEmpty();
        assertThat(Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data")).err()).isEmpty();
        String events = "SELECT count(*) AS events FROM source.sparkify_events";
        java.util.List<String> loaded = Cli.ok("sql", "-w", warehouse, events).outLines();
        assertThat(loaded).hasSize(2).doesNotContain("0");
        hold(warehouse.toString());
        assertThat(Cli.ok("sql", "-w", warehouse, events).outLines()).as("the writer that took over brought the existing snapshot up to date")
                .isEqualTo(loaded);

        holder.destroyForcibly().waitFor();
        Cli.ok("sql", "-w", warehouse, "DELETE FROM source.sparkify_events WHERE line_no > 1");
        hold(warehouse.toString());
        assertThat(Cli.ok("sql", "-w", warehouse, events).outLines()).as("a write through sql brought the snapshot up to date").containsExactly("events", "1");
    }

    @Test
    void onPostgresASecondWriterIsRefusedNamingTheHolderReadersReadAndADeadHoldersSessionIsEndedAndItsLockTakenOver() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        String warehouse = TestPostgres.newDatabase();
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        hold(warehouse);
        String shown = "postgresql://[^']+";

        Cli.Result refused = Cli.run("run", "-w", warehouse);
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(2);
        assertThat(refused.errLines()).singleElement().asString().matches("soundstage: Warehouse '" + shown + "' is being written by " + HOLDER.replace("(\\d+)", holder.pid() + "")
                + "\\. Wait for it to finish and try again, or give --wait \\(e\\.g\\. --wait 10m\\) to wait for it\\.");

        Cli.Result status = Cli.ok("status", "-w", warehouse);
        assertThat(status.err()).isEmpty();
        assertThat(status.out()).containsPattern("sparkify-songs \\| loaded +\\|");
        assertThat(Cli.ok("sql", "-w", warehouse, "SELECT count(*) AS songs FROM source.sparkify_songs").outLines()).containsExactly("songs", "4");

        // Killed inside a statement, the holder leaves its session running, and holding the lock;
        // and its model's session too, holding a table the next run needs.
        long pid = holder.pid();
        holder.destroyForcibly().waitFor();
        Cli.Result after = Cli.ok("ingest", "-w", warehouse, "sparkify-events", data.resolve("log_data/2018/11/2018-11-01-events.json"));
        assertThat(after.errLines()).hasSize(2);
        assertThat(after.errLines().get(0)).matches("soundstage: took over the writer lock of warehouse '" + shown + "' from "
                + HOLDER + ", which no longer runs; its session \\(backend \\d+\\) was ended and its transaction rolled back");
        assertThat(after.errLines().get(1)).matches("soundstage: ended the sessions of " + HOLDER + " that still worked on warehouse '" + shown
                + "' \\(backends \\d+\\), which no longer runs; their transactions were rolled back");
        assertThat(Cli.ok("sql", "-w", warehouse, "SELECT count(*) AS left FROM pg_stat_activity WHERE application_name LIKE '%(pid " + pid + " %'").outLines())
                .containsExactly("left", "0");
        assertThat(Cli.ok("run", "-w", warehouse).err()).isEmpty();
    }

    @Test
    void aWriterGivenWaitProceedsWhenTheHolderFinishes() throws Exception {
        Path warehouse = dir.resolve("w.duckdb");
        Cli.created(warehouse);
        hold(warehouse.toString());
        new Thread(() -> {
            try {
                Thread.sleep(1500);
                holder.destroy();   // SIGTERM: the holder ends cleanly
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        Cli.Result waited = Cli.ok("--wait", "1m", "run", "-w", warehouse);
        assertThat(waited.errLines().get(0)).matches("soundstage: waiting up to 1m for " + HOLDER + " to finish writing warehouse '" + quoted(warehouse) + "'");
        assertThat(waited.outLines().get(waited.outLines().size() - 1)).isEqualTo(Cli.ALL_CHECKS_PASSED);
    }

    @Test
    void onDuckDbARunStillMarkedRunningShowsAsInterruptedOnceItsWriterIsGone() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = dir.resolve("w.duckdb");
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        WarehouseFactory.openReadPoolAny(warehouse.toString(), OpenOptions.DEFAULTS.withReadOnly(true), 1).close();   // what serve does first
        // On DuckDB readers read the snapshot its last writer published when it closed: a run they
        // see marked running is interrupted whoever writes now (it showed as running while one did).
        insertRunning(warehouse.toString());
        hold(warehouse.toString());
        assertInterrupted(warehouse.toString());
        try (ReadPool pool = WarehouseFactory.openReadPoolAny(warehouse.toString(), OpenOptions.DEFAULTS.withReadOnly(true), 1)) {
            assertThat(pool.writerAtWork()).isFalse();
        }
        holder.destroyForcibly().waitFor();
        assertInterrupted(warehouse.toString());
    }

    @Test
    void onPostgresARunStillMarkedRunningShowsAsInterruptedOnceItsWriterIsGone() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        String warehouse = TestPostgres.newDatabase();
        Cli.ok("ingest", "-w", warehouse, "sparkify-songs", data.resolve("song_data"));
        assertRunningUntilTheWriterIsKilled(warehouse);
    }

    /**
     * On PostgreSQL, what a run killed in the middle leaves, its run and its try marked running, is
     * shown as such while a writer holds the warehouse, and as interrupted once the writer's process is gone
     * (before the next writer records it so), by runs, status and the dashboard's API.
     */
    private void assertRunningUntilTheWriterIsKilled(String warehouse) throws Exception {
        insertRunning(warehouse);
        hold(warehouse);
        assertThat(Cli.ok("runs", "-w", warehouse).outLines().get(2)).matches(" *99 \\| run +\\| running +\\|.*");
        assertThat(Cli.ok("runs", "99", "-w", warehouse).outLines().get(0)).startsWith("run 99: run, running, started ");

        holder.destroyForcibly().waitFor();
        assertInterrupted(warehouse);
        try (ReadPool pool = WarehouseFactory.openReadPoolAny(warehouse, OpenOptions.DEFAULTS.withReadOnly(true), 1)) {
            assertThat(pool.writerAtWork()).isFalse();
        }
    }

    /** Run 99 and its try, marked running: what a run killed in the middle leaves. */
    private static void insertRunning(String warehouse) {
        Cli.ok("sql", "-w", warehouse, "INSERT INTO meta.runs (run_id, command, started_at, status) VALUES (99, 'run', now(), 'running')");
        Cli.ok("sql", "-w", warehouse,
                "INSERT INTO meta.task_runs (run_id, task, attempt, started_at, status) VALUES (99, 'staging.sparkify_events', 1, now(), 'running')");
    }

    /** runs and status show run 99 as interrupted. */
    private static void assertInterrupted(String warehouse) {
        assertThat(Cli.ok("runs", "-w", warehouse).outLines().get(2)).matches(" *99 \\| run +\\| failed +\\|.*\\| " + Pattern.quote(RunStatus.RUN_INTERRUPTED));
        List<String> run = Cli.ok("runs", "99", "-w", warehouse).outLines();
        assertThat(run.get(0)).startsWith("run 99: run, failed, started ");
        assertThat(run.get(1)).isEqualTo("  " + RunStatus.RUN_INTERRUPTED);
        assertThat(run.get(4)).matches("staging.sparkify_events \\| +1 \\| failed +\\|.*\\| " + Pattern.quote(RunStatus.TASK_INTERRUPTED));
        assertThat(Cli.ok("status", "-w", warehouse).out()).containsPattern("99 \\| run +\\| failed ");
    }

    @Test
    void onDuckDbAWarehouseReachedThroughASymbolicLinkHasTheOneLockAndSnapshotOfItsFile() throws Exception {
        Path data = Cli.copyFixtures(dir.resolve("data"));
        Path warehouse = Files.createDirectories(dir.resolve("real")).resolve("w.duckdb");
        Path linked = Files.createSymbolicLink(dir.resolve("linked.duckdb"), warehouse);   // the warehouse made through it
        Cli.ok("ingest", "-w", linked, "sparkify-songs", data.resolve("song_data"));
        Cli.ok("ingest", "-w", linked, "sparkify-events", data.resolve("log_data/2018/11/2018-11-01-events.json"));
        WarehouseFactory.openReadPoolAny(linked.toString(), OpenOptions.DEFAULTS.withReadOnly(true), 1).close();   // what serve does first
        try (var beside = Files.list(dir)) {
            assertThat(beside.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("data", "real", "linked.duckdb");
        }
        try (var beside = Files.list(warehouse.getParent())) {
            assertThat(beside.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("w.duckdb", "w.duckdb.lock", "w.duckdb.snapshot");
        }
        hold(warehouse.toString());

        Cli.Result refused = Cli.run("ingest", "-w", linked, "sparkify-events", data.resolve("log_data"));
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(2);
        assertThat(refused.errLines()).singleElement().asString().matches("soundstage: Warehouse '" + quoted(warehouse) + "' is being written by " + HOLDER
                + "\\. Wait for it to finish and try again, or give --wait \\(e\\.g\\. --wait 10m\\) to wait for it\\.");
        Cli.Result status = Cli.ok("status", "-w", linked);
        assertThat(status.errLines()).singleElement().asString().matches("soundstage: reading warehouse '" + quoted(warehouse) + "' as of the end of run \\d+ .*because " + HOLDER + " is writing it");
    }

    @Test
    void aWaitThatIsNotADurationIsAUsageError() {
        Cli.Result result = Cli.run("run", "--wait", "soon");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines().get(0)).isEqualTo("soundstage: Invalid value for option '--wait': 'soon' is not a duration; write a whole number and a unit: 500ms, 30s, 10m, 2h or 1d.");
    }

    private void hold(String warehouse) throws IOException, InterruptedException {
        holderOnPostgres = warehouse.startsWith("postgresql:") || warehouse.startsWith("jdbc:postgresql:");
        Path log = dir.resolve("holder.log");
        holder = CliProcess.start(HoldWarehouse.class, log, warehouse);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains("holding")) && holder.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.readString(log)).as("the holder took the warehouse").contains("holding");
    }

    private static String quoted(Path path) {
        return java.util.regex.Pattern.quote(path.toString());
    }
}
