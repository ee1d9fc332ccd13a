package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

import soundstage.core.Progress;

/**
 * The progress of a run for a progress bar: each task an equal share of the bar, and the share of
 * the task under way filled as it reports (an ingest by bytes, an export by tables; a model or the
 * checks in one step when they end). As a {@link Progress} it receives the current task's progress.
 */
final class RunProgress implements Progress {
    /** Units of the bar per task: fine enough for a task's own progress to move it. */
    private static final long SHARE = 1_000;
    private final Progress bar;
    private final long total;
    private long finished;

    RunProgress(Progress bar, int tasks) {
        this.bar = requireNonNull(bar, "bar is null");
        this.total = Math.max(1, tasks) * SHARE;
    }

    /** The current task's progress: {@code done} of {@code total} (-1 when unknown: no move). */
    @Override
    public void update(long done, long total) {
        long part = total > 0 ? Math.min(SHARE, Math.max(0, done) * SHARE / total) : 0;
        bar.update(finished + part, this.total);
    }

    /** One more task ended (succeeded, failed or skipped). */
    void taskEnded() {
        finished = Math.min(total, finished + SHARE);
        bar.update(finished, total);
    }
}
