package soundstage.ingest.spotify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.math.BigDecimal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;
import java.util.SortedSet;
import java.util.TreeSet;
import soundstage.core.IngestOptions;
import soundstage.core.Utf16;
import soundstage.ingest.spotify.SpotifyKeys.Key;

/**
 * Reads one streaming-history file, a JSON array of play records, as a stream: memory does not
 * grow with the file. Each record becomes a {@link StreamRow} or, when it breaks a rule (not an
 * object, no time, no ms_played, a value of the wrong type, no listener), a bad record with its
 * reason. A file that is not a whole JSON array (not UTF-8, not JSON, truncated) fails as a whole:
 * its outcome says why and where, and the caller discards the rows it already received.
 *
 * <p>Not thread-safe; one reader per thread.
 */
final class StreamingHistoryReader {
    private static final JsonFactory JSON = JsonFactory.builder().disable(com.fasterxml.jackson.core.StreamReadFeature.AUTO_CLOSE_SOURCE).build();
    /** Strict: "2019-04-31 10:00" is refused, not read as the 30th. */
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withResolverStyle(ResolverStyle.STRICT);
    private static final SpotifyColumn[] COLUMNS = SpotifyColumn.all();

    /**
     * The first and the last second (epoch seconds, UTC) of the years 1 to 9999, the years every
     * dialect's timestamp holds and the text a bulk loader reads has four digits for.
     */
    static final long FIRST_SECOND = -62_135_596_800L;
    static final long LAST_SECOND = 253_402_300_799L;
    /**
     * The longest play a record may give: a week. Real plays last minutes (an audiobook chapter,
     * hours); far more overflows the warehouse's interval arithmetic (start_time = ts - ms_played)
     * and its sums, which would fail every later run.
     */
    static final long MAX_MS_PLAYED = 7L * 24 * 3_600_000;
    /**
     * The most bytes a record may take in the file. Real records take under 2 KB. A row's bulk
     * text is at most about three times its record (the values, and the record itself in raw),
     * so this keeps every row well inside DuckDB's 16 MiB limit on one line of its bulk CSV.
     */
    static final int MAX_RECORD_BYTES = 4 << 20;
    /** The most characters of an over-long record that its quarantine row keeps. */
    static final int KEPT_CHARACTERS = 1 << 16;

    /** Receives what the reader finds, in file order. */
    interface Receiver {
        void row(StreamRow row);

        void bad(long recordNo, long lineNo, String reason, String raw);
    }

    /**
     * What became of a file.
     *
     * @param records records in the array
     * @param good records that became rows
     * @param unknownKeys keys no column holds (their records keep their text in raw)
     * @param failure why the file as a whole cannot be loaded, or null
     * @param failureLine the line the failure was found on
     * @param sha256 the file's hash
     * @param bytes bytes read
     * @param array whether the file held a whole JSON array (an empty one is a history with nothing in it)
     */
    record Outcome(long records, long good, SortedSet<String> unknownKeys, String failure, long failureLine, String sha256, long bytes, boolean array) {
        /** An outcome without a whole array: a file that failed, or held no JSON at all. */
        Outcome(long records, long good, SortedSet<String> unknownKeys, String failure, long failureLine, String sha256, long bytes) {
            this(records, good, unknownKeys, failure, failureLine, sha256, bytes, false);
        }
    }

    private final boolean dropPersonalData;

    StreamingHistoryReader(boolean dropPersonalData) {
        this.dropPersonalData = dropPersonalData;
    }

    /**
     * Reads {@code in} to its end.
     *
     * @param listener the listener of records without a username, or null when none is known
     * @throws IOException when the file cannot be read (not when its content is bad: that is the outcome's failure)
     */
    Outcome read(EntryStream in, int fileId, String listener, String fileContent, Receiver receiver) throws IOException {
        long records = 0;
        long complete = 0;
        long good = 0;
        SortedSet<String> unknownKeys = new TreeSet<>();
        if (in.encodingProblem() != null) {
            return new Outcome(0, 0, unknownKeys, in.encodingProblem(), 1, in.finish(), in.bytesRead());
        }
        JsonParser parser = JSON.createParser(in);
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Outcome(0, 0, unknownKeys, null, 0, in.finish(), in.bytesRead());
            }
            if (first != JsonToken.START_ARRAY) {
                return new Outcome(0, 0, unknownKeys, "not a JSON array of play records (it starts with " + describe(first)
                        + "); Spotify's streaming-history files are JSON arrays", line(parser), in.finish(), in.bytesRead());
            }
            Record record = new Record();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    throw new JsonEOFException(parser, null, "end of input inside the array");
                }
                records++;
                JsonLocation start = parser.currentTokenLocation();
                in.forgetBefore(start.getByteOffset());
                record.reset();
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    record.reason = "not a JSON object but " + describe(token);   // the quarantine adds "(record N)"
                } else {
                    readFields(parser, record);
                }
                long size = parser.currentLocation().getByteOffset() - start.getByteOffset();
                if (size > MAX_RECORD_BYTES) {
                    record.reason = tooLong(records, size, record);
                }
                String name = record.username != null ? record.username : listener;
                String reason = record.reason != null ? record.reason : missing(record, name);
                if (reason == null) {
                    good++;
                    unknownKeys.addAll(record.unknown);
                    String raw = record.unknown.isEmpty() ? null : raw(in, start, parser);
                    receiver.row(new StreamRow(fileId, records, start.getLineNr(), name, record.history, fileContent, record.values, raw));
                } else if (size > MAX_RECORD_BYTES) {
                    receiver.bad(records, start.getLineNr(), reason, cut(raw(in, start, parser)));
                } else {
                    receiver.bad(records, start.getLineNr(), reason, raw(in, start, parser));
                }
                complete = records;
            }
            JsonToken after = parser.nextToken();
            if (after != null) {
                return new Outcome(records, good, unknownKeys, "more JSON after the array's closing ] (" + describe(after) + ")", line(parser),
                        in.finish(), in.bytesRead());
            }
        } catch (JsonEOFException e) {
            return new Outcome(records, good, unknownKeys, "truncated: the file ends inside the JSON array, after " + complete
                    + " complete records; download the export again", line(parser), in.finish(), in.bytesRead());
        } catch (StreamConstraintsException e) {
            // Beyond one of the parser's limits (a text of 20 million characters, a number of 1,000
            // digits, nesting 1,000 deep): the record cannot be skipped alone, since the parser
            // stops inside it.
            return new Outcome(records, good, unknownKeys, "at line " + line(parser) + ", " + limit(e) + "; the file was not loaded",
                    line(parser), in.finish(), in.bytesRead());
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            String failure = message.contains("UTF-8") || message.contains("UTF8")
                    ? "not UTF-8: invalid byte sequence at line " + e.getLocation().getLineNr() + "; convert the file to UTF-8 and ingest it again"
                    : "malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + firstSentence(message);
            return new Outcome(records, good, unknownKeys, failure, e.getLocation().getLineNr(), in.finish(), in.bytesRead());
        }
        return new Outcome(records, good, unknownKeys, null, 0, in.finish(), in.bytesRead(), true);
    }

    /**
     * The parser's limit that {@code e} hit, in words: Jackson's message without its pointer to the
     * setting ("String value length (20000001) exceeds the maximum allowed (20000000)").
     */
    static String limit(StreamConstraintsException e) {
        String message = firstSentence(e.getOriginalMessage()).replaceFirst(",? ?from `?StreamReadConstraints\\.\\w+\\(\\)`?", "").strip();
        return message.isEmpty() ? "a value is beyond what the JSON parser reads" : message;
    }

    /** Why a record of {@code size} bytes is too long to load, naming its longest known value. */
    private static String tooLong(long recordNo, long size, Record record) {
        String longest = record.longestName == null ? ""
                : " (its longest value, " + record.longestName + ", has " + record.longestLength + " characters)";
        return "record " + recordNo + " is " + size + " bytes long" + longest + ", more than the " + MAX_RECORD_BYTES
                + " a record may have; the quarantine keeps only its first " + KEPT_CHARACTERS + " characters";
    }

    /** The first {@link #KEPT_CHARACTERS} characters of {@code raw} (not splitting a surrogate pair), or null. */
    private static String cut(String raw) {
        if (raw == null || raw.length() <= KEPT_CHARACTERS) {
            return raw;
        }
        int end = Character.isHighSurrogate(raw.charAt(KEPT_CHARACTERS - 1)) ? KEPT_CHARACTERS - 1 : KEPT_CHARACTERS;
        return raw.substring(0, end);
    }

    /** The record's text as read, without personal data when that is dropped. */
    private String raw(EntryStream in, JsonLocation start, JsonParser parser) throws IOException {
        byte[] bytes = in.slice(start.getByteOffset(), parser.currentLocation().getByteOffset());
        return dropPersonalData ? withoutPersonalData(bytes).text() : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * A record's text without its personal keys ({@code dropped}: it had some). Text that is not JSON
     * (cut short, say) cannot be scrubbed: then {@code text} is null, and {@code dropped} says
     * whether a personal key's name appears in it.
     */
    record Scrubbed(String text, boolean dropped) {
    }

    static Scrubbed withoutPersonalData(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        boolean dropped = false;
        try (JsonParser record = JSON.createParser(bytes); JsonGenerator copy = JSON.createGenerator(out)) {
            for (JsonToken token = record.nextToken(); token != null; token = record.nextToken()) {
                if (token == JsonToken.FIELD_NAME && record.getParsingContext().getParent().inRoot() && isPersonal(record.currentName())) {
                    record.nextToken();
                    record.skipChildren();
                    dropped = true;
                    continue;
                }
                copy.copyCurrentEvent(record);
            }
        } catch (JsonParseException | StreamConstraintsException e) {
            // a record that is not JSON, or holds a value too long to copy, cannot be scrubbed; keep nothing of it
            String text = new String(bytes, StandardCharsets.UTF_8);
            return new Scrubbed(null, SpotifyKeys.personalKeys().stream().anyMatch(key -> text.contains("\"" + key + "\"")));
        }
        return new Scrubbed(out.toString(StandardCharsets.UTF_8), dropped);
    }

    private static boolean isPersonal(String key) {
        Key known = SpotifyKeys.key(key);
        return known != null && known.column().personal();
    }

    private void readFields(JsonParser parser, Record record) throws IOException {
        for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (record.repeats(name)) {
                record.fail("key " + name + " appears more than once in the record, so its value is ambiguous");
            }
            if (name.equals(SpotifyKeys.USERNAME)) {
                if (value == JsonToken.VALUE_STRING && !parser.getText().isBlank()) {
                    record.username = parser.getText();
                    String unstorable = unstorable(name, record.username);
                    if (unstorable != null) {
                        record.fail(unstorable);
                    }
                } else if (value != JsonToken.VALUE_NULL && value != JsonToken.VALUE_STRING) {
                    parser.skipChildren();
                    record.fail("username is not text but " + describe(value));
                }
                continue;
            }
            Key key = SpotifyKeys.key(name);
            if (key == null) {
                record.unknown.add(name);
                parser.skipChildren();
                continue;
            }
            if (key.read() == SpotifyKeys.Read.MINUTE || key.read() == SpotifyKeys.Read.ISO_INSTANT) {
                String history = key.read() == SpotifyKeys.Read.MINUTE ? SpotifyKeys.TWELVE_MONTH : SpotifyKeys.EXTENDED;
                if (record.history != null && !record.history.equals(history)) {
                    record.fail("the record has both ts and endTime: it is neither a 12-month nor an extended record");
                }
                record.history = history;
            }
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            Object read = value(parser, value, key, name);
            if (read instanceof Problem problem) {
                record.fail(problem.reason);
            } else if (dropPersonalData && key.column().personal()) {
                // Dropped here, the one place personal values are dropped from rows: two keys of it
                // that disagree cost nothing, so they cost no play.
                record.put(key.column(), name, null);
            } else {
                record.put(key.column(), name, read);
            }
        }
    }

    /** The value of the current token as {@code key} reads it, or a {@link Problem}. */
    private static Object value(JsonParser parser, JsonToken token, Key key, String name) throws IOException {
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            parser.skipChildren();
            return new Problem(name + " is " + describe(token) + ", not a single value");
        }
        try {
            switch (key.read()) {
                case TEXT, TEXT_OR_NUMBER: {
                    String text = parser.getText();
                    String unstorable = unstorable(name, text);
                    return unstorable == null ? text : new Problem(unstorable);
                }
                case LONG:
                    if (token == JsonToken.VALUE_NUMBER_INT) {
                        return parser.getLongValue();
                    }
                    if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_STRING) {
                        return integralLong(parser.getText().trim());
                    }
                    return new Problem(name + " is not an integer: " + parser.getText());
                case DOUBLE: {
                    double number;
                    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                        number = parser.getDoubleValue();
                    } else if (token == JsonToken.VALUE_STRING) {
                        number = decimalDouble(parser.getText().trim());
                    } else {
                        return new Problem(name + " is not a number: " + parser.getText());
                    }
                    // 1e400 reads as Infinity: a value that changed, not a number to store.
                    return Double.isFinite(number) ? number : new Problem(name + " is not a finite number: " + parser.getText());
                }
                case BOOLEAN:
                    if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
                        return token == JsonToken.VALUE_TRUE;
                    }
                    if (token == JsonToken.VALUE_NUMBER_INT && (parser.getIntValue() == 0 || parser.getIntValue() == 1)) {
                        return parser.getIntValue() == 1;
                    }
                    if (token == JsonToken.VALUE_STRING && (parser.getText().equals("true") || parser.getText().equals("false"))) {
                        return parser.getText().equals("true");
                    }
                    return new Problem(name + " is not true or false: " + parser.getText());
                case ISO_INSTANT:
                    return token == JsonToken.VALUE_STRING ? instantMicros(parser.getText())
                            : new Problem(name + " is not a time like 2020-03-12T01:20:18Z: " + parser.getText());
                case MINUTE:
                    return token == JsonToken.VALUE_STRING ? minuteMicros(parser.getText())
                            : new Problem(name + " is not a time like 2019-03-02 13:50: " + parser.getText());
                default:
                    throw new IllegalStateException("unhandled " + key.read());
            }
        } catch (NumberFormatException | InputCoercionException | ArithmeticException e) {
            if (key.read() == SpotifyKeys.Read.LONG && !(e instanceof NumberFormatException)) {   // an integer, too large for a BIGINT
                return new Problem(name + " is outside the integers -9223372036854775808 to 9223372036854775807: " + parser.getText());
            }
            return new Problem(name + " is not " + (key.read() == SpotifyKeys.Read.DOUBLE ? "a number" : "an integer") + ": " + parser.getText());
        } catch (DateTimeParseException e) {
            return new Problem(name + " is not a time like " + (key.read() == SpotifyKeys.Read.MINUTE ? "2019-03-02 13:50" : "2020-03-12T01:20:18Z")
                    + ": " + parser.getText());
        } catch (UnfitTime e) {
            return new Problem(name + " is " + e.getMessage() + ": " + parser.getText());
        }
    }

    /**
     * Why {@code text} cannot be stored as it is, or null: a lone UTF-16 surrogate (a "\\ud800" escape in
     * the JSON) is half a character, which UTF-8 cannot encode (it would be stored as "?"), and
     * U+0000 is the one character PostgreSQL text cannot hold.
     */
    static String unstorable(String name, String text) {
        if (text.indexOf('\0') >= 0) {
            return name + " holds the character U+0000, which the warehouse's text cannot hold";
        }
        int half = Utf16.loneSurrogate(text);
        return half < 0 ? null : name + " holds a lone UTF-16 surrogate (\\u" + Integer.toHexString(text.charAt(half)) + " at character " + (half + 1)
                + "), half a character that cannot be stored as text";
    }

    /** A decimal number as {@link #integralLong} takes it: the exponent's three digits keep its value's size in reach. */
    private static final Pattern INTEGRAL = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");

    /**
     * Text that is an integer written as a decimal number ({@code 1000}, {@code 1000.0},
     * {@code 1e3}, as a table re-exported by pandas writes whole numbers), as a long: the forms
     * the Sparkify loaders take for their integers.
     *
     * @throws NumberFormatException when it is no decimal number, or one with a fraction
     * @throws ArithmeticException when it is an integer outside a long
     */
    static long integralLong(String text) {
        // Longer than any long can be written with a point and zeros: BigDecimal's work grows with the
        // square of the digits, and a string value may be megabytes long (one took hours).
        if (text.length() > 64 || !INTEGRAL.matcher(text).matches()) {
            throw new NumberFormatException(text);
        }
        BigDecimal number = new BigDecimal(text);
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            throw new NumberFormatException(text);
        }
        return number.longValueExact();
    }

    /**
     * Text that is a decimal number ({@code -12}, {@code 1.5}, {@code .5}, {@code 2e-3}) as a
     * double. {@link Double#parseDouble} alone also takes hexadecimal ("0x1p3"), "NaN",
     * "Infinity" and a type suffix ("1d"), none of which is a number in a JSON export.
     *
     * @throws NumberFormatException when it is not one
     */
    static double decimalDouble(String text) {
        int i = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        int digits = 0;
        for (; i < text.length() && isDigit(text.charAt(i)); i++) {
            digits++;
        }
        if (i < text.length() && text.charAt(i) == '.') {
            for (i++; i < text.length() && isDigit(text.charAt(i)); i++) {
                digits++;
            }
        }
        if (digits > 0 && i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            int exponent = i;
            for (; i < text.length() && isDigit(text.charAt(i)); i++) {
                // the exponent's digits
            }
            if (i == exponent) {
                throw new NumberFormatException(text);
            }
        }
        if (digits == 0 || i != text.length()) {
            throw new NumberFormatException(text);
        }
        return Double.parseDouble(text);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A time that parses but cannot be stored; its message completes "NAME is ...". */
    static final class UnfitTime extends java.time.DateTimeException {
        private static final long serialVersionUID = 1L;

        UnfitTime(String why) {
            super(why);
        }
    }

    /** Epoch seconds and microseconds of a second as epoch microseconds, refused outside the years 1 to 9999. */
    private static long micros(long seconds, long microsOfSecond) {
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
            throw new UnfitTime("outside the years 1 to 9999");
        }
        return seconds * 1_000_000L + microsOfSecond;
    }

    /** "2020-03-12T01:20:18Z" (the usual shape, read without a formatter) or any ISO-8601 instant, as epoch microseconds. */
    static long instantMicros(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T' && text.charAt(13) == ':'
                && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
            try {
                long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 2), digits(text, 8, 2)).toEpochDay();
                int hour = digits(text, 11, 2);
                int minute = digits(text, 14, 2);
                int second = digits(text, 17, 2);
                if (hour < 24 && minute < 60 && second < 60) {
                    return micros(day * 86_400 + hour * 3_600L + minute * 60L + second, 0);
                }
            } catch (java.time.DateTimeException | NumberFormatException e) {
                // not the usual shape after all: the general parser below says what is wrong
            }
        }
        Instant instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        if (instant.getNano() % 1_000 != 0) {
            throw new UnfitTime("finer than a microsecond, the warehouse's precision");
        }
        return micros(instant.getEpochSecond(), instant.getNano() / 1_000);
    }

    /** "2019-03-02 13:50", UTC, as epoch microseconds. */
    static long minuteMicros(String text) {
        return micros(LocalDateTime.parse(text, MINUTE).toEpochSecond(ZoneOffset.UTC), 0);
    }

    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Why a record that broke no type rule still cannot be a row, or null. */
    private static String missing(Record record, String listener) {
        if (record.values[SpotifyColumn.TS.ordinal()] == null) {
            return "required field ts (endTime in 12-month files) is missing or null";
        }
        Object ms = record.values[SpotifyColumn.MS_PLAYED.ordinal()];
        if (ms == null) {
            return "required field ms_played (msPlayed in 12-month files) is missing or null";
        }
        if ((Long) ms < 0) {
            return "ms_played (msPlayed in 12-month files) is negative: " + ms;
        }
        if ((Long) ms > MAX_MS_PLAYED) {
            return "ms_played is " + ms + ", more than a week (" + MAX_MS_PLAYED + " ms), longer than any play lasts";
        }
        // The play starts ms_played before ts: that start is a time too (analytics' start_time, the lake's year).
        if ((Long) record.values[SpotifyColumn.TS.ordinal()] - (Long) ms * 1_000 < FIRST_SECOND * 1_000_000) {
            return "the play starts before the year 1: its end (ts) is less than ms_played (" + ms + ") after 0001-01-01T00:00:00Z";
        }
        Object offline = record.values[SpotifyColumn.OFFLINE_TIMESTAMP.ordinal()];
        // 0 means unknown; a time is in epoch milliseconds or seconds (by variant), never before 1970
        // in real exports, and staging tells the two units apart by size: a negative one fits neither.
        if (offline != null && (Long) offline < 0) {
            return "offline_timestamp is negative: " + offline + " (0 means unknown; a time is epoch milliseconds or seconds)";
        }
        if (offline != null && (Long) offline > LAST_SECOND * 1_000 + 999) {
            return "offline_timestamp is " + offline + ", outside the years 1 to 9999 in epoch milliseconds (or seconds)";
        }
        if (listener == null) {
            // The file's first record has one (a file whose first has none is refused before it
            // loads, unless --listener names the listener): its content is registered once it
            // loads, so only a changed file loads again.
            return "no listener: the record has no username, unlike the first of its file, and the export has no Userdata.json; "
                    + "add the username to the record and ingest the file again (its other records are not loaded twice)";
        }
        if (listener.length() > IngestOptions.MAX_LISTENER_CHARACTERS) {
            return "the listener's name (its username, from the record, Userdata.json or --listener) has " + listener.length()
                    + " characters, more than the " + IngestOptions.MAX_LISTENER_CHARACTERS + " a name may have";
        }
        return null;
    }

    private static long line(JsonParser parser) {
        return parser.currentLocation().getLineNr();
    }

    private static String firstSentence(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    /** A value that breaks its key's rule. */
    private record Problem(String reason) {
    }

    /** The record being read; reused, its values array replaced per record. */
    private static final class Record {
        Object[] values;
        String history;
        String username;
        String reason;
        final java.util.List<String> unknown = new java.util.ArrayList<>();
        /** The known keys given so far, one bit each ({@link SpotifyKeys#bit}). */
        long given;
        /** The key that gave each column its value; read only where the column has a value of this record. */
        final String[] keys = new String[COLUMNS.length];
        /** The key of the longest text value so far, and its length, for the reason of an over-long record. */
        String longestName;
        int longestLength;

        void reset() {
            values = new Object[COLUMNS.length];
            history = null;
            username = null;
            reason = null;
            unknown.clear();
            given = 0;
            longestName = null;
            longestLength = 0;
        }

        /**
         * Sets {@code column} from key {@code name}. Two keys of one column (msPlayed and
         * ms_played, trackName and master_metadata_track_name) are one value written twice: the
         * record is refused when they differ, since keeping either would drop the other silently.
         */
        void put(SpotifyColumn column, String name, Object value) {
            Object before = values[column.ordinal()];
            if (before != null && !before.equals(value)) {
                fail(keys[column.ordinal()] + " and " + name + " both give " + column.column() + ", with different values");
                return;
            }
            values[column.ordinal()] = value;
            keys[column.ordinal()] = name;
            if (value instanceof String text && text.length() > longestLength) {
                longestName = name;
                longestLength = text.length();
            }
        }

        /**
         * Whether the record gave {@code name} before: JSON leaves the value of a repeated key to
         * the reader, so the record is refused rather than one value kept. Unknown keys are
         * looked up in {@link #unknown}, which holds the few a record has.
         */
        boolean repeats(String name) {
            long bit = SpotifyKeys.bit(name);
            if (bit == 0) {
                return unknown.contains(name);
            }
            boolean before = (given & bit) != 0;
            given |= bit;
            return before;
        }

        void fail(String why) {
            if (reason == null) {
                reason = why;
            }
        }
    }
}
