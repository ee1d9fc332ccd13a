package soundstage.orchestrate;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration and options: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    /** The most any duration may be: a year, far beyond any wait or retry that makes sense. */
    private static final Duration MOST = Duration.ofDays(366);

    private Durations() {
    }

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    public static Duration parse(String text) {
        Matcher matcher = FORM.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a whole number and a unit: 500ms, 30s, 10m, 2h or 1d");
        }
        String digits = matcher.group(1).replaceFirst("^0+(?=\\d)", "");
        if (digits.length() > 11) {   // a year is 11 digits of milliseconds: more is longer in any unit (and may not fit a long)
            throw longerThanAYear(text);
        }
        long amount = Long.parseLong(digits);
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.compareTo(MOST) > 0) {
            throw longerThanAYear(text);
        }
        return duration;
    }

    private static IllegalArgumentException longerThanAYear(String text) {
        return new IllegalArgumentException("'" + text + "' is longer than a year, the most a duration may be here; give at most 366d");
    }
}
