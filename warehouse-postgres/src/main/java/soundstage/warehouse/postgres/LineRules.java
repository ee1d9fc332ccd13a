package soundstage.warehouse.postgres;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import soundstage.core.FileKind;

/**
 * What makes a line of a kind good, and the typed source row of a good line: the rules and
 * reasons of the DuckDB loader's {@code load/<kind>.sql}, in Java, so that good lines go
 * straight into the source table with one {@code COPY} (PostgreSQL 15 has no soft cast to JSON
 * or to numbers, and checking in SQL after a COPY into a temporary table cost ten times the
 * COPY). The conformance suite and {@code BaseWarehouseTest}'s line-by-line cases hold the two
 * dialects to the same reasons.
 *
 * <p>Numbers follow DuckDB's TRY_CAST from text: surrounding white space (what DuckDB trims) is
 * allowed, out of range is not a number. An integer may be written as a decimal or with an
 * exponent only when it has no fractional part, however small ({@code 12.0}, {@code 1.5e1}; not
 * {@code 1541030707132.0001}), as DuckDB's {@code meta.has_fraction} decides: {@code ts}
 * 1541030428.305 (seconds, not milliseconds) is refused instead of rounded into 1970. What
 * DuckDB's casts read beyond decimal numbers (hexadecimal {@code 0x10}, binary {@code 0b11},
 * digit separators {@code 1_000}) is not a number here, and DuckDB's loader refuses it too
 * ({@code meta.is_integer}, {@code meta.is_double}). An object or array where text belongs is
 * refused, not stored as its JSON.
 */
final class LineRules {
    /** How a key's text becomes its source column. */
    enum Type { TEXT, INTEGER, BIGINT, DOUBLE }

    /** What a check asks of a key's value. */
    private enum Rule {
        /** not missing or null */
        PRESENT,
        /** text that is not empty after trimming */
        TEXT,
        /** missing, null, or a number of the key's type (the message ends with the value) */
        NUMBER,
        /** missing, empty after trimming, or an integer (the message ends with the value) */
        INTEGER_TEXT,
        /** missing, null, or a finite number (the message ends with the value) */
        FINITE_NUMBER,
        /** missing, null, empty after trimming (stored as NULL: unknown), or a finite number (the message ends with the value) */
        FINITE_NUMBER_OR_EMPTY
    }

    /**
     * One check, in the order the reasons are given. A number's check may also bound it: a value
     * below {@code min} or above {@code max} gets {@code rangeMessage} (null when unbounded).
     */
    private record Check(int key, Rule rule, String message, double min, double max, String rangeMessage) {
    }

    /** Epoch milliseconds of 0001-01-01T00:00:00 and 9999-12-31T23:59:59.999: the times both dialects hold. */
    private static final double EPOCH_MS_MIN = -62135596800000d;
    private static final double EPOCH_MS_MAX = 253402300799999d;
    /**
     * A week, in seconds, as Spotify's ms_played: no play lasts longer, and 1e12 (the limit before)
     * let 9,224 plays overflow the BIGINT sums of their time listened, failing every later run.
     */
    private static final double LENGTH_MAX = 604_800;

    private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");
    /** A double's exponent may have any number of digits, as DuckDB's cast reads it (beyond the range: infinity or zero). */
    private static final Pattern DOUBLE_NUMBER = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    /** The white space DuckDB's casts skip around a number. */
    private static final String SPACE = " \t\n\u000B\f\r";
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final List<String> keys;
    private final Type[] types;
    private final List<Check> checks = new ArrayList<>();
    private int nextSongPage = -1;
    private int nextSongUser = -1;
    /** Keys where text belongs, which must not be an object or array; checked after every other rule. */
    private final List<Integer> singleValues = new ArrayList<>();

    private LineRules(FileKind kind) {
        this.keys = kind.keys();
        this.types = new Type[keys.size()];
        java.util.Arrays.fill(types, Type.TEXT);
    }

    static LineRules of(FileKind kind) {
        LineRules rules = new LineRules(kind);
        switch (kind) {
            case SPARKIFY_EVENTS -> rules
                    .type("itemInSession", Type.INTEGER).type("length", Type.DOUBLE).type("registration", Type.DOUBLE)
                    .type("sessionId", Type.INTEGER).type("status", Type.INTEGER).type("ts", Type.BIGINT)
                    .check("ts", Rule.PRESENT, "required field ts is missing or null")
                    .check("ts", Rule.NUMBER, "ts is not an integer of epoch milliseconds: ")
                    .within(EPOCH_MS_MIN, EPOCH_MS_MAX, "ts is not a time of the years 1 to 9999 in epoch milliseconds: ")
                    .check("page", Rule.TEXT, "required field page is missing or empty")
                    .check("itemInSession", Rule.NUMBER, "itemInSession is not an integer: ")
                    .check("sessionId", Rule.NUMBER, "sessionId is not an integer: ")
                    .check("status", Rule.NUMBER, "status is not an integer: ")
                    .check("length", Rule.FINITE_NUMBER, "length is not a number: ")
                    .within(0, LENGTH_MAX, "length is not from 0 to 604800 seconds (a week; no play lasts longer): ")
                    .check("registration", Rule.FINITE_NUMBER, "registration is not a number: ")
                    .within(EPOCH_MS_MIN, EPOCH_MS_MAX, "registration is not a time of the years 1 to 9999 in epoch milliseconds: ")
                    .check("userId", Rule.INTEGER_TEXT, "userId is not an integer: ")
                    .singleValues("artist", "auth", "firstName", "gender", "lastName", "level", "location", "method", "page", "song", "userAgent")
                    .nextSongNeedsUser("page", "userId");
            case SPARKIFY_SONGS -> rules
                    .type("num_songs", Type.INTEGER).type("artist_latitude", Type.DOUBLE).type("artist_longitude", Type.DOUBLE)
                    .type("duration", Type.DOUBLE).type("year", Type.INTEGER)
                    .check("song_id", Rule.TEXT, "required field song_id is missing or empty")
                    .check("artist_id", Rule.TEXT, "required field artist_id is missing or empty")
                    .check("num_songs", Rule.NUMBER, "num_songs is not an integer: ")
                    .check("duration", Rule.FINITE_NUMBER, "duration is not a number: ")
                    .within(0, LENGTH_MAX, "duration is not from 0 to 604800 seconds (a week; no song lasts longer): ")
                    .check("year", Rule.NUMBER, "year is not an integer: ")
                    .check("artist_latitude", Rule.FINITE_NUMBER_OR_EMPTY, "artist_latitude is not a number: ")
                    .within(-90, 90, "artist_latitude is not from -90 to 90 degrees: ")
                    .check("artist_longitude", Rule.FINITE_NUMBER_OR_EMPTY, "artist_longitude is not a number: ")
                    .within(-180, 180, "artist_longitude is not from -180 to 180 degrees: ")
                    .singleValues("artist_id", "artist_location", "artist_name", "song_id", "title");
        }
        return rules;
    }

    private LineRules type(String key, Type type) {
        types[index(key)] = type;
        return this;
    }

    private LineRules check(String key, Rule rule, String message) {
        checks.add(new Check(index(key), rule, message, 0, 0, null));
        return this;
    }

    /** Bounds the number the last check reads: from {@code min} to {@code max}, else {@code message} and the value. */
    private LineRules within(double min, double max, String message) {
        Check last = checks.remove(checks.size() - 1);
        checks.add(new Check(last.key(), last.rule(), last.message(), min, max, message));
        return this;
    }

    /** Checks, after every other rule, that each of {@code keys}, where text belongs, is not an object or array. */
    private LineRules singleValues(String... keys) {
        for (String key : keys) {
            singleValues.add(index(key));
        }
        return this;
    }

    private LineRules nextSongNeedsUser(String page, String user) {
        nextSongPage = index(page);
        nextSongUser = index(user);
        return this;
    }

    private int index(String key) {
        int at = keys.indexOf(key);
        if (at < 0) {
            throw new IllegalArgumentException("unknown key " + key);
        }
        return at;
    }

    /** Why the line read into {@code fields} cannot be a source row, or null when it can. */
    String reason(JsonFields fields) {
        if (fields.repeatedKey() != null) {
            return repeatedKey(fields.repeatedKey());
        }
        for (Check check : checks) {
            String value = fields.value(check.key());
            switch (check.rule()) {
                case PRESENT -> {
                    if (value == null) {
                        return check.message();
                    }
                }
                case TEXT -> {
                    if (cleanText(value) == null) {
                        return check.message();
                    }
                }
                case NUMBER, FINITE_NUMBER, FINITE_NUMBER_OR_EMPTY -> {
                    if (value != null && (check.rule() != Rule.FINITE_NUMBER_OR_EMPTY || cleanText(value) != null)) {
                        String number = typed(value, fields.isNumber(check.key()), types[check.key()]);
                        if (number == null || check.rule() != Rule.NUMBER && (number.endsWith("Infinity") || number.equals("NaN"))) {
                            return notInteger(check, types[check.key()], value) + value;
                        }
                        // Compared as a double, as DuckDB's loader compares TRY_CAST(... AS DOUBLE); the
                        // bounds are integers below 2^53, so an integer column compares exactly
                        // (typed() gives an integer column's value as plain digits).
                        if (check.rangeMessage() != null) {
                            double bounded = types[check.key()] == Type.DOUBLE ? Double.parseDouble(number) : Long.parseLong(number);
                            if (bounded < check.min() || bounded > check.max()) {
                                return check.rangeMessage() + value;
                            }
                        }
                    }
                }
                case INTEGER_TEXT -> {
                    if (cleanText(value) != null && typed(value, fields.isNumber(check.key()), Type.INTEGER) == null) {
                        return notInteger(check, Type.INTEGER, value) + value;
                    }
                }
            }
        }
        if (nextSongPage >= 0 && "NextSong".equals(cleanText(fields.value(nextSongPage))) && cleanText(fields.value(nextSongUser)) == null) {
            return "NextSong event without a userId";
        }
        // Last, as in DuckDB's loader, where this rule is cheap only as the last one.
        for (int key : singleValues) {
            if (fields.structure(key) != null) {
                return keys.get(key) + " is " + fields.structure(key) + ", not a single value";
            }
        }
        return null;
    }

    /** Writes the typed columns of a good line, in key order (the source table's column order). */
    void write(CopyWriter row, JsonFields fields) throws IOException {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == Type.TEXT && fields.copyRaw(i, row)) {
                continue;
            }
            String value = fields.value(i);
            row.field(value == null || types[i] == Type.TEXT ? value : typed(value, fields.isNumber(i), types[i]));
        }
    }

    /**
     * {@code text} as a value of {@code type} in COPY's text form, or null when it is not one.
     * {@code jsonNumber} says the text is a JSON number literal; short integers and plain decimals
     * go to the server as they are (the common, fast case), other forms are checked and rewritten.
     */
    static String typed(String text, boolean jsonNumber, Type type) {
        if (type == Type.TEXT) {
            return text;
        }
        String plain = plain(text, type);
        if (plain != null) {
            return plain;
        }
        if (jsonNumber && type == Type.DOUBLE) {
            int exponent = Math.max(text.indexOf('e'), text.indexOf('E'));
            if (exponent > 0 && text.length() - exponent <= 3 && text.length() <= 30) {
                return text;   // 1.540344794796E12: an exponent below 100 is in range, and PostgreSQL reads the form
            }
            double value = Double.parseDouble(text);   // a JSON number with a large exponent
            return Double.toString(value);   // Infinity beyond the range, as DuckDB
        }
        String number = trim(text);
        if (type == Type.DOUBLE) {
            if (DOUBLE_NUMBER.matcher(number).matches()) {
                double value = Double.parseDouble(number);
                return Double.toString(value);   // Infinity beyond the range, as DuckDB
            }
            return switch (number.toLowerCase(Locale.ROOT)) {
                case "inf", "infinity", "+inf", "+infinity" -> "Infinity";
                case "-inf", "-infinity" -> "-Infinity";
                case "nan", "+nan", "-nan" -> "NaN";
                default -> null;
            };
        }
        if (!NUMBER.matcher(number).matches() || hasFraction(number)) {
            return null;
        }
        BigDecimal value;
        try {
            value = new BigDecimal(number.startsWith("+") ? number.substring(1) : number).setScale(0, RoundingMode.HALF_UP);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;   // an exponent too large for any column
        }
        boolean inRange = type == Type.INTEGER
                ? value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0
                : value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
        return inRange ? value.toPlainString() : null;
    }

    /**
     * The start of the reason of a value that is no number of its column: for an integer column, a
     * value of an integer's form is out of its range (DuckDB's meta.integer_reason words it the same).
     */
    private String notInteger(Check check, Type type, String value) {
        boolean integer = type == Type.INTEGER || type == Type.BIGINT;
        String number = trim(value);
        if (!integer || !NUMBER.matcher(number).matches() || hasFraction(number)) {
            return check.message();
        }
        return check.rangeMessage() != null ? check.rangeMessage()
                : keys.get(check.key()) + " is outside the integers "
                        + (type == Type.INTEGER ? Integer.MIN_VALUE + " to " + Integer.MAX_VALUE : Long.MIN_VALUE + " to " + Long.MAX_VALUE) + ": ";
    }

    /** The reason of a line that gives {@code key} twice: DuckDB's loader words it the same. */
    static String repeatedKey(String key) {
        return "key " + key + " appears more than once in the object, so its value is ambiguous";
    }

    /**
     * DuckDB's meta.has_fraction, for text that matches {@link #NUMBER}: decided on the digits, as
     * a double would round a fraction below its precision away ({@code 1541030707132.0001}).
     */
    private static boolean hasFraction(String number) {
        if (number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0) {
            return false;
        }
        return new BigDecimal(number.startsWith("+") ? number.substring(1) : number).stripTrailingZeros().scale() > 0;
    }

    /** {@code text} without the white space DuckDB's casts skip around a number ({@link #SPACE}). */
    private static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && SPACE.indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && SPACE.indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return text.substring(start, end);
    }

    /**
     * The common case without a pattern or a parse: an optional minus and digits (at most one
     * decimal point for DOUBLE), short enough for the type; the text as it is. Null otherwise.
     */
    private static String plain(String text, Type type) {
        int length = text.length();
        int start = length > 0 && text.charAt(0) == '-' ? 1 : 0;
        int limit = type == Type.INTEGER ? 9 : type == Type.BIGINT ? 18 : 300;
        if (length == start || length - start > limit) {
            return null;
        }
        boolean point = false;
        for (int i = start; i < length; i++) {
            char c = text.charAt(i);
            if (c == '.' && type == Type.DOUBLE && !point && i > start && i < length - 1) {
                point = true;
            } else if (c < '0' || c > '9') {
                return null;
            }
        }
        return text;
    }

    /** DuckDB's meta.clean_text: text without surrounding white space; null when nothing is left. */
    static String cleanText(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        int start = 0;
        int end = text.length();
        while (start < end && " \t\n\r".indexOf(text.charAt(start)) >= 0) {
            start++;
        }
        while (end > start && " \t\n\r".indexOf(text.charAt(end - 1)) >= 0) {
            end--;
        }
        return start == end ? null : text.substring(start, end);
    }
}
