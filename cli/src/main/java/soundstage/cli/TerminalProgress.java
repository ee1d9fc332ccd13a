package soundstage.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import soundstage.core.Progress;

/**
 * A progress bar on standard error, redrawn in place, when standard output is a terminal; nothing
 * otherwise (commands then print a one-line summary at the end). Redrawn at most ten times a
 * second and only when its percentage moves; erased when it reaches 100 %, and by {@link #clear}
 * before a command prints a line of its own (the bar comes back at the next update). A line that
 * another thread prints while a bar is drawn (a notice that a session waits for a lock) goes
 * through {@link #println}, which erases the bar first.
 */
final class TerminalProgress implements Progress {
    private static final int WIDTH = 30;
    /** Guards drawing, so that a line from another thread never lands inside a bar. */
    private static final Object SCREEN = new Object();
    /** The bar on screen now, if any. */
    private static TerminalProgress showing;
    private static final long REDRAW_NANOS = 100_000_000L;
    private final PrintWriter err;
    private final String label;
    private final boolean shown;
    private final LongSupplier nanoTime;
    private long lastDrawn;
    private int lastPercent = -1;
    private boolean onScreen;

    TerminalProgress(PrintWriter err, String label, boolean shown, LongSupplier nanoTime) {
        this.err = err;
        this.label = label;
        this.shown = shown;
        this.nanoTime = nanoTime;
        this.lastDrawn = nanoTime.getAsLong() - REDRAW_NANOS;
    }

    /** A bar when the console is interactive (and not in CI), else one that shows nothing. */
    static TerminalProgress forLabel(PrintWriter err, String label) {
        return new TerminalProgress(err, label, isTerminal() && System.getenv("CI") == null, System::nanoTime);
    }

    /**
     * Whether standard input and output are a terminal. Up to Java 21 that is what a non-null
     * {@link System#console()} means; from Java 22 on a console exists even in a pipe and
     * {@code Console.isTerminal()} (looked up reflectively, this code targets Java 17) tells.
     */
    static boolean isTerminal() {
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

    /**
     * Prints {@code line} on {@code to} (standard error, or output), from any thread, erasing first
     * the bar that is on screen (the next update draws it again).
     */
    static void println(PrintWriter to, String line) {
        synchronized (SCREEN) {
            if (showing != null) {
                showing.clear();
            }
            to.println(line);
            to.flush();
        }
    }

    @Override
    public void update(long done, long total) {
        if (!shown || total <= 0) {
            return;   // (an unknown total: nothing to show a share of)
        }
        synchronized (SCREEN) {
            draw(done, total);
        }
    }

    private void draw(long done, long total) {
        long now = nanoTime.getAsLong();
        int percent = (int) Math.min(100, Math.max(0, done) * 100 / total);
        if (percent == lastPercent || (now - lastDrawn < REDRAW_NANOS && percent < 100)) {
            return;
        }
        lastDrawn = now;
        lastPercent = percent;
        if (percent == 100) {
            erase();
            return;
        }
        int filled = percent * WIDTH / 100;
        err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%%", label, "#".repeat(filled), ".".repeat(WIDTH - filled), percent));
        err.flush();
        onScreen = true;
        showing = this;
    }

    /** Erases the bar, if it is on screen, so that the next line printed starts at the left; the next update draws it again. */
    void clear() {
        synchronized (SCREEN) {
            erase();
            lastPercent = -1;
            lastDrawn = nanoTime.getAsLong() - REDRAW_NANOS;
        }
    }

    private void erase() {
        if (onScreen) {
            err.print("\r" + " ".repeat(label.length() + WIDTH + 8) + "\r");
            err.flush();
            onScreen = false;
            showing = null;
        }
    }
}
