package soundstage.warehouse.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
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
        assertThat(fields.read(line, line.length)).isNull();
        assertThat(fields.value(0)).isEqualTo(artist);
        assertThat(copyText(fields)).isEqualTo(copy.replace('→', '\t'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"artist":"tab	inside","song":"s"}
            {"artist":"no end,"song":"s"}
            {"artist":"a"
            """)
    void aStringWithAControlCharacterOrWithoutItsEndIsMalformed(String json) {
        byte[] line = json.getBytes(StandardCharsets.UTF_8);
        assertThat(new JsonFields(KEYS).read(line, line.length)).isEqualTo(JsonFields.MALFORMED);
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
