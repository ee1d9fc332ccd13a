package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A line's values, whether a string is left as raw bytes or decoded, and their COPY text. */
class TestJsonFields {
    private static final List<String> KEYS = List.of("artist", "length", "song");

    // The expected COPY text shows a tab as →.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            {"artist":"Björk","length":1.5,"song":"Jóga"}          | Björk  | Björk→1.5→Jóga
            {"artist":"A\\/B","length":2,"song":"x\\ty"}            | A/B    | A/B→2→x\\ty
            {"artist":"","length":null,"song":"s"}                 | ''     | →\\N→s
            {"artist":"first","artist":"sec\\u00f6nd","song":"s"}  | secönd | secönd→\\N→s
            {"artist":"fi\\u00f6rst","artist":"second","song":"s"} | second | second→\\N→s
            {"artist":"a\\\\b","song":"s"}                          | a\\b   | a\\\\b→\\N→s
            """)
    void stringsAreCopiedAsWrittenOrDecodedWhenEscaped(String json, String artist, String copy) throws IOException {
        JsonFields fields = new JsonFields(KEYS);
        byte[] line = json.getBytes(StandardCharsets.UTF_8);
        assertThat(fields.read(line, 0, line.length)).isNull();
        assertThat(fields.value(0)).isEqualTo(artist);
        assertThat(copyText(fields)).isEqualTo(copy.replace('→', '\t'));
    }

    @Test
    void aLineInsideTheReadersBufferIsReadInPlace() throws IOException {
        // The line reader hands on a line where it lies in its buffer, between other lines.
        String before = "{\"artist\":\"not this\"}\n";
        String json = "{\"artist\":\"Björk\",\"length\":1.5,\"song\":\"J\\u00f3ga\"}";
        byte[] buffer = (before + json + "\n{\"song\":\"nor this\"}").getBytes(StandardCharsets.UTF_8);
        int from = before.length();
        int to = from + json.getBytes(StandardCharsets.UTF_8).length;
        JsonFields fields = new JsonFields(KEYS);
        assertThat(fields.read(buffer, from, to)).isNull();
        try (CopyWriter row = new CopyWriter(new ByteArrayOutputStream())) {
            assertThat(fields.copyRaw(0, row)).as("an unescaped string is copied as its bytes").isTrue();
            assertThat(fields.copyRaw(2, row)).as("an escaped string is decoded").isFalse();
        }
        assertThat(fields.value(0)).isEqualTo("Björk");
        assertThat(fields.value(2)).isEqualTo("Jóga");
        assertThat(copyText(fields)).isEqualTo("Björk\t1.5\tJóga");
    }

    /** Lines DuckDB loads were "malformed JSON" here, past Jackson's default limits of nesting and string length. */
    @Test
    void aDeeplyNestedValueOrAVeryLongStringIsRead() {
        JsonFields fields = new JsonFields(KEYS);
        byte[] deep = ("{\"artist\":\"a\",\"extra\":" + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(fields.read(deep, 0, deep.length)).isNull();
        String long25m = "x".repeat(25_000_000);
        byte[] huge = ("{\"artist\":\"" + long25m + "\",\"length\":" + "1".repeat(1500) + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(fields.read(huge, 0, huge.length)).isNull();
        assertThat(fields.value(0)).hasSize(25_000_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"artist":"tab	inside","song":"s"}
            {"artist":"no end,"song":"s"}
            {"artist":"a"
            """)
    void aStringWithAControlCharacterOrWithoutItsEndIsMalformed(String json) {
        byte[] line = json.getBytes(StandardCharsets.UTF_8);
        assertThat(new JsonFields(KEYS).read(line, 0, line.length)).isEqualTo(JsonFields.MALFORMED);
    }

    /** The line's fields in COPY text, as the loader writes them (every key as text). */
    private static String copyText(JsonFields fields) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CopyWriter row = new CopyWriter(out)) {
            for (int i = 0; i < fields.size(); i++) {
                if (!fields.copyRaw(i, row)) {
                    row.field(fields.value(i));
                }
            }
            row.endRow();
        }
        return out.toString(StandardCharsets.UTF_8).stripTrailing();
    }
}
