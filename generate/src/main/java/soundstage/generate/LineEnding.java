package soundstage.generate;

import java.util.SplittableRandom;

/**
 * The line separator of one file. Lines are separated, not terminated: the last line of a file
 * has no line ending, as in the public data.
 */
enum LineEnding {
    LF("\n"),
    CRLF("\r\n");

    /**
     * Share of files (event files, and song files with several songs) written with Windows line
     * endings, as happens when part of a dataset passed through a Windows machine.
     */
    static final double CRLF_FILE_RATE = 0.02;

    private final String text;

    LineEnding(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }

    /** CRLF with probability {@link #CRLF_FILE_RATE}; always draws once from {@code random}. */
    static LineEnding pick(SplittableRandom random) {
        return random.nextDouble() < CRLF_FILE_RATE ? CRLF : LF;
    }
}
