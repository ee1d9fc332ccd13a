package soundstage.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;

/**
 * The layout of Spotify's pretty-printed exports: Jackson's {@code DefaultPrettyPrinter} with a
 * new line and two spaces per level before every array element and object entry, {@code " : "}
 * between key and value, {@code "[ ]"} and {@code "{ }"} when empty, and {@code \n} line endings
 * on every system.
 *
 * <p>Written by hand because the default printer writes each indentation as characters to encode;
 * pre-encoded indentations are byte copies, which made pretty-printed exports a third faster.
 * Keeps the nesting level, so each generator needs its own instance.
 */
final class SpotifyPrettyPrinter implements PrettyPrinter {

    /** Deepest nesting with a pre-encoded indentation; deeper levels are encoded when written. */
    private static final int CACHED_LEVELS = 8;

    private static final SerializableString[] NEW_LINES = new SerializableString[CACHED_LEVELS];
    private static final SerializableString[] SEPARATORS = new SerializableString[CACHED_LEVELS];
    private static final SerializableString KEY_VALUE = new SerializedString(" : ");

    static {
        for (int level = 0; level < CACHED_LEVELS; level++) {
            String newLine = "\n" + "  ".repeat(level);
            NEW_LINES[level] = new SerializedString(newLine);
            SEPARATORS[level] = new SerializedString("," + newLine);
        }
    }

    private int level;

    @Override
    public void writeRootValueSeparator(JsonGenerator json) throws IOException {
        json.writeRaw(' ');
    }

    @Override
    public void writeStartObject(JsonGenerator json) throws IOException {
        json.writeRaw('{');
        level++;
    }

    @Override
    public void beforeObjectEntries(JsonGenerator json) throws IOException {
        json.writeRaw(newLine(level));
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator json) throws IOException {
        json.writeRaw(KEY_VALUE);
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator json) throws IOException {
        json.writeRaw(separator(level));
    }

    @Override
    public void writeEndObject(JsonGenerator json, int entries) throws IOException {
        level--;
        closeLine(json, entries);
        json.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator json) throws IOException {
        json.writeRaw('[');
        level++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator json) throws IOException {
        json.writeRaw(newLine(level));
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator json) throws IOException {
        json.writeRaw(separator(level));
    }

    @Override
    public void writeEndArray(JsonGenerator json, int values) throws IOException {
        level--;
        closeLine(json, values);
        json.writeRaw(']');
    }

    private void closeLine(JsonGenerator json, int values) throws IOException {
        if (values > 0) {
            json.writeRaw(newLine(level));
        } else {
            json.writeRaw(' ');
        }
    }

    private static SerializableString newLine(int level) {
        return level < CACHED_LEVELS ? NEW_LINES[level] : new SerializedString("\n" + "  ".repeat(level));
    }

    private static SerializableString separator(int level) {
        return level < CACHED_LEVELS ? SEPARATORS[level] : new SerializedString(",\n" + "  ".repeat(level));
    }
}
