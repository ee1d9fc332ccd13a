package soundstage.core;

/**
 * How {@code meta.runs} and {@code meta.task_runs} show a run or a try that they still say is
 * running when no writer holds the warehouse ({@link Warehouse#writerAtWork()}): its process ended
 * before it could say so. Readers show it as the next writer records it (failed, with the same
 * detail), so what they show does not change when a writer comes.
 */
public final class RunStatus {
    /** The detail of a run that was interrupted. */
    public static final String RUN_INTERRUPTED = "interrupted: the process ended before it finished; what it had committed is kept, the rest was rolled back";
    /** The detail of a task's try that was interrupted. */
    public static final String TASK_INTERRUPTED = "interrupted: the process ended before it finished; nothing it did was kept";

    private RunStatus() {
    }

    /** SQL for the {@code status} column of a row of {@code meta.runs} or {@code meta.task_runs}. */
    public static String status(boolean writerAtWork) {
        return writerAtWork ? "status" : "CASE WHEN status = 'running' THEN 'failed' ELSE status END";
    }

    /** SQL for the {@code detail} column of a row of {@code meta.runs}. */
    public static String runDetail(boolean writerAtWork) {
        return detail(writerAtWork, RUN_INTERRUPTED);
    }

    /** SQL for the {@code detail} column of a row of {@code meta.task_runs}. */
    public static String taskDetail(boolean writerAtWork) {
        return detail(writerAtWork, TASK_INTERRUPTED);
    }

    /**
     * SQL that shows the time {@code column} of {@code meta.runs} or {@code meta.task_runs} to a
     * person: to the second, marked as UTC (what the warehouse holds, whatever the zone of the
     * process that wrote it): {@code 2026-05-01 02:00:13 UTC}. The same on both warehouses.
     */
    public static String shownTime(String column) {
        return "CAST(date_trunc('second', " + column + ") AS VARCHAR) || ' UTC'";
    }

    private static String detail(boolean writerAtWork, String interrupted) {
        return writerAtWork ? "detail" : "CASE WHEN status = 'running' THEN '" + interrupted + "' ELSE detail END";
    }
}
