package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import soundstage.core.UserException;

/**
 * {@code run --resume}: the tasks of the latest run that did not succeed (failed, skipped, or
 * never started because the process died), in graph order. Tasks that succeeded are not run
 * again; that is safe because every task keeps its own state, so a later task finds the work of
 * an earlier one committed. Of an incremental run, the models those tasks read from run again
 * too: a model merges only the files all its inputs have merged, so files the resume ingests
 * would otherwise stop at the first model that succeeded before (a full refresh's are not: they
 * would be built again from scratch).
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
     * @param gone tasks of that run still to run that the graph no longer has (a configured source
     *     renamed or removed since, or the source of {@code schedule --watch}): left out, in order of name
     */
    public record Plan(int resumes, List<Task> tasks, boolean fullRefresh, List<String> gone) {
        public Plan {
            tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
            gone = List.copyOf(requireNonNull(gone, "gone is null"));
        }
    }

    /** The plan, or empty when the latest run succeeded or there was none. */
    public static Optional<Plan> plan(RunHistory history, TaskGraph graph) throws SQLException {
        Optional<RunHistory.PastRun> latest = history.latestRun();
        if (latest.isPresent() && latest.get().command().startsWith("backfill")) {
            if (!latest.get().status().equals("succeeded")) {
                throw new UserException("The last run, " + latest.get().runId() + ", was a backfill, which does not resume: run the same backfill again "
                        + "(it computes the same partitions again and changes nothing that is already right).");
            }
            // A backfill that succeeded after a stopped run (a full refresh stopped part-way leaves no table behind the files, so a
            // backfill may follow it) does not take its place: the run it followed is still there to resume.
            latest = history.latestRunButBackfills();
        }
        if (latest.isEmpty() || latest.get().status().equals("succeeded")) {
            return Optional.empty();
        }
        RunHistory.PastRun run = latest.get();
        Set<String> remaining = new HashSet<>(run.tasks());
        remaining.removeAll(history.succeededTasks(run.runId()));
        Set<String> known = graph.tasks().stream().map(Task::name).collect(Collectors.toSet());
        List<String> gone = remaining.stream().filter(name -> !known.contains(name)).sorted().toList();
        gone.forEach(remaining::remove);
        if (!run.fullRefresh()) {
            // A model merges only up to the files its inputs have merged: the models the remaining
            // tasks read from, directly or not, are brought up to the files this run ingests too
            // (each merges nothing when nothing arrived since it ran).
            Set<String> upstream = graph.withUpstream(remaining);
            graph.tasks().stream().filter(task -> task.kind() == Task.Kind.MODEL && upstream.contains(task.name())).forEach(task -> remaining.add(task.name()));
        }
        List<Task> tasks = graph.tasks().stream().filter(task -> remaining.contains(task.name())).toList();
        return Optional.of(new Plan(run.runId(), tasks, run.fullRefresh(), gone));
    }
}
