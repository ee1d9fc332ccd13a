package soundstage.ingest.spotify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.SortedSet;
import java.util.TreeSet;
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
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
    private static final SpotifyColumn[] COLUMNS = SpotifyColumn.all();

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
     */
    record Outcome(long records, long good, SortedSet<String> unknownKeys, String failure, long failureLine, String sha256, long bytes) {
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
            return new Outcome(0, 0, unknownKeys, in.encodingProblem() + "; convert it to UTF-8 and ingest it again", 1, in.finish(), in.bytesRead());
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
                    record.reason = "record " + records + " is not a JSON object but " + describe(token);
                } else {
                    readFields(parser, record);
                }
                String name = record.username != null ? record.username : listener;
                String reason = record.reason != null ? record.reason : missing(record, name);
                if (reason == null) {
                    good++;
                    unknownKeys.addAll(record.unknown);
                    if (dropPersonalData) {
                        record.values[SpotifyColumn.IP_ADDR.ordinal()] = null;
                        record.values[SpotifyColumn.USER_AGENT.ordinal()] = null;
                    }
                    String raw = record.unknown.isEmpty() ? null : raw(in, start, parser);
                    receiver.row(new StreamRow(fileId, records, start.getLineNr(), name, record.history, fileContent, record.values, raw));
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
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            String failure = message.contains("UTF-8") || message.contains("UTF8")
                    ? "not UTF-8: invalid byte sequence at line " + e.getLocation().getLineNr() + "; convert the file to UTF-8 and ingest it again"
                    : "malformed JSON at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": " + firstSentence(message);
            return new Outcome(records, good, unknownKeys, failure, e.getLocation().getLineNr(), in.finish(), in.bytesRead());
        }
        return new Outcome(records, good, unknownKeys, null, 0, in.finish(), in.bytesRead());
    }

    /** The record's text as read, without personal data when that is dropped. */
    private String raw(EntryStream in, JsonLocation start, JsonParser parser) throws IOException {
        byte[] bytes = in.slice(start.getByteOffset(), parser.currentLocation().getByteOffset());
        if (!dropPersonalData) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
        try (JsonParser record = JSON.createParser(bytes); JsonGenerator copy = JSON.createGenerator(out)) {
            for (JsonToken token = record.nextToken(); token != null; token = record.nextToken()) {
                if (token == JsonToken.FIELD_NAME && record.getParsingContext().getParent().inRoot() && isPersonal(record.currentName())) {
                    record.nextToken();
                    record.skipChildren();
                    continue;
                }
                copy.copyCurrentEvent(record);
            }
        } catch (JsonParseException e) {
            return null;   // a record that is not JSON cannot be scrubbed; keep nothing of it
        }
        return out.toString(StandardCharsets.UTF_8);
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
            } else {
                record.values[key.column().ordinal()] = read;
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
                case TEXT, TEXT_OR_NUMBER:
                    return parser.getText();
                case LONG:
                    if (token == JsonToken.VALUE_NUMBER_INT) {
                        return parser.getLongValue();
                    }
                    if (token == JsonToken.VALUE_STRING) {
                        return Long.parseLong(parser.getText().trim());
                    }
                    return new Problem(name + " is not an integer: " + parser.getText());
                case DOUBLE:
                    if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                        return parser.getDoubleValue();
                    }
                    if (token == JsonToken.VALUE_STRING) {
                        return Double.parseDouble(parser.getText().trim());
                    }
                    return new Problem(name + " is not a number: " + parser.getText());
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
        } catch (NumberFormatException | InputCoercionException e) {
            return new Problem(name + " is not " + (key.read() == SpotifyKeys.Read.DOUBLE ? "a number" : "an integer") + ": " + parser.getText());
        } catch (DateTimeParseException e) {
            return new Problem(name + " is not a time like " + (key.read() == SpotifyKeys.Read.MINUTE ? "2019-03-02 13:50" : "2020-03-12T01:20:18Z")
                    + ": " + parser.getText());
        }
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
                    return ((day * 86_400) + hour * 3_600L + minute * 60L + second) * 1_000_000L;
                }
            } catch (java.time.DateTimeException | NumberFormatException e) {
                // not the usual shape after all: the general parser below says what is wrong
            }
        }
        Instant instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, Instant::from);
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** "2019-03-02 13:50", UTC, as epoch microseconds. */
    static long minuteMicros(String text) {
        return LocalDateTime.parse(text, MINUTE).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
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
            return "ms_played is negative: " + ms;
        }
        if (listener == null) {
            return "no listener: the record has no username and the export no Userdata.json; ingest it again with --listener NAME";
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

        void reset() {
            values = new Object[COLUMNS.length];
            history = null;
            username = null;
            reason = null;
            unknown.clear();
            given = 0;
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
