package soundstage.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers the escaped JSON literal (quotes included) of strings written over and over: user
 * agents, names, locations, popular songs. Escaping, in particular of the slashes and quotes of
 * user agents, is most of the cost of writing an event; a cached literal is a byte copy.
 *
 * <p>Holds at most {@link #CAPACITY} strings, the first ones asked for, so memory stays small and
 * flat however many distinct strings pass through; strings that do not fit are simply escaped
 * again each time. Only looked up, never iterated.
 */
final class JsonLiteralCache {

    /** Most strings remembered. */
    static final int CAPACITY = 8_192;

    private final JsonFactory factory;
    private final Map<String, SerializableString> literals = new HashMap<>();

    /** Escapes with {@code factory}'s settings, so cached and uncached output are identical. */
    JsonLiteralCache(JsonFactory factory) {
        this.factory = factory;
    }

    /** The literal of {@code value}, or null when the cache is full and does not have it. */
    SerializableString literal(String value) {
        SerializableString literal = literals.get(value);
        if (literal == null && literals.size() < CAPACITY) {
            literal = new SerializedString(escape(value));
            literals.put(value, literal);
        }
        return literal;
    }

    private String escape(String value) {
        StringWriter text = new StringWriter(value.length() + 16);
        try (JsonGenerator json = factory.createGenerator(text)) {
            json.writeString(value);
        } catch (IOException e) {
            // A StringWriter does not fail.
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
