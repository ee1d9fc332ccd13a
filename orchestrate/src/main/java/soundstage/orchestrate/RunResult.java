package soundstage.orchestrate;

import java.nio.file.Path;
import java.util.List;

/**
 * How a run of the task graph ended.
 *
 * @param runId its id in {@code meta.runs}
 * @param tasks every selected task's result, in run order
 * @param logFile its structured log
 */
public record RunResult(int runId, List<TaskResult> tasks, Path logFile) {
    public RunResult {
        tasks = List.copyOf(tasks);
    }

    /** Whether every task succeeded. */
    public boolean succeeded() {
        return tasks.stream().allMatch(TaskResult::succeeded);
    }

    public long count(String status) {
        return tasks.stream().filter(task -> task.status().equals(status)).count();
    }
}
