package soundstage.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes events as JSON lines in the public log format, streaming through Jackson's {@link
 * JsonGenerator} so nothing but the current line is ever held.
 *
 * <p>Format, as in the public files: compact (no spaces); keys in the order {@code artist, auth,
 * firstName, gender, itemInSession, lastName, length, level, location, method, page,
 * registration, sessionId, song, status, ts, userAgent, userId}; every {@code /} escaped as
 * {@code \/}; non-ASCII written as UTF-8; {@code userId} a string ({@code ""} when logged out);
 * {@code registration} a number in Java double notation; {@code length}, {@code artist}, {@code
 * song} null except for NextSong; profile fields null when logged out. Lines are separated by the
 * file's {@link LineEnding}, with none after the last.
 */
final class EventWriter implements Closeable {

    private static final JsonFactory JSON =
            JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();

    // Pre-encoded keys and constant values: Jackson copies their bytes instead of escaping again.
    private static final SerializableString ARTIST = new SerializedString("artist");
    private static final SerializableString AUTH = new SerializedString("auth");
    private static final SerializableString FIRST_NAME = new SerializedString("firstName");
    private static final SerializableString GENDER = new SerializedString("gender");
    private static final SerializableString ITEM_IN_SESSION = new SerializedString("itemInSession");
    private static final SerializableString LAST_NAME = new SerializedString("lastName");
    private static final SerializableString LENGTH = new SerializedString("length");
    private static final SerializableString LEVEL = new SerializedString("level");
    private static final SerializableString LOCATION = new SerializedString("location");
    private static final SerializableString METHOD = new SerializedString("method");
    private static final SerializableString PAGE = new SerializedString("page");
    private static final SerializableString REGISTRATION = new SerializedString("registration");
    private static final SerializableString SESSION_ID = new SerializedString("sessionId");
    private static final SerializableString SONG = new SerializedString("song");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString TS = new SerializedString("ts");
    private static final SerializableString USER_AGENT = new SerializedString("userAgent");
    private static final SerializableString USER_ID = new SerializedString("userId");
    private static final SerializableString LOGGED_IN = new SerializedString("Logged In");
    private static final SerializableString LOGGED_OUT = new SerializedString("Logged Out");
    private static final SerializableString NO_USER = new SerializedString("");
    private static final SerializableString[] PAGE_LABELS =
            new SerializableString[Page.values().length];
    private static final SerializableString[] PAGE_METHODS =
            new SerializableString[Page.values().length];

    static {
        for (Page page : Page.values()) {
            PAGE_LABELS[page.ordinal()] = new SerializedString(page.label());
            PAGE_METHODS[page.ordinal()] = new SerializedString(page.method());
        }
    }

    /** What a damaged {@code ts} says instead of a number. */
    static final String TS_NOT_A_NUMBER = "yesterday";

    private static final DateTimeFormatter LOG_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final JsonGenerator json;
    private final String lineEnding;
    private final JsonLiteralCache literals;
    private long lines;

    /**
     * Writes to {@code out}, which {@link #close} closes.
     *
     * @param literals shared by the writers of one run, so that every day file benefits from it
     */
    EventWriter(OutputStream out, LineEnding lineEnding, JsonLiteralCache literals)
            throws IOException {
        this.json = JSON.createGenerator(out);
        this.literals = literals;
        this.lineEnding = lineEnding.text();
        // Jackson writes the separator between root values, never after the last one.
        json.setRootValueSeparator(new SerializedString(this.lineEnding));
    }

    /** A cache of literals escaped exactly as this writer escapes strings. */
    static JsonLiteralCache newLiteralCache() {
        return new JsonLiteralCache(JSON);
    }

    /** Lines written so far. */
    long lines() {
        return lines;
    }

    /** Writes {@code event} as one valid line. */
    void write(Event event) throws IOException {
        writeObject(json, event, null, literals);
        lines++;
    }

    /**
     * Writes {@code event} as one line damaged in the given way.
     *
     * @param random decides where a truncated line stops and which plain text replaces a line
     * @throws IllegalStateException if this would be the first line: a file never starts with a
     *     damaged line, so that readers sniffing the first line still recognise the format
     */
    void writeDamaged(Event event, LineDamage damage, SplittableRandom random) throws IOException {
        if (lines == 0) {
            throw new IllegalStateException("the first line of a file is never damaged");
        }
        switch (damage) {
            case TS_NOT_A_NUMBER, PAGE_MISSING -> writeObject(json, event, damage, literals);
            case TRUNCATED -> {
                String whole = asText(event);
                // Cut somewhere in the middle half: long enough to look like an event, never complete.
                int cut = whole.length() / 4 + random.nextInt(whole.length() / 2);
                if (Character.isHighSurrogate(whole.charAt(cut - 1))) {
                    cut--;
                }
                writeRawLine(whole.substring(0, cut));
            }
            case PLAIN_TEXT -> writeRawLine(plainText(event, random));
        }
        lines++;
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    private void writeRawLine(String text) throws IOException {
        // Raw text bypasses Jackson's root separator, so write the line ending by hand. The generator
        // has written a root value already (this is never the first line), so it keeps separating.
        json.writeRaw(lineEnding);
        json.writeRaw(text);
    }

    private String asText(Event event) throws IOException {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator line = JSON.createGenerator(text)) {
            writeObject(line, event, null, literals);
        }
        return text.toString();
    }

    private static String plainText(Event event, SplittableRandom random) {
        String time = LOG_TIME.format(Instant.ofEpochMilli(event.ts()));
        switch (random.nextInt(3)) {
            case 0:
                return time + " WARN  [collector] dropped event for session " + event.sessionId()
                        + ": upstream timeout";
            case 1:
                return time + " ERROR [collector] java.io.IOException: Connection reset by peer";
            default:
                return "--- log rotated at " + time + " ---";
        }
    }

    private static void writeObject(
            JsonGenerator json, Event event, LineDamage damage, JsonLiteralCache literals)
            throws IOException {
        UserProfile user = event.loggedIn() ? event.user() : null;
        Play play = event.play();
        Page page = event.page();
        json.writeStartObject();
        json.writeFieldName(ARTIST);
        writeStringOrNull(json, play == null ? null : play.artist(), literals);
        json.writeFieldName(AUTH);
        json.writeString(event.loggedIn() ? LOGGED_IN : LOGGED_OUT);
        json.writeFieldName(FIRST_NAME);
        writeStringOrNull(json, user == null ? null : user.firstName(), literals);
        json.writeFieldName(GENDER);
        writeStringOrNull(json, user == null ? null : user.gender(), literals);
        json.writeFieldName(ITEM_IN_SESSION);
        json.writeNumber(event.itemInSession());
        json.writeFieldName(LAST_NAME);
        writeStringOrNull(json, user == null ? null : user.lastName(), literals);
        json.writeFieldName(LENGTH);
        writeNumberOrNull(json, play == null ? null : play.length());
        json.writeFieldName(LEVEL);
        json.writeString(event.level());
        json.writeFieldName(LOCATION);
        writeStringOrNull(json, user == null ? null : user.location(), literals);
        json.writeFieldName(METHOD);
        json.writeString(PAGE_METHODS[page.ordinal()]);
        if (damage != LineDamage.PAGE_MISSING) {
            json.writeFieldName(PAGE);
            json.writeString(PAGE_LABELS[page.ordinal()]);
        }
        json.writeFieldName(REGISTRATION);
        writeNumberOrNull(json, user == null ? null : user.registration());
        json.writeFieldName(SESSION_ID);
        json.writeNumber(event.sessionId());
        json.writeFieldName(SONG);
        writeStringOrNull(json, play == null ? null : play.title(), literals);
        json.writeFieldName(STATUS);
        json.writeNumber(page.status());
        json.writeFieldName(TS);
        if (damage == LineDamage.TS_NOT_A_NUMBER) {
            json.writeString(TS_NOT_A_NUMBER);
        } else {
            json.writeNumber(event.ts());
        }
        json.writeFieldName(USER_AGENT);
        writeStringOrNull(json, user == null ? null : user.userAgent(), literals);
        json.writeFieldName(USER_ID);
        if (user == null) {
            json.writeString(NO_USER);
        } else {
            json.writeString(user.userId());
        }
        json.writeEndObject();
    }

    private static void writeStringOrNull(
            JsonGenerator json, String value, JsonLiteralCache literals) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        SerializableString literal = literals.literal(value);
        if (literal == null) {
            json.writeString(value);
        } else {
            json.writeRawValue(literal);
        }
    }

    /** {@code number} is already JSON number text (see {@link FiveDecimals}); written as is. */
    private static void writeNumberOrNull(JsonGenerator json, String number) throws IOException {
        if (number == null) {
            json.writeNull();
        } else {
            json.writeNumber(number);
        }
    }
}
