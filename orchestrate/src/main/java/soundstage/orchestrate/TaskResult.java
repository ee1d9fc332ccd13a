package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

/**
 * How one task of a run ended.
 *
 * @param task the task's name
 * @param status {@code succeeded}, {@code failed} or {@code skipped}
 * @param attempts tries made (0 when skipped)
 * @param rowsIn rows read that were new to it, -1 when not counted
 * @param rowsOut rows written, -1 when not counted
 * @param detail the summary, the error, or why it was skipped
 * @param seconds time taken, retries and waits included
 */
public record TaskResult(String task, String status, int attempts, long rowsIn, long rowsOut, String detail, double seconds) {
    public TaskResult {
        requireNonNull(task, "task is null");
        requireNonNull(status, "status is null");
        requireNonNull(detail, "detail is null");
    }

    public boolean succeeded() {
        return status.equals("succeeded");
    }
}
