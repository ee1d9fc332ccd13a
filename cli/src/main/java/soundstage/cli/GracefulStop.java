package soundstage.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import soundstage.core.WriterLock;
import soundstage.orchestrate.Stop;
import sun.misc.Signal;

/**
 * SIGTERM (systemd stopping the schedule's service, Airflow ending a task, {@code kill}) stops a
 * run gracefully: the running task finishes, the others are skipped, the run is recorded and
 * reported as it ended (so {@code run --resume} takes it up), the warehouse is closed (its writer
 * lock released), and the process exits with 143, as a process ended by SIGTERM does. After
 * {@link #PATIENCE} and {@link #CLOSING} it exits anyway: every task commits whole, so nothing is
 * half written either way. Ctrl-C (SIGINT) still stops at once.
 */
final class GracefulStop {
    /** Less than the time systemd (90 s) and Airflow (60 s) give a process before they kill it. */
    static final Duration PATIENCE = Duration.ofSeconds(50);
    /** How long the command has, once no run is going on, to close the warehouse (releasing its lock). */
    static final Duration CLOSING = Duration.ofSeconds(10);
    /** The exit code of a process ended by SIGTERM (128 + 15). */
    static final int EXIT_CODE = 143;
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
                    // Said as it is: a schedule between runs (or the demo's dashboard) runs no task, and the
                    // last task of a run leaves none to skip (that run then succeeds).
                    err.println(Stop.anyRunning() ? "soundstage: asked to stop (SIGTERM): the running task finishes and any not yet started are skipped; "
                            + "`soundstage run --resume` takes them up" : "soundstage: asked to stop (SIGTERM): no run is going on; stopping");
                    err.flush();
                    try {
                        // A command in a run ends it, closes the warehouse and exits by itself (Main);
                        // this ends one that does not, once its warehouse is closed (a DuckDB writer
                        // publishes the readers' snapshot and releases its lock then: a run stopped
                        // right after its last task left both behind), and at once one that holds
                        // none (a schedule waiting for its next run, the demo's dashboard).
                        if (Stop.anyRunning()) {
                            Stop.awaitNoRun(PATIENCE);
                        }
                        WriterLock.awaitNoneHeld(CLOSING);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.exit(EXIT_CODE);
                }, "soundstage-stop");
                stopping.setDaemon(true);
                stopping.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGTERM to take over here: it ends the process at once, which is safe too
        }
    }
}
