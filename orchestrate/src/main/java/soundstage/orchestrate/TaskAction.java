package soundstage.orchestrate;

/**
 * Does one task's work. Each call is atomic towards the warehouse (it commits all of its work or
 * none), so a task that failed, or whose process died, can simply run again.
 */
@FunctionalInterface
public interface TaskAction {
    /**
     * Runs {@code task} as part of run {@code runId}.
     *
     * @throws Exception when it could not finish; {@link Transience} decides whether another try may help
     */
    TaskOutcome run(Task task, int runId) throws Exception;

    /**
     * How many tasks may run at the same time, each on a thread of its own; with 1 (the default)
     * they run one after the other on the caller's thread. {@link #run} must then be safe to call
     * from that many threads at once for the tasks that {@link #overlaps}. Asked once per run,
     * and only when more than one of its tasks overlaps: the answer may cost the action
     * something (sessions it opens for the tasks).
     */
    default int workers() {
        return 1;
    }

    /** Whether {@code task} may run while other tasks that overlap run; any other task runs alone. */
    default boolean overlaps(Task task) {
        return false;
    }
}
