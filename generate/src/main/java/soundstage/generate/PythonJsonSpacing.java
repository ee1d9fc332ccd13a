package soundstage.generate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Spacing of Python's {@code json.dumps} defaults, which the public song files were written with:
 * {@code ", "} between entries, {@code ": "} between key and value, everything on one line.
 * Successive root values (songs of one file) are separated by the file's line ending, with none
 * after the last.
 */
final class PythonJsonSpacing implements PrettyPrinter {

    private final String lineEnding;

    PythonJsonSpacing(LineEnding lineEnding) {
        this.lineEnding = lineEnding.text();
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator json) throws IOException {
        json.writeRaw(lineEnding);
    }

    @Override
    public void writeStartObject(JsonGenerator json) throws IOException {
        json.writeRaw('{');
    }

    @Override
    public void writeEndObject(JsonGenerator json, int entries) throws IOException {
        json.writeRaw('}');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator json) throws IOException {
        json.writeRaw(", ");
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator json) throws IOException {
        json.writeRaw(": ");
    }

    @Override
    public void writeStartArray(JsonGenerator json) throws IOException {
        json.writeRaw('[');
    }

    @Override
    public void writeEndArray(JsonGenerator json, int values) throws IOException {
        json.writeRaw(']');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator json) throws IOException {
        json.writeRaw(", ");
    }

    @Override
    public void beforeArrayValues(JsonGenerator json) {}

    @Override
    public void beforeObjectEntries(JsonGenerator json) {}
}
