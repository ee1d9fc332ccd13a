package soundstage.warehouse.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import soundstage.core.Utf16;

/**
 * Splits one JSON line into the text of its known keys, the way DuckDB's {@code json_transform}
 * to VARCHAR does for the DuckDB loader: a string is its text, a number its digits as written,
 * true and false their names, null NULL, an object or array its compact JSON. PostgreSQL 15
 * cannot cast text to JSON without failing the whole statement on one bad line, so lines are
 * parsed here, in the process that streams them to the server (and on another core).
 *
 * <p>A string without escapes is not decoded: its bytes in the line are its UTF-8 text (the reader
 * passes only valid UTF-8 lines), so they go to the COPY stream as they are ({@link #copyRaw}),
 * and become a {@code String} only when a rule asks for the value. Parsing, checking and writing a
 * line takes 5-8 % less CPU than decoding every string and encoding it again.
 *
 * <p>Not thread-safe: one instance per loading thread.
 */
final class JsonFields {
    /** The reason of a line that is not one JSON object; the same words as the DuckDB loader's. */
    static final String MALFORMED = "malformed JSON: the line is not a JSON object";
    static final String NUL = "a value holds the character U+0000, which PostgreSQL text cannot store";

    /**
     * Without Jackson's default limits (500 levels of nesting, strings of 20 million characters,
     * numbers of 1,000 digits): DuckDB's reader has none, and a line it loads must not be
     * quarantined here as "malformed JSON", which it is not.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE).maxNameLength(Integer.MAX_VALUE).build())
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())   // a structure's text is copied
            .build();

    private final List<String> keys;
    private final Map<String, Integer> index = new HashMap<>();
    private final String[] values;
    private final boolean[] numbers;
    /** "an object" or "an array" when key i's value is one, else null. */
    private final String[] structures;
    /** Where key i's string is in {@link #line} when it is raw (not decoded yet), else -1; its end in {@link #rawEnd}. */
    private final int[] rawStart;
    private final int[] rawEnd;
    private byte[] line;
    /** Where the line starts in {@link #line}: the parser's byte offsets count from there. */
    private int lineStart;
    private boolean unknownKeys;
    /** Which known keys the line has given so far. */
    private final boolean[] seen;
    /** The names of keys that are not known, once the line has one (most lines have none). */
    private Set<String> others;
    private String repeatedKey;

    JsonFields(List<String> keys) {
        this.keys = List.copyOf(keys);
        for (int i = 0; i < keys.size(); i++) {
            index.put(keys.get(i), i);
        }
        this.values = new String[keys.size()];
        this.numbers = new boolean[keys.size()];
        this.structures = new String[keys.size()];
        this.rawStart = new int[keys.size()];
        this.rawEnd = new int[keys.size()];
        this.seen = new boolean[keys.size()];
    }

    /**
     * Reads the line of UTF-8 bytes in {@code bytes[from, to)}; afterwards {@link #value} and
     * {@link #unknownKeys} describe it.
     *
     * @return null when the line is one JSON object, else why it is not usable
     */
    String read(byte[] bytes, int from, int to) {
        line = bytes;
        lineStart = from;
        try (JsonParser parser = FACTORY.createParser(bytes, from, to - from)) {
            return read(parser, to);
        } catch (IOException e) {
            return MALFORMED;
        }
    }

    private String read(JsonParser parser, int end) {
        Arrays.fill(values, null);
        Arrays.fill(numbers, false);
        Arrays.fill(structures, null);
        Arrays.fill(rawStart, -1);
        Arrays.fill(seen, false);
        if (others != null) {
            others.clear();
        }
        repeatedKey = null;
        unknownKeys = false;
        int position = 0;
        try {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return MALFORMED;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (position >= keys.size() || !keys.get(position).equals(name)) {
                    unknownKeys = true;
                }
                position++;
                JsonToken value = parser.nextToken();
                Integer at = index.get(name);
                if (unknownKeys && repeatedKey == null && repeated(name, at)) {
                    repeatedKey = name;
                } else if (at != null) {
                    seen[at] = true;
                }
                if (at != null && value == JsonToken.VALUE_STRING && raw(parser, at, end)) {
                    continue;   // left in the line; the parser skips it on its next token
                }
                String text = text(parser);
                if (at != null) {
                    values[at] = text;
                    rawStart[at] = -1;   // a key given twice: the line is refused (repeatedKey), so which value stays does not matter
                    numbers[at] = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT;
                    structures[at] = value == JsonToken.START_OBJECT ? "an object" : value == JsonToken.START_ARRAY ? "an array" : null;
                }
                if (text != null && text.indexOf('\0') >= 0) {
                    return NUL;
                }
                if (text != null && value == JsonToken.VALUE_STRING && Utf16.loneSurrogate(text) >= 0) {
                    return MALFORMED;   // as DuckDB's parser refuses it; written to PostgreSQL it became "?"
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return MALFORMED;
            }
        } catch (IOException e) {
            return MALFORMED;
        }
        if (position != keys.size()) {
            unknownKeys = true;
        }
        return null;
    }

    /** Whether {@code name} (known key {@code at}, or null) was given before in this line; remembers it otherwise. */
    private boolean repeated(String name, Integer at) {
        if (at != null) {
            return seen[at];
        }
        if (others == null) {
            others = new HashSet<>();
        }
        return !others.add(name);
    }

    /**
     * The first key the line gives a second time (in the order of the second time), or null. Its
     * value would be ambiguous (JSON leaves it to the reader: DuckDB's map keeps the first, this
     * class would keep the last), so both loaders refuse the line.
     */
    String repeatedKey() {
        return repeatedKey;
    }

    /**
     * Marks the string the parser is at as raw when its bytes hold no escape and no control
     * character (which JSON does not allow unescaped: the parser then gives the error).
     */
    private boolean raw(JsonParser parser, int at, int end) {
        long offset = parser.currentTokenLocation().getByteOffset();
        long quote = lineStart + offset;
        if (offset < 0 || quote >= end || line[(int) quote] != '"') {
            return false;
        }
        for (int i = (int) quote + 1; i < end; i++) {
            byte b = line[i];
            if (b == '"') {
                values[at] = null;
                numbers[at] = false;
                rawStart[at] = (int) quote + 1;
                rawEnd[at] = i;
                return true;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return false;
            }
        }
        return false;
    }

    /** The text of key {@code i} (in the kind's key order) of the last line read; null when absent or null. */
    String value(int i) {
        if (values[i] == null && rawStart[i] >= 0) {
            values[i] = new String(line, rawStart[i], rawEnd[i] - rawStart[i], StandardCharsets.UTF_8);
        }
        return values[i];
    }

    /**
     * Writes key {@code i} to {@code row} as its bytes in the line when it is a string without
     * escapes (not decoded); returns false, writing nothing, when it is not one.
     */
    boolean copyRaw(int i, CopyWriter row) {
        if (rawStart[i] < 0) {
            return false;
        }
        row.field(line, rawStart[i], rawEnd[i]);
        return true;
    }

    /** Whether key {@code i} of the last line read was a JSON number (not a string holding one). */
    boolean isNumber(int i) {
        return numbers[i];
    }

    /**
     * "an object" or "an array" when key {@code i}'s value in the last line read is one (its
     * {@link #value} is then its compact JSON), else null.
     */
    String structure(int i) {
        return structures[i];
    }

    int size() {
        return values.length;
    }

    /** The keys of the last line read that are not known keys (when it gives none twice); empty for most lines. */
    Set<String> otherKeys() {
        return others == null ? Set.of() : others;
    }

    /** Whether the last line's keys differ from the known keys in their usual order. */
    boolean unknownKeys() {
        return unknownKeys;
    }

    private static String text(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> {
                StringWriter json = new StringWriter();
                try (JsonGenerator generator = FACTORY.createGenerator(json)) {
                    generator.copyCurrentStructure(parser);
                }
                yield json.toString();
            }
            default -> parser.getText();
        };
    }
}
