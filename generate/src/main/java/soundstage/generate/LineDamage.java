package soundstage.generate;

import java.util.SplittableRandom;

/**
 * The ways an event line is damaged on purpose (the {@code badLineRate} option), each one a
 * failure real ingestion has to survive. Every damaged line is invalid as an event: it does not
 * parse as JSON, or lacks {@code page}, or has a non-numeric {@code ts}.
 */
enum LineDamage {
    /** The line stops in the middle, as after a partial write. Never valid JSON. */
    TRUNCATED,
    /** {@code "ts":"yesterday"}: a string where epoch milliseconds belong. */
    TS_NOT_A_NUMBER,
    /** The {@code page} key is left out. */
    PAGE_MISSING,
    /** A log message instead of an event, as when two writers share a file. Never valid JSON. */
    PLAIN_TEXT;

    /** Each kind equally likely. */
    static LineDamage pick(SplittableRandom random) {
        return values()[random.nextInt(values().length)];
    }
}
