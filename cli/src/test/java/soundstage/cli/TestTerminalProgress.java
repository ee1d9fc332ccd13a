package soundstage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress bar: what it draws, how often, and that it gets out of the way of other output. */
class TestTerminalProgress {
    private final StringWriter screen = new StringWriter();
    private long now = 1_000_000_000L;
    private final TerminalProgress bar = new TerminalProgress(new PrintWriter(screen), "run", true, () -> now);

    private String drawn() {
        String text = screen.toString();
        screen.getBuffer().setLength(0);
        return text;
    }

    private static final String ERASED = "\r" + " ".repeat("run".length() + 30 + 8) + "\r";

    @Test
    void drawsTheShareDoneAtMostTenTimesASecondAndOnlyWhenItMoves() {
        bar.update(1, 10);
        assertThat(drawn()).isEqualTo("\rrun [###...........................]  10%");
        now += 50_000_000L;
        bar.update(5, 10);
        assertThat(drawn()).as("within 0.1 s of the last drawing").isEmpty();
        now += 60_000_000L;
        bar.update(5, 10);
        assertThat(drawn()).isEqualTo("\rrun [###############...............]  50%");
        now += 200_000_000L;
        bar.update(501, 1_000);
        assertThat(drawn()).as("the same percentage").isEmpty();
        bar.update(-1, -1);
        assertThat(drawn()).as("an unknown total").isEmpty();
    }

    @Test
    void erasesItselfWhenDoneEvenWithinATenthOfASecond() {
        bar.update(3, 4);
        now += 1_000;
        bar.update(4, 4);
        assertThat(drawn()).isEqualTo("\rrun [**]  75%".replace("**", "#".repeat(22) + ".".repeat(8)) + ERASED);
        bar.update(4, 4);
        assertThat(drawn()).isEmpty();
    }

    /** A notice printed from another thread (a session waiting for a lock) used to land inside the bar's line. */
    @Test
    void aLineFromAnotherThreadErasesTheBarFirst() throws Exception {
        bar.update(1, 2);
        drawn();
        Thread notice = new Thread(() -> TerminalProgress.println(new PrintWriter(screen), "soundstage: waiting"));
        notice.start();
        notice.join();
        assertThat(drawn()).isEqualTo(ERASED + "soundstage: waiting" + System.lineSeparator());
        bar.update(1, 2);
        assertThat(drawn()).as("drawn again at the next update").isEqualTo("\rrun [###############...............]  50%");
        bar.clear();
        drawn();
        TerminalProgress.println(new PrintWriter(screen), "soundstage: done waiting");
        assertThat(drawn()).as("no bar on screen: the line alone").isEqualTo("soundstage: done waiting" + System.lineSeparator());
    }

    @Test
    void clearErasesTheBarBeforeOtherOutputAndTheNextUpdateDrawsItAgain() {
        bar.clear();
        assertThat(drawn()).as("nothing on screen yet").isEmpty();
        bar.update(1, 2);
        drawn();
        bar.clear();
        assertThat(drawn()).isEqualTo(ERASED);
        bar.clear();
        assertThat(drawn()).as("already erased").isEmpty();
        bar.update(1, 2);
        assertThat(drawn()).as("the same percentage, at once").isEqualTo("\rrun [###############...............]  50%");
    }

    @Test
    void showsNothingWhenNotOnATerminal() {
        TerminalProgress hidden = new TerminalProgress(new PrintWriter(screen), "run", false, () -> now);
        hidden.update(1, 2);
        hidden.clear();
        hidden.update(2, 2);
        assertThat(drawn()).isEmpty();
        // Tests run without a console: every command's bar is hidden.
        TerminalProgress.forLabel(new PrintWriter(screen), "ingest").update(1, 2);
        assertThat(drawn()).isEmpty();
    }
}
