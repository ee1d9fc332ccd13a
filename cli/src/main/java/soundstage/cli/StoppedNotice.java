package soundstage.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The line a command that SIGTERM (as Airflow and systemd send) or Ctrl-C ends part-way says on its
 * way out: such a command ended without a word. For commands that stop at once (ingest, export);
 * a run stops gracefully instead (see {@link GracefulStop}).
 */
final class StoppedNotice {
    private StoppedNotice() {
    }

    /** Runs {@code work} and returns what it does; if the process is ended while it runs, says {@code line} (after "soundstage: ") on {@code err}. */
    static <T> T around(PrintWriter err, String line, Callable<T> work) throws Exception {
        Thread notice = new Thread(() -> {
            err.println((TerminalProgress.isTerminal() ? "\n" : "") + "soundstage: " + line);
            err.flush();
        }, "soundstage-stopped");
        Runtime.getRuntime().addShutdownHook(notice);
        try {
            return work.call();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(notice);
            } catch (IllegalStateException shuttingDown) {
                // the process is ending: the notice says so
            }
        }
    }
}
