package soundstage.generate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class TestSpotifyPrettyPrinter {

    @Test
    void writesWhatJacksonsDefaultPrinterWritesWithLineFeedIndents() throws IOException {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter jackson =
                new DefaultPrettyPrinter().withArrayIndenter(indenter).withObjectIndenter(indenter);
        assertThat(write(new SpotifyPrettyPrinter())).isEqualTo(write(jackson));
    }

    @Test
    void looksLikeSpotifysFiles() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = SpotifyJson.generator(out, true)) {
            json.writeStartArray();
            for (int i = 0; i < 2; i++) {
                json.writeStartObject();
                json.writeStringField("endTime", "2019-03-02 13:50");
                json.writeNumberField("msPlayed", 12345);
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        assertThat(out.toString(UTF_8))
                .isEqualTo("[\n  {\n    \"endTime\" : \"2019-03-02 13:50\",\n    \"msPlayed\" : 12345\n  },\n"
                        + "  {\n    \"endTime\" : \"2019-03-02 13:50\",\n    \"msPlayed\" : 12345\n  }\n]");
    }

    private static String write(com.fasterxml.jackson.core.PrettyPrinter printer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.setPrettyPrinter(printer);
            json.writeStartArray();
            json.writeStartObject();
            json.writeStringField("name", "Sigur Rós / \"Hoppípolla\"");
            json.writeNullField("none");
            json.writeFieldName("empty");
            json.writeStartArray();
            json.writeEndArray();
            json.writeFieldName("nested");
            json.writeStartObject();
            json.writeFieldName("deep");
            json.writeStartArray();
            for (int i = 0; i < 12; i++) {
                json.writeStartArray();
            }
            json.writeNumber(1);
            json.writeBoolean(true);
            for (int i = 0; i < 12; i++) {
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeFieldName("nothing");
            json.writeStartObject();
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
            json.writeStartObject();
            json.writeEndObject();
            json.writeEndArray();
        }
        return out.toString(UTF_8);
    }
}
