package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * What a run of the task graph is asked to do.
 *
 * @param command how it was started, for the history (e.g. {@code run}, {@code schedule})
 * @param tasks the tasks, each after those it depends on
 * @param fullRefresh whether model tasks rebuild their tables from the source layer
 * @param resumes the failed run this one takes up, or null
 * @param scheduledFor the schedule's fire time this run is for, or null when started by hand
 * @param backfill the dates whose partitions model tasks compute again, or null
 */
public record RunRequest(String command, List<Task> tasks, boolean fullRefresh, Integer resumes, Instant scheduledFor, Backfill backfill) {
    public RunRequest {
        requireNonNull(command, "command is null");
        tasks = List.copyOf(requireNonNull(tasks, "tasks is null"));
    }

    /** A run started by hand. */
    public static RunRequest of(String command, List<Task> tasks, boolean fullRefresh) {
        return new RunRequest(command, tasks, fullRefresh, null, null, null);
    }
}
