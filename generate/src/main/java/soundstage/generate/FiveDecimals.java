package soundstage.generate;

/**
 * Writes fixed-point numbers held as whole hundred-thousandths, the precision of every duration,
 * song length and coordinate in the public data ({@code 218.93179}).
 *
 * <p>Numbers are kept as {@code long}s and printed here, instead of going through {@code double}
 * and {@link Double#toString}, for two reasons: the song file and the events that play it must
 * carry the very same characters, and the text must not depend on the JDK's double printing. The
 * format is Python's {@code repr} of the value, as in the public files: trailing zeros dropped but
 * at least one decimal kept ({@code 240.0}, {@code 218.9317}).
 */
final class FiveDecimals {

    /** Units per whole number. */
    static final long SCALE = 100_000;

    private FiveDecimals() {}

    /** Converts a value to whole hundred-thousandths, rounding half away from zero. */
    static long units(double value) {
        return Math.round(value * SCALE);
    }

    /** The text of {@code units / 100000}, e.g. {@code 21893179 -> "218.93179"}. */
    static String format(long units) {
        StringBuilder text = new StringBuilder(12);
        if (units < 0) {
            text.append('-');
            units = -units;
        }
        text.append(units / SCALE).append('.');
        long fraction = units % SCALE;
        if (fraction == 0) {
            return text.append('0').toString();
        }
        int digits = 5;
        while (fraction % 10 == 0) {
            fraction /= 10;
            digits--;
        }
        String fractionText = Long.toString(fraction);
        for (int pad = digits - fractionText.length(); pad > 0; pad--) {
            text.append('0');
        }
        return text.append(fractionText).toString();
    }
}
