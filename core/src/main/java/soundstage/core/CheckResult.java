package soundstage.core;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one data quality check.
 *
 * @param name stable identifier, e.g. {@code users_user_id_unique}
 * @param description one sentence saying what the check asserts
 * @param blocking whether a failure fails the run (exit code 1); a non-blocking check only warns
 * @param failures rows that break the rule (0 when it passes)
 * @param detail a measurement or example for people, e.g. {@code 61.2% of 1000 Sparkify songplays matched a catalogue song (612)}
 */
public record CheckResult(String name, String description, boolean blocking, long failures, String detail) {
    public CheckResult {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(detail, "detail is null");
    }

    public boolean passed() {
        return failures == 0;
    }

    /** {@code pass}, {@code FAIL} (blocking) or {@code warn} (non-blocking). */
    public String status() {
        return passed() ? "pass" : blocking ? "FAIL" : "warn";
    }
}
