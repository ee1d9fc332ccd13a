package soundstage.orchestrate;

import static java.util.Objects.requireNonNull;

/**
 * How a task that ran to its end went.
 *
 * @param succeeded false when the task ran but its result is a failure (a blocking check failed):
 *     its dependents are skipped, and it is not retried
 * @param rowsIn rows the task read that were new to it; -1 when it does not count them
 * @param rowsOut rows it wrote; -1 when it does not count them
 * @param detail one line for the history and the log
 */
public record TaskOutcome(boolean succeeded, long rowsIn, long rowsOut, String detail) {
    public TaskOutcome {
        requireNonNull(detail, "detail is null");
    }

    public static TaskOutcome ok(long rowsIn, long rowsOut, String detail) {
        return new TaskOutcome(true, rowsIn, rowsOut, detail);
    }
}
