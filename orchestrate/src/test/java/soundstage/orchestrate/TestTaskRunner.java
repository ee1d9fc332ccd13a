package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.core.FileKind;
import soundstage.core.UserException;
import soundstage.transform.Model;
import soundstage.transform.ModelGraph;
import soundstage.warehouse.duckdb.DuckDbWarehouse;

/** The task runner's bookkeeping, retries, skips and resume, with tasks that do what each test says. */
class TestTaskRunner {
    /** Two configured sources: events (Sparkify events) and songs (Sparkify songs). */
    static final PipelineConfig TWO_SOURCES = new PipelineConfig(null, List.of(
            new SourceConfig("events", FileKind.SPARKIFY_EVENTS, List.of("logs"), null, false),
            new SourceConfig("songs", FileKind.SPARKIFY_SONGS, List.of("songs"), null, false)),
            null, ScheduleConfig.DEFAULT, RetryPolicy.DEFAULT, null);
    /** ingest.events -> staging.events -> analytics.plays -> checks; ingest.songs -> staging.songs (-> analytics.plays). */
    private static final TaskGraph GRAPH = TaskGraph.of(TWO_SOURCES,
            ModelGraph.of(List.of(
                    new Model("staging.events", "Events.", List.of("source.sparkify_events"), "SELECT 1"),
                    new Model("staging.songs", "Songs.", List.of("source.sparkify_songs"), "SELECT 1"),
                    new Model("analytics.plays", "Plays.", List.of("staging.events"), "SELECT 1"))));

    @TempDir
    Path dir;
    private DuckDbWarehouse warehouse;
    private final List<Duration> pauses = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();
    /** Per task: what each call does in turn; the last one repeats. */
    private final Map<String, List<Object>> script = new HashMap<>();

    @BeforeEach
    void open() {
        warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"));
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    /** The warehouse's connection, refusing every new statement while {@code down[0]}, as a server that is down or restarting. */
    private Connection refusingWhile(boolean[] down) {
        Connection real = warehouse.connection();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (down[0] && (method.getName().equals("prepareStatement") || method.getName().equals("createStatement"))) {
                throw new SQLException("Connection to localhost:5432 refused.", "08001");
            }
            try {
                return method.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private TaskRunner runner() {
        TaskAction action = (task, runId) -> {
            calls.add(task.name());
            List<Object> steps = script.getOrDefault(task.name(), List.of(TaskOutcome.ok(10, 5, "done")));
            Object step = steps.size() > 1 ? steps.remove(0) : steps.get(0);
            if (step instanceof Exception e) {
                throw e;
            }
            return (TaskOutcome) step;
        };
        return new TaskRunner(warehouse.connection(), action, new RetryPolicy(3, Duration.ofSeconds(2)), new RunLogFile.Folder(dir.resolve("logs"), warehouse.address()), pauses::add, result -> { });
    }

    private RunResult runAll() throws Exception {
        return runner().run(RunRequest.of("run", GRAPH.tasks(), false));
    }

    private List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = warehouse.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.add(result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void everyTaskInOrderRecordedInTheHistoryAndTheLog() throws Exception {
        RunResult run = runAll();
        assertThat(run.succeeded()).isTrue();
        assertThat(calls).containsExactly("ingest.events", "ingest.songs", "staging.events", "staging.songs", "analytics.plays", "checks");
        assertThat(rows("SELECT task, attempt, status, rows_in, rows_out, detail FROM meta.task_runs WHERE run_id = " + run.runId() + " ORDER BY started_at, task"))
                .hasSize(6).allSatisfy(row -> assertThat(row.subList(1, 6)).containsExactly("1", "succeeded", "10", "5", "done"));
        assertThat(rows("SELECT command, status, tasks, full_refresh, log_file FROM meta.runs")).containsExactly(List.of("run", "succeeded",
                "ingest.events,ingest.songs,staging.events,staging.songs,analytics.plays,checks", "false", run.logFile().toAbsolutePath().toString()));
        List<JsonNode> log = Files.readAllLines(run.logFile()).stream().map(TestTaskRunner::json).toList();
        assertThat(log).hasSize(2 + 2 * 6);
        assertThat(log.get(0).get("event").asText()).isEqualTo("run_started");
        assertThat(log.get(0).get("warehouse").asText()).isEqualTo(warehouse.address());
        assertThat(log.get(1).get("event").asText()).isEqualTo("task_started");
        assertThat(log.get(2).get("event").asText()).isEqualTo("task_succeeded");
        assertThat(log.get(2).get("task").asText()).isEqualTo("ingest.events");
        assertThat(log.get(2).get("rows_out").asLong()).isEqualTo(5);
        assertThat(log.get(13).get("event").asText()).isEqualTo("run_finished");
        assertThat(log).allSatisfy(line -> assertThat(line.get("run").asInt()).isEqualTo(run.runId()));
    }

    @Test
    void runLogsOfTwoWarehousesOrOfAWarehouseMadeAgainNeverShareAFile() throws Exception {
        Instant now = Instant.parse("2026-12-04T21:30:00Z");
        RunLogFile.Folder music = new RunLogFile.Folder(dir.resolve("logs"), dir.resolve("music.duckdb").toString());
        RunLogFile.Folder other = new RunLogFile.Folder(dir.resolve("logs"), dir.resolve("other.duckdb").toString());
        List<Path> paths = new ArrayList<>();
        for (RunLogFile.Folder folder : List.of(music, other, music)) {
            try (RunLogFile log = folder.create(1, now)) {
                log.write(log.event("run_started"));
                paths.add(log.path());
            }
        }
        assertThat(paths).extracting(path -> path.getFileName().toString())
                .containsExactly("music-run-1-20261204-213000.jsonl", "other-run-1-20261204-213000.jsonl", "music-run-1-20261204-213000-2.jsonl");
        assertThat(paths).allSatisfy(path -> assertThat(Files.readAllLines(path)).hasSize(1));
    }

    @Test
    void aLogLineIsOneJsonObjectWithItsFieldsInOrder() throws Exception {
        Path path;
        try (RunLogFile log = new RunLogFile.Folder(dir.resolve("logs"), "w.duckdb").create(7, Instant.parse("2026-12-04T21:30:00Z"))) {
            log.write(log.event("task_failed").put("task", "a \"quoted\"\nname").put("attempt", 2).put("seconds", 1.25)
                    .put("full_refresh", false).put("tasks", List.of("x", "y")).put("detail", (String) null));
            path = log.path();
        }
        List<String> lines = Files.readAllLines(path);
        assertThat(lines).hasSize(1);
        JsonNode line = json(lines.get(0));
        assertThat(line.fieldNames()).toIterable().containsExactly("ts", "run", "event", "task", "attempt", "seconds", "full_refresh", "tasks", "detail");
        assertThat(Instant.parse(line.get("ts").asText())).isNotNull();
        assertThat(line.get("run").asInt()).isEqualTo(7);
        assertThat(line.get("task").asText()).isEqualTo("a \"quoted\"\nname");
        assertThat(line.get("seconds").asDouble()).isEqualTo(1.25);
        assertThat(line.get("full_refresh").isBoolean()).isTrue();
        assertThat(line.get("tasks")).extracting(JsonNode::asText).containsExactly("x", "y");
        assertThat(line.get("detail").isNull()).isTrue();
    }

    @Test
    void aLogFolderThatCannotBeWrittenIsOneLineBeforeAnyRunIsRecorded() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        TaskRunner runner = new TaskRunner(warehouse.connection(), (task, runId) -> TaskOutcome.ok(0, 0, "done"), new RetryPolicy(3, Duration.ofSeconds(2)),
                new RunLogFile.Folder(file.resolve("logs"), warehouse.address()), pauses::add, result -> { });
        assertThatThrownBy(() -> runner.run(RunRequest.of("run", GRAPH.tasks(), false))).isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot write run logs in '" + file.resolve("logs") + "' ('" + file + "' is a file, not a folder). ")
                .hasMessageNotContaining("Exception")
                .hasMessageEndingWith("Set `logs:` in the configuration file to a folder this user can write, or run from a folder where soundstage-logs can be made.");
        assertThat(rows("SELECT count(*) FROM meta.runs")).containsExactly(List.of("0"));
    }

    @Test
    void aLogFolderThatIsAFileIsSaidSo() throws Exception {
        Path file = Files.writeString(dir.resolve("logs"), "x");
        TaskRunner runner = new TaskRunner(warehouse.connection(), (task, runId) -> TaskOutcome.ok(0, 0, "done"), new RetryPolicy(3, Duration.ofSeconds(2)),
                new RunLogFile.Folder(file, warehouse.address()), pauses::add, result -> { });
        assertThatThrownBy(() -> runner.run(RunRequest.of("run", GRAPH.tasks(), false))).isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot write run logs in '" + file + "' ('" + file + "' is a file, not a folder). ");
    }

    /** Checking without making the folder let a link to nothing pass: the run was recorded, then failed on its log. */
    @Test
    void aLogFolderThatIsALinkToNothingIsSaidSoBeforeAnyRunIsRecorded() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("logs"), dir.resolve("nowhere"));
        TaskRunner runner = new TaskRunner(warehouse.connection(), (task, runId) -> TaskOutcome.ok(0, 0, "done"), new RetryPolicy(3, Duration.ofSeconds(2)),
                new RunLogFile.Folder(link, warehouse.address()), pauses::add, result -> { });
        assertThatThrownBy(() -> runner.run(RunRequest.of("run", GRAPH.tasks(), false))).isInstanceOf(UserException.class)
                .hasMessageStartingWith("Cannot write run logs in '" + link + "' ('" + link + "' is a symbolic link to nothing). ");
        assertThat(rows("SELECT count(*) FROM meta.runs")).containsExactly(List.of("0"));
    }

    @Test
    void aRunLogIsNamedAfterItsWarehouse() {
        assertThat(RunLogFile.warehouseName("/data/music.duckdb")).isEqualTo("music");
        assertThat(RunLogFile.warehouseName("music")).isEqualTo("music");
        assertThat(RunLogFile.warehouseName("postgresql://etl@db.example.com:5432/spotify?sslmode=require")).isEqualTo("spotify");
        assertThat(RunLogFile.warehouseName("jdbc:postgresql://localhost/my db")).isEqualTo("my_db");
        assertThat(RunLogFile.warehouseName("/data/.duckdb")).isEqualTo("warehouse");
    }

    /** On a full disk every task would fail as the first did (on DuckDB with a message that hides why): none starts after it. */
    @Test
    void aTaskFailingOnAFullDiskSkipsEveryTaskAfterIt() throws Exception {
        script.put("staging.events", new ArrayList<>(List.of(new SQLException(
                "TransactionContext Error: Failed to commit: Could not write file \"w.duckdb.wal\": No space left on device"))));
        RunResult run = runAll();
        assertThat(calls).containsExactly("ingest.events", "ingest.songs", "staging.events");
        assertThat(run.tasks()).extracting(TaskResult::task, TaskResult::status, TaskResult::detail).endsWith(
                tuple("staging.songs", "skipped", "skipped: staging.events failed on a full disk"),
                tuple("analytics.plays", "skipped", "skipped: staging.events failed on a full disk"),
                tuple("checks", "skipped", "skipped: staging.events failed on a full disk"));
        assertThat(pauses).isEmpty();
    }

    @Test
    void aFailedTaskSkipsItsDependentsButNotTheOtherBranches() throws Exception {
        script.put("staging.events", new ArrayList<>(List.of(new SQLException("Binder Error: column x not found", "42000"))));
        RunResult run = runAll();
        assertThat(run.succeeded()).isFalse();
        assertThat(calls).containsExactly("ingest.events", "ingest.songs", "staging.events", "staging.songs");
        assertThat(run.tasks()).extracting(TaskResult::task, TaskResult::status, TaskResult::detail).containsExactly(
                tuple("ingest.events", "succeeded", "done"),
                tuple("ingest.songs", "succeeded", "done"),
                tuple("staging.events", "failed", "Binder Error: column x not found"),
                tuple("staging.songs", "succeeded", "done"),
                tuple("analytics.plays", "skipped", "skipped: staging.events failed"),
                tuple("checks", "skipped", "skipped: staging.events failed"));
        assertThat(pauses).isEmpty();
        assertThat(rows("SELECT status, detail FROM meta.runs")).containsExactly(
                List.of("failed", "1 failed, 2 skipped, 3 succeeded; resume with: soundstage run --resume"));
    }

    @Test
    void transientFailuresAreRetriedWithBackoff() throws Exception {
        script.put("ingest.events", new ArrayList<>(List.of(
                new SQLTransientConnectionException("connection reset"), new SQLException("FATAL: terminating connection", "57P01"), TaskOutcome.ok(1, 1, "third time"))));
        RunResult run = runAll();
        assertThat(run.succeeded()).isTrue();
        assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(rows("SELECT attempt, status, detail FROM meta.task_runs WHERE task = 'ingest.events' ORDER BY attempt")).containsExactly(
                List.of("1", "failed", "connection reset (transient; try 2 of 3 in 2.0 s)"),
                List.of("2", "failed", "FATAL: terminating connection (transient; try 3 of 3 in 4.0 s)"),
                List.of("3", "succeeded", "third time"));
        assertThat(Files.readAllLines(run.logFile()).stream().map(TestTaskRunner::json).filter(line -> line.get("event").asText().equals("task_retry")).count())
                .isEqualTo(2);
    }

    /**
     * The server restarts: a task fails because its session ended, and for a few seconds every
     * statement is refused, also the ones that record the failed try and the start of the next.
     * That refused bookkeeping write escaped the retry loop, so the run failed at once with its
     * runs left "running"; now the task is tried again after the backoff, as its failure says.
     */
    @Test
    void aTaskIsRetriedWhileARestartingServerRefusesTheRunHistory() throws Exception {
        boolean[] down = {false};
        Connection restarting = refusingWhile(down);
        TaskAction action = (task, runId) -> {
            if (task.name().equals("ingest.events") && calls.stream().noneMatch("ingest.events"::equals)) {
                calls.add(task.name());
                down[0] = true;
                throw new SQLException("FATAL: terminating connection due to administrator command", "57P01");
            }
            calls.add(task.name());
            return TaskOutcome.ok(1, 1, "done");
        };
        TaskRunner.Pause pause = wait -> {
            pauses.add(wait);
            down[0] = pauses.size() < 2;   // back before the third try
        };
        RunResult run = new TaskRunner(restarting, action, new RetryPolicy(3, Duration.ofSeconds(2)), new RunLogFile.Folder(dir.resolve("logs"), warehouse.address()),
                pause, result -> { }).run(RunRequest.of("run", GRAPH.tasks(), false));

        assertThat(run.succeeded()).isTrue();
        assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        // The first try's start was recorded before the server went; the second's never was.
        assertThat(rows("SELECT attempt, status, detail FROM meta.task_runs WHERE task = 'ingest.events' ORDER BY attempt")).containsExactly(
                List.of("1", "failed", "FATAL: terminating connection due to administrator command (transient; try 2 of 3 in 2.0 s)"),
                List.of("3", "succeeded", "done"));
        assertThat(rows("SELECT status FROM meta.runs")).containsExactly(List.of("succeeded"));
        assertThat(Files.readAllLines(run.logFile()).stream().map(TestTaskRunner::json).filter(line -> line.get("event").asText().equals("task_retry")).count())
                .isEqualTo(2);
    }

    /** A server down past the last try: the log file ended at the last task_started, with neither task_failed nor run_finished. */
    @Test
    void aRunWhoseHistoryCannotBeWrittenStillEndsItsLogFile() throws Exception {
        boolean[] down = {false};
        Connection gone = refusingWhile(down);
        TaskAction action = (task, runId) -> {
            if (task.name().equals("ingest.events")) {
                down[0] = true;
                throw new SQLException("FATAL: terminating connection due to administrator command", "57P01");
            }
            return TaskOutcome.ok(1, 1, "done");
        };
        RunLogFile.Folder logs = new RunLogFile.Folder(dir.resolve("logs"), warehouse.address());
        TaskRunner runner = new TaskRunner(gone, action, new RetryPolicy(2, Duration.ofSeconds(2)), logs, pauses::add, result -> { });

        assertThatThrownBy(() -> runner.run(RunRequest.of("run", GRAPH.tasks(), false))).isInstanceOf(SQLException.class);

        Path log;
        try (var files = Files.list(dir.resolve("logs"))) {
            log = files.findFirst().orElseThrow();
        }
        List<String> events = Files.readAllLines(log).stream().map(TestTaskRunner::json)
                .filter(line -> !line.path("task").asText().startsWith("ingest.songs"))
                .map(line -> line.get("event").asText() + (line.has("attempt") ? " " + line.get("attempt").asText() : "")).toList();
        assertThat(events).containsExactly("run_started", "task_started 1", "task_retry 1", "task_started 2", "task_failed 2", "run_finished");
        assertThat(json(Files.readAllLines(log).get(Files.readAllLines(log).size() - 1)).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void retriesStopAfterTheLastAttempt() throws Exception {
        script.put("ingest.songs", new ArrayList<>(List.of(new SQLTransientConnectionException("connection refused"))));
        RunResult run = runAll();
        assertThat(run.tasks().get(1)).extracting(TaskResult::status, TaskResult::attempts).containsExactly("failed", 3);
        assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(run.tasks().get(3)).extracting(TaskResult::task, TaskResult::status).containsExactly("staging.songs", "skipped");
    }

    /** A lake store that was down failed export.lake at once: its one-line message hid a refused connection. */
    @Test
    void aUsersProblemThatMayPassIsRetriedAndOneThatCannotIsNot() throws Exception {
        script.put("ingest.songs", new ArrayList<>(List.of(
                UserException.mayPass("Cannot reach http://store:9000 to list 's3://lake/x': Connection refused.", new RuntimeException("Connection refused")),
                TaskOutcome.ok(1, 1, "second time"))));
        script.put("ingest.events", new ArrayList<>(List.of(new UserException("Cannot read 'x': Connection refused. Fix the path."))));
        RunResult run = runAll();
        assertThat(run.tasks()).extracting(TaskResult::task, TaskResult::status, TaskResult::attempts)
                .contains(tuple("ingest.songs", "succeeded", 2), tuple("ingest.events", "failed", 1));
    }

    @Test
    void aTaskThatRanButFailedIsNotRetried() throws Exception {
        script.put("checks", new ArrayList<>(List.of(new TaskOutcome(false, 16, 1, "1 blocking check(s) failed: songplays_key"))));
        RunResult run = runAll();
        assertThat(run.succeeded()).isFalse();
        assertThat(calls).containsOnlyOnce("checks");
        assertThat(rows("SELECT status, rows_in, rows_out FROM meta.task_runs WHERE task = 'checks'")).containsExactly(List.of("failed", "16", "1"));
    }

    @Test
    void resumeRunsWhatFailedOrWasSkippedOrNeverStarted() throws Exception {
        script.put("staging.events", new ArrayList<>(List.of(new SQLException("disk full", "53100"), TaskOutcome.ok(1, 1, "fixed"))));
        RunResult failed = runAll();
        assertThat(failed.succeeded()).isFalse();
        calls.clear();

        // And staging.songs, which succeeded: analytics.plays reads it, and merges only the files it has merged.
        List<Task> rest = Resume.plan(new RunHistory(warehouse.connection()), GRAPH).orElseThrow().tasks();
        assertThat(rest).extracting(Task::name).containsExactly("staging.events", "staging.songs", "analytics.plays", "checks");
        RunResult resumed = runner().run(new RunRequest("run", rest, false, failed.runId(), null, null));
        assertThat(resumed.succeeded()).isTrue();
        assertThat(calls).containsExactly("staging.events", "staging.songs", "analytics.plays", "checks");
        assertThat(rows("SELECT run_id, status, resumes FROM meta.runs ORDER BY run_id")).containsExactly(
                Arrays.asList(String.valueOf(failed.runId()), "failed", null), List.of(String.valueOf(resumed.runId()), "succeeded", String.valueOf(failed.runId())));
        assertThat(Resume.plan(new RunHistory(warehouse.connection()), GRAPH)).isEmpty();
    }

    @Test
    void aRunCutShortByADeadProcessIsResumedFromWhereItStopped() throws Exception {
        RunHistory history = new RunHistory(warehouse.connection());
        int dead = history.start(RunRequest.of("run", List.of(GRAPH.task("ingest.events"), GRAPH.task("staging.events"), GRAPH.task("analytics.plays")), false));
        history.taskStarted(dead, "ingest.events", 1);
        history.taskFinished(dead, "ingest.events", 1, "succeeded", 1, 1, "done");
        history.taskStarted(dead, "staging.events", 1);   // killed here

        Resume.Plan plan = Resume.plan(history, GRAPH).orElseThrow();
        assertThat(plan.resumes()).isEqualTo(dead);
        assertThat(plan.tasks()).extracting(Task::name).containsExactly("staging.events", "analytics.plays");
        RunResult resumed = runner().run(new RunRequest("run", plan.tasks(), false, dead, null, null));
        assertThat(resumed.succeeded()).isTrue();
        assertThat(rows("SELECT status, detail FROM meta.task_runs WHERE run_id = " + dead + " AND task = 'staging.events'")).containsExactly(
                List.of("failed", "interrupted: the process ended before it finished; nothing it did was kept"));
    }

    /** The tasks after a failed one, directly or not, said they were skipped for a stop asked for after it failed. */
    @Test
    void everyTaskAfterAFailedOneSaysSoEvenWhenAStopCameSince() throws Exception {
        script.put("ingest.events", new ArrayList<>(List.of(new SQLException("syntax error", "42601"))));
        RunResult result = runner().stoppingFor(() -> calls.contains("ingest.events") ? "soundstage was asked to stop (SIGTERM)" : null)
                .run(RunRequest.of("run", GRAPH.tasks(), false));
        assertThat(result.succeeded()).isFalse();
        assertThat(rows("SELECT task, detail FROM meta.task_runs WHERE task IN ('staging.events', 'analytics.plays') ORDER BY task")).containsExactly(
                List.of("analytics.plays", "skipped: ingest.events failed"), List.of("staging.events", "skipped: ingest.events failed"));
    }

    /** A backfill that succeeded after a stopped full refresh was "the last run": resume said there was nothing to resume. */
    @Test
    void aBackfillAfterAStoppedRunLeavesItToResume() throws Exception {
        RunHistory history = new RunHistory(warehouse.connection());
        int stopped = history.start(RunRequest.of("run --full-refresh", List.of(GRAPH.task("staging.events"), GRAPH.task("analytics.plays")), true));
        history.taskStarted(stopped, "staging.events", 1);
        history.taskFinished(stopped, "staging.events", 1, "succeeded", 1, 1, "done");
        history.stopped(stopped, "SIGTERM");
        int backfill = history.start(RunRequest.of("backfill --from 2018-11-01 --to 2018-11-01", List.of(GRAPH.task("analytics.plays")), false));
        history.finish(backfill, true, null);

        Resume.Plan plan = Resume.plan(history, GRAPH).orElseThrow();
        assertThat(plan.resumes()).isEqualTo(stopped);
        assertThat(plan.tasks()).extracting(Task::name).containsExactly("analytics.plays");
        assertThat(plan.fullRefresh()).isTrue();
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
