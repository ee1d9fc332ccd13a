package soundstage.cli;

import java.io.PrintWriter;
import java.util.Locale;
import soundstage.core.Progress;

/**
 * A progress bar on standard error, redrawn in place, when standard output is a terminal; nothing
 * otherwise (commands then print a one-line summary at the end).
 */
final class TerminalProgress implements Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String label;
    private long lastDrawn = -1;
    private int lastPercent = -1;

    private TerminalProgress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A bar when the console is interactive, else {@link Progress#NONE}. */
    static Progress forLabel(PrintWriter err, String label) {
        return isTerminal() && System.getenv("CI") == null ? new TerminalProgress(err, label) : Progress.NONE;
    }

    /**
     * Whether standard input and output are a terminal. Up to Java 21 that is what a non-null
     * {@link System#console()} means; from Java 22 on a console exists even in a pipe and
     * {@code Console.isTerminal()} (looked up reflectively, this code targets Java 17) tells.
     */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJava) {
            return true;
        }
    }

    @Override
    public void update(long done, long total) {
        long now = System.nanoTime();
        int percent = total > 0 ? (int) Math.min(100, done * 100 / total) : -1;
        if (percent == lastPercent || (now - lastDrawn < 100_000_000L && percent < 100)) {
            return;
        }
        lastDrawn = now;
        lastPercent = percent;
        int filled = Math.max(0, percent) * WIDTH / 100;
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%%", label, "#".repeat(filled), ".".repeat(WIDTH - filled), percent));
        if (percent == 100) {
            err.print("\r" + " ".repeat(label.length() + WIDTH + 8) + "\r");
        }
        err.flush();
    }
}
