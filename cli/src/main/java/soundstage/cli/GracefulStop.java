package soundstage.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import soundstage.orchestrate.Stop;
import sun.misc.Signal;

/**
 * SIGTERM (systemd stopping the schedule's service, Airflow ending a task, {@code kill}) stops a
 * run gracefully: the running task finishes, the others are skipped, the run is recorded and
 * reported as it ended (so {@code run --resume} takes it up), and the process exits with 143, as
 * a process ended by SIGTERM does. After {@link #PATIENCE} it exits anyway: every task commits
 * whole, so nothing is half written either way. Ctrl-C (SIGINT) still stops at once.
 */
final class GracefulStop {
    /** Less than the time systemd (90 s) and Airflow (60 s) give a process before they kill it. */
    static final Duration PATIENCE = Duration.ofSeconds(50);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private GracefulStop() {
    }

    /** Takes SIGTERM over for this process (once), saying on {@code err} what it does. */
    static void install(PrintWriter err) {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                Stop.request("soundstage was asked to stop (SIGTERM)");
                Thread stopping = new Thread(() -> {
                    err.println("soundstage: asked to stop (SIGTERM): the running task finishes and the others are skipped; "
                            + "`soundstage run --resume` takes the run up");
                    err.flush();
                    try {
                        Stop.awaitNoRun(PATIENCE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.exit(143);
                }, "soundstage-stop");
                stopping.setDaemon(true);
                stopping.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGTERM to take over here: it ends the process at once, which is safe too
        }
    }
}
