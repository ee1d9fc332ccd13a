package soundstage.orchestrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import soundstage.transform.Model;
import soundstage.transform.ModelGraph;
import soundstage.warehouse.duckdb.DuckDbWarehouse;

/**
 * The task runner with two workers, as on PostgreSQL: models run side by side once the tasks
 * they depend on are done, every other task runs alone, and a failure skips only what depends on it.
 */
class TestTaskRunnerSideBySide {
    /**
     * ingest.events -> staging.events -> analytics.a, analytics.b -> dashboard.d;
     * ingest.songs -> staging.songs -> analytics.c; checks after every model.
     */
    private static final TaskGraph GRAPH = TaskGraph.of(TestTaskRunner.TWO_SOURCES,
            ModelGraph.of(List.of(
                    new Model("staging.events", "Events.", List.of("source.sparkify_events"), "SELECT 1"),
                    new Model("staging.songs", "Songs.", List.of("source.sparkify_songs"), "SELECT 1"),
                    new Model("analytics.a", "A.", List.of("staging.events"), "SELECT 1"),
                    new Model("analytics.b", "B.", List.of("staging.events"), "SELECT 1"),
                    new Model("analytics.c", "C.", List.of("staging.songs"), "SELECT 1"),
                    new Model("dashboard.d", "D.", List.of("analytics.a", "analytics.b"), "SELECT 1"))));

    @TempDir
    Path dir;
    private DuckDbWarehouse warehouse;
    /** "start x" and "end x", in the order they happened, from every thread. */
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    /** What a task does between its start and its end (by default nothing). */
    private final Map<String, Step> steps = new ConcurrentHashMap<>();

    @FunctionalInterface
    private interface Step {
        TaskOutcome run() throws Exception;
    }

    @BeforeEach
    void open() {
        warehouse = DuckDbWarehouse.open(dir.resolve("w.duckdb"));
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    private RunResult runAll() throws Exception {
        return runAll(result -> { });
    }

    private RunResult runAll(java.util.function.Consumer<TaskResult> listener) throws Exception {
        TaskAction action = new TaskAction() {
            @Override
            public TaskOutcome run(Task task, int runId) throws Exception {
                events.add("start " + task.name());
                threads.add(Thread.currentThread().getName());
                try {
                    return steps.getOrDefault(task.name(), () -> TaskOutcome.ok(1, 1, "done")).run();
                } finally {
                    events.add("end " + task.name());
                }
            }

            @Override
            public int workers() {
                return 2;
            }

            @Override
            public boolean overlaps(Task task) {
                return task.kind() == Task.Kind.MODEL;
            }
        };
        return new TaskRunner(warehouse.connection(), action, new RetryPolicy(3, Duration.ofSeconds(2)), new RunLogFile.Folder(dir.resolve("logs"), warehouse.address()),
                wait -> { }, listener).run(RunRequest.of("run", GRAPH.tasks(), false));
    }

    /** Both tasks wait for each other: each finishes only when the other started, else fails after 20 s. */
    private void meet(String first, String second) {
        CyclicBarrier barrier = new CyclicBarrier(2);
        Step step = () -> {
            barrier.await(20, TimeUnit.SECONDS);
            return TaskOutcome.ok(1, 1, "met");
        };
        steps.put(first, step);
        steps.put(second, step);
    }

    @Test
    void modelsThatDoNotDependOnEachOtherRunAtTheSameTime() throws Exception {
        meet("analytics.a", "analytics.b");

        RunResult run = runAll();

        assertThat(run.succeeded()).isTrue();
        assertThat(run.tasks()).extracting(TaskResult::task).containsExactlyElementsOf(GRAPH.tasks().stream().map(Task::name).toList());
        assertThat(run.tasks()).filteredOn(result -> result.task().startsWith("analytics.") && !result.task().equals("analytics.c"))
                .extracting(TaskResult::detail).containsOnly("met");
        assertThat(threads).hasSize(2);
        assertOrderKept();
    }

    @Test
    void aModelThatFailsSkipsWhatDependsOnItWhileTheOtherBranchRuns() throws Exception {
        steps.put("analytics.a", () -> {
            throw new SQLException("broken model");
        });

        RunResult run = runAll();

        assertThat(run.succeeded()).isFalse();
        assertThat(run.tasks()).extracting(TaskResult::task, TaskResult::status).contains(
                org.assertj.core.groups.Tuple.tuple("analytics.a", "failed"),
                org.assertj.core.groups.Tuple.tuple("analytics.b", "succeeded"),
                org.assertj.core.groups.Tuple.tuple("analytics.c", "succeeded"),
                org.assertj.core.groups.Tuple.tuple("dashboard.d", "skipped"),
                org.assertj.core.groups.Tuple.tuple("checks", "skipped"));
        assertThat(events).doesNotContain("start dashboard.d", "start checks");
        assertThat(rows("SELECT task, status FROM meta.task_runs WHERE run_id = " + run.runId() + " ORDER BY task")).containsExactly(
                List.of("analytics.a", "failed"), List.of("analytics.b", "succeeded"), List.of("analytics.c", "succeeded"), List.of("checks", "skipped"),
                List.of("dashboard.d", "skipped"), List.of("ingest.events", "succeeded"), List.of("ingest.songs", "succeeded"),
                List.of("staging.events", "succeeded"), List.of("staging.songs", "succeeded"));
        assertOrderKept();
    }

    /** A failure outside the tasks (here the listener's) starts no other task, and returns only when the running ones ended. */
    @Test
    void aFailureOutsideTheTasksStartsNoOtherTaskAndWaitsForThoseRunning() throws Exception {
        steps.put("analytics.a", () -> {
            Thread.sleep(300);   // still running when analytics.b's result is heard
            return TaskOutcome.ok(1, 1, "slow");
        });
        assertThatThrownBy(() -> runAll(result -> {
            if (result.task().equals("analytics.b")) {
                throw new IllegalStateException("the listener failed");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("the listener failed");
        assertThat(events).contains("end analytics.a").doesNotContain("start dashboard.d", "start checks");
        assertOrderKept();
    }

    /**
     * Every task started after the tasks it depends on ended, and a task that does not overlap
     * (an ingest, the checks) ran with no other task running.
     */
    private void assertOrderKept() {
        List<String> happened = List.copyOf(events);
        Set<String> ended = new HashSet<>();
        Set<String> running = new HashSet<>();
        Map<String, Task> byName = new ConcurrentHashMap<>();
        GRAPH.tasks().forEach(task -> byName.put(task.name(), task));
        for (String event : happened) {
            String name = event.substring(event.indexOf(' ') + 1);
            Task task = byName.get(name);
            if (event.startsWith("start ")) {
                assertThat(ended).as("what %s depends on had ended when it started", name).containsAll(task.dependsOn());
                if (task.kind() != Task.Kind.MODEL) {
                    assertThat(running).as("tasks running when %s started", name).isEmpty();
                } else {
                    assertThat(running).as("tasks running beside model %s", name).allSatisfy(other -> assertThat(byName.get(other).kind()).isEqualTo(Task.Kind.MODEL));
                }
                running.add(name);
            } else {
                running.remove(name);
                ended.add(name);
            }
        }
        assertThat(running).isEmpty();
    }

    private List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = warehouse.connection().createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(List.of(result.getString(1), result.getString(2)));
            }
        }
        return rows;
    }
}
