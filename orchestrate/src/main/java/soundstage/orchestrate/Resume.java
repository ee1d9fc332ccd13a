package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import soundstage.core.UserException;

/**
 * {@code run --resume}: the tasks of the latest run that did not succeed (failed, skipped, or
 * never started because the process died), in graph order. Tasks that succeeded are not run
 * again; that is safe because every task keeps its own state, so a later task finds the work of
 * an earlier one committed.
 */
public final class Resume {
    private Resume() {
    }

    /**
     * What resuming does.
     *
     * @param resumes the run taken up
     * @param tasks the tasks still to run
     * @param fullRefresh whether that run was a full refresh (so is the rest of it)
     */
    public record Plan(int resumes, List<Task> tasks, boolean fullRefresh) {
        public Plan {
            tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
        }
    }

    /** The plan, or empty when the latest run succeeded or there was none. */
    public static Optional<Plan> plan(RunHistory history, TaskGraph graph) throws SQLException {
        Optional<RunHistory.PastRun> latest = history.latestRun();
        if (latest.isEmpty() || latest.get().status().equals("succeeded")) {
            return Optional.empty();
        }
        RunHistory.PastRun run = latest.get();
        if (run.command().startsWith("backfill")) {
            throw new UserException("The last run, " + run.runId() + ", was a backfill, which does not resume: run the same backfill again "
                    + "(it computes the same partitions again and changes nothing that is already right).");
        }
        Set<String> remaining = new HashSet<>(run.tasks());
        remaining.removeAll(history.succeededTasks(run.runId()));
        List<Task> tasks = graph.tasks().stream().filter(task -> remaining.contains(task.name())).toList();
        return Optional.of(new Plan(run.runId(), tasks, run.fullRefresh()));
    }
}
