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
}
