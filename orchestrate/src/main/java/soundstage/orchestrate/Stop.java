package soundstage.orchestrate;

import java.time.Duration;

/**
 * A request to stop, for the whole process: SIGTERM (systemd stopping a service, Airflow ending
 * a task, {@code kill}). Once requested, no task starts any more ({@link TaskRunner} skips the rest
 * of the run, saying why), the task running finishes and the run is recorded as it ended, so that
 * {@code run --resume} takes it up; the process then exits. Killing it instead is safe too (every
 * task commits whole), but leaves a run the next command can only call interrupted.
 */
public final class Stop {
    private static final Object LOCK = new Object();
    private static String requested;
    private static int running;

    private Stop() {
    }

    /** Asks every run to stop after its running task; {@code why} is what the skipped tasks say. */
    public static void request(String why) {
        synchronized (LOCK) {
            if (requested == null) {
                requested = why;
            }
        }
    }

    /** Why the process is stopping, or null when it is not. */
    public static String requested() {
        synchronized (LOCK) {
            return requested;
        }
    }

    /**
     * A run (its tasks, its records and its report) begins: a stop waits for it.
     *
     * @return false, and nothing begins, when a stop was requested
     */
    public static boolean begin() {
        synchronized (LOCK) {
            if (requested != null) {
                return false;
            }
            running++;
            return true;
        }
    }

    /** The run that {@link #begin} announced has ended, however it ended. */
    public static void end() {
        synchronized (LOCK) {
            running--;
            LOCK.notifyAll();
        }
    }

    /** Whether a run is going on. */
    public static boolean anyRunning() {
        synchronized (LOCK) {
            return running > 0;
        }
    }

    /**
     * Waits until no run is going on, at most {@code patience}.
     *
     * @return whether none is
     */
    public static boolean awaitNoRun(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (LOCK) {
            while (running > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LOCK.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }
}
