package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as systemd sends to stop the schedule's service and Airflow to end a task: the running
 * task finishes, the others are skipped and say why, the run is recorded and its log ends as it
 * ended, and {@code run --resume} finishes it.
 */
class TestGracefulStop {
    @TempDir
    Path dir;

    @Test
    void sigtermLetsTheRunningTaskFinishRecordsTheRunAndResumeFinishesIt() throws Exception {
        Path warehouse = ingested(60000, 500);

        Path output = dir.resolve("run.out");
        Process run = CliProcess.start(output, "run", "-w", warehouse);
        Path logs = dir.resolve("soundstage-logs");
        String said = stopWhen(run, output, () -> started(logs, "staging.sparkify_events"), "the run starts its first model");
        assertThat(said).contains("soundstage: asked to stop (SIGTERM): the running task finishes and any not yet started are skipped; "
                + "`soundstage run --resume` takes them up");
        // said as a stop, not as a failure with no failed task
        assertThat(said).containsPattern("run \\d+ STOPPED: soundstage was asked to stop \\(SIGTERM\\); \\d+ task\\(s\\) skipped; "
                + "`soundstage run --resume` takes the run up").doesNotContain("FAILED");

        assertThat(Cli.rows(warehouse, "SELECT status, detail FROM meta.runs ORDER BY run_id DESC LIMIT 1")).singleElement()
                .satisfies(row -> assertThat(row.get(0)).isEqualTo("stopped"))
                .satisfies(row -> assertThat(row.get(1)).startsWith("stopped: soundstage was asked to stop (SIGTERM); ").contains(" skipped, ")
                        .endsWith(" succeeded; resume with: soundstage run --resume"));
        assertThat(Cli.rows(warehouse, "SELECT task, status, detail FROM meta.task_runs WHERE run_id = (SELECT max(run_id) FROM meta.runs) ORDER BY started_at, task"))
                .first().isEqualTo(List.of("staging.sparkify_events", "succeeded", "built from scratch: 60000 rows"));
        assertThat(Cli.count(warehouse, "SELECT count(*) FROM meta.task_runs WHERE detail = 'skipped: soundstage was asked to stop (SIGTERM)'")).isPositive();
        List<String> log = lastLog(logs);
        assertThat(log.get(log.size() - 1)).contains("\"event\":\"run_finished\"").contains("\"status\":\"stopped\"");

        Cli.Result resumed = Cli.ok("run", "--resume", "-w", warehouse);
        assertThat(resumed.outLines()).last().isEqualTo(Cli.ALL_CHECKS_PASSED);
        // the stopped process closed the warehouse and released its lock before it exited
        assertThat(resumed.err()).doesNotContain("taking over");
        assertThat(Cli.ok("runs", "-w", warehouse).outLines()).anySatisfy(line -> assertThat(line).contains("| stopped ")
                .contains("| stopped: soundstage was asked to stop (SIGTERM); "));
    }

    /**
     * An ingest ended by SIGTERM stopped without a word (exit 143): it says now what stays and what
     * to do, and the same ingest then loads the rest, every line once.
     */
    @Test
    void anIngestEndedBySigtermSaysWhatStaysAndTheSameIngestLoadsTheRest() throws Exception {
        Path data = dir.resolve("data");
        Cli.ok("generate", "--events", 300000, "--songs", 100, "--out", data);
        Path warehouse = dir.resolve("w.duckdb");
        Path output = dir.resolve("ingest.out");
        // Its statements' timings say when the first batch's files are registered: stopped while it loads.
        Process ingest = CliProcess.start(java.util.Map.of("SOUNDSTAGE_SQL_TIMING", "1"), output, "ingest", "sparkify-events", data.resolve("log_data"), "-w", warehouse);
        String said = stopWhen(ingest, output, () -> Files.exists(output) && Files.readString(output).contains("INSERT INTO meta.files"),
                "the ingest registers its first batch");
        assertThat(said).contains("soundstage: ingest stopped before it finished: the batches of files it committed stay loaded, the one in progress "
                + "was not committed; run the same ingest again to load the rest (the files already loaded count as duplicates)");

        // What stays is whole batches: every registered file's rows, and no row of another.
        long loaded = Cli.count(warehouse, "SELECT count(*) FROM meta.files WHERE status = 'loaded'");
        assertThat(Cli.count(warehouse, "SELECT count(*) FROM source.sparkify_events")).isEqualTo(Cli.count(warehouse, "SELECT coalesce(sum(rows), 0) FROM meta.files"));
        assertThat(Cli.count(warehouse, "SELECT count(*) FROM source.sparkify_events s WHERE s.file_id NOT IN (SELECT file_id FROM meta.files)")).isZero();

        Cli.Result again = Cli.ok("ingest", "sparkify-events", data.resolve("log_data"), "-w", warehouse);
        assertThat(again.out()).contains(", " + loaded + " duplicates of files already loaded)");
        assertThat(Cli.count(warehouse, "SELECT count(*) FROM source.sparkify_events")).isEqualTo(300000);
        assertThat(Cli.count(warehouse, "SELECT count(*) FROM (SELECT DISTINCT file_id, line_no FROM source.sparkify_events)")).isEqualTo(300000);
    }

    /** A schedule between runs said "the running task finishes and the others are skipped" of no task at all, or nothing (cron). */
    @Test
    void aScheduleStoppedBetweenRunsSaysNoRunIsGoingOn() throws Exception {
        Path landing = Files.createDirectories(dir.resolve("landing"));
        Path output = dir.resolve("schedule.out");
        Process schedule = CliProcess.start(output, "schedule", "--watch", landing, "--kind", "sparkify-events", "--poll", "1s", "-w", dir.resolve("w.duckdb"));
        String said = stopWhen(schedule, output, () -> Files.exists(output) && Files.readString(output).contains("schedule: watching "), "the watch starts");
        assertThat(said).contains("soundstage: asked to stop (SIGTERM): no run is going on; stopping").doesNotContain("task");
    }

    /**
     * A cron schedule started while its database cannot be reached (a service started before
     * PostgreSQL at boot) ended with exit 2: it says so and tries again, until stopped.
     */
    @Test
    void aCronScheduleWhoseDatabaseCannotBeReachedAtStartTriesAgain() throws Exception {
        Path output = dir.resolve("schedule.out");
        Process schedule = CliProcess.start(output, "schedule", "-w", "postgresql://nobody@127.0.0.1:1/music");
        String said = stopWhen(schedule, output, () -> Files.exists(output) && Files.readString(output).contains("; trying again in 5s"), "the first try fails");
        assertThat(said).contains("schedule: cannot start: Cannot reach PostgreSQL at postgresql://nobody@127.0.0.1:1/music: ");
    }

    /**
     * A run that cannot start (here: no server where the warehouse is; in life, a database
     * restarting) ended the watch with exit 2, while a cron schedule reports it and goes on. Then
     * the files that had landed waited for the next file to land: the run is tried again, after 5 s,
     * then 10 s, doubling. A try that could not start is not a run of --max-runs: the files still
     * wait for theirs (it ended a --max-runs 1 watch after the first try).
     */
    @Test
    void aWatchedRunThatCannotReachTheWarehouseIsReportedAndTriedAgain() throws Exception {
        Path landing = Files.createDirectories(dir.resolve("landing"));
        Files.writeString(landing.resolve("day1.json"), "{}\n");   // so that the watch starts with a run
        Path output = dir.resolve("schedule.out");
        Process schedule = CliProcess.start(output, "schedule", "-w", "postgresql://nobody@127.0.0.1:1/music", "--watch", landing,
                "--kind", "sparkify-events", "--poll", "100ms", "--max-runs", "1");
        String said = stopWhen(schedule, output, () -> Files.exists(output) && Files.readString(output).contains("; trying again in 10s"), "the second try fails");
        assertThat(said.lines()).filteredOn(line -> line.startsWith("schedule: the run failed: Cannot reach PostgreSQL at postgresql://nobody@127.0.0.1:1/music: "))
                .satisfiesExactly(first -> assertThat(first).endsWith("; trying again in 5s, still watching " + landing),
                        second -> assertThat(second).endsWith("; trying again in 10s, still watching " + landing));
    }

    /**
     * SIGTERM after a run's last task, while the command closes its warehouse: the process exited
     * at once, leaving the readers' snapshot a run behind and its lock for the next writer to take
     * over. It now exits once the warehouse is closed.
     */
    @Test
    void aRunStoppedWhileItClosesItsWarehouseClosesItFirst() throws Exception {
        Path warehouse = ingested(200000, 200);
        Files.createFile(dir.resolve("w.duckdb.snapshot-wanted"));   // as a reader asks for one: the run's close publishes it
        Path output = dir.resolve("run.out");
        Process run = CliProcess.start(output, "run", "-w", warehouse);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (run.isAlive() && !(Files.exists(output) && Files.readString(output).contains("checks: "))) {
            assertThat(System.nanoTime()).as("the run's checks").isLessThan(deadline);
            Thread.sleep(2);
        }
        assertThat(run.isAlive()).as("still closing its warehouse when signalled (else the test proves nothing)").isTrue();
        run.destroy();   // SIGTERM
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(output);
        // 0 only when the signal came as the JVM was already ending (its shutdown ignores it)
        assertThat(run.exitValue()).as(said).isIn(0, GracefulStop.EXIT_CODE);
        if (run.exitValue() == GracefulStop.EXIT_CODE) {
            assertThat(said).contains("soundstage: asked to stop (SIGTERM): no run is going on; stopping");
        }
        assertThat(Files.size(dir.resolve("w.duckdb.lock"))).as("the lock file names no holder: released").isZero();
        assertThat(dir.resolve("w.duckdb.snapshot")).exists();
        assertThat(Cli.ok("ingest", "sparkify-events", dir.resolve("data/log_data"), "-w", warehouse).err()).doesNotContain("taking over");
    }

    /** An export ended by SIGTERM exited 143 without a word: it says what stays, and the same export writes the rest. */
    @Test
    void anExportEndedBySigtermSaysWhatStaysAndTheSameExportWritesTheRest() throws Exception {
        Path warehouse = ingested(200000, 200);
        Cli.ok("run", "-w", warehouse);

        Path lake = dir.resolve("lake");
        Path output = dir.resolve("export.out");
        Process export = CliProcess.start(output, "export", "--format", "json", "--to", lake, "-w", warehouse);
        // The manifest names the format before the first file is written: stopped while it writes.
        String said = stopWhen(export, output, () -> Files.exists(lake.resolve("_soundstage/manifest.json")), "the export starts writing");
        assertThat(said).contains("soundstage: export stopped before it finished: the files it wrote are whole and the lake's manifest lists the tables "
                + "it finished; run the same export again to write the rest");

        Cli.ok("export", "--format", "json", "--to", lake, "-w", warehouse);
        Path whole = dir.resolve("whole");
        Cli.ok("export", "--format", "json", "--to", whole, "-w", warehouse);
        assertThat(filesIn(lake)).isEqualTo(filesIn(whole));
    }

    /** The files below {@code folder}, by their paths from it, with their sizes. */
    private static List<String> filesIn(Path folder) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().equals("manifest.json"))
                    .map(file -> {
                        try {
                            return folder.relativize(file) + " " + Files.size(file);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).sorted().toList();
        }
    }

    /** A warehouse with {@code events} generated events and {@code songs} songs ingested, not run. */
    private Path ingested(int events, int songs) {
        Path data = dir.resolve("data");
        Cli.ok("generate", "--events", events, "--songs", songs, "--out", data);
        Path warehouse = dir.resolve("w.duckdb");
        Cli.ok("ingest", "sparkify-songs", data.resolve("song_data"), "-w", warehouse);
        Cli.ok("ingest", "sparkify-events", data.resolve("log_data"), "-w", warehouse);
        return warehouse;
    }

    /**
     * Sends {@code process} SIGTERM as soon as {@code reached} (failing when it ends first or takes
     * a minute: {@code what} says what was awaited), and returns what it printed; it exited with 143.
     */
    private static String stopWhen(Process process, Path output, java.util.concurrent.Callable<Boolean> reached, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!reached.call()) {
            assertThat(process.isAlive()).as("still going: %s", Files.exists(output) ? Files.readString(output) : "").isTrue();
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
        process.destroy();   // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(output);
        assertThat(process.exitValue()).as(said).isEqualTo(143);
        return said;
    }

    /** Whether a run's log file in {@code logs} says that {@code task} started. */
    private static boolean started(Path logs, String task) throws Exception {
        return Files.isDirectory(logs) && lastLog(logs).stream().anyMatch(line -> line.contains("\"task_started\"") && line.contains("\"task\":\"" + task + "\""));
    }

    private static List<String> lastLog(Path logs) throws Exception {
        try (Stream<Path> files = Files.list(logs)) {
            Path last = files.filter(file -> file.toString().endsWith(".jsonl")).sorted().reduce((a, b) -> b).orElse(null);
            return last == null ? List.of() : Files.readAllLines(last);
        }
    }
}
