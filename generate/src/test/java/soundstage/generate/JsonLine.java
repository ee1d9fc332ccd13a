package soundstage.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test view of one flat JSON object line: its fields in file order, each with token and text. */
record JsonLine(Map<String, JsonLine.Value> fields) {

    private static final JsonFactory JSON = new JsonFactory();

    /** A scalar as the parser saw it; {@code text} is the number's text as written. */
    record Value(JsonToken token, String text) {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        boolean isString() {
            return token == JsonToken.VALUE_STRING;
        }
    }

    /** The parsed line, or empty when it is not exactly one flat JSON object. */
    static Optional<JsonLine> parse(String line) {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Map<String, Value> fields = new LinkedHashMap<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; ) {
                if (token != JsonToken.FIELD_NAME) {
                    return Optional.empty();
                }
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == null || value.isStructStart()) {
                    return Optional.empty();
                }
                fields.put(name, new Value(value, parser.getText()));
                token = parser.nextToken();
                if (token == null) {
                    return Optional.empty();
                }
            }
            if (parser.nextToken() != null) {
                return Optional.empty();
            }
            return Optional.of(new JsonLine(fields));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The flat objects of a JSON array, such as a Spotify export file, in file order.
     *
     * @throws IllegalArgumentException if {@code json} is anything else
     */
    static List<JsonLine> parseArray(byte[] json) {
        List<JsonLine> objects = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            require(parser.nextToken() == JsonToken.START_ARRAY, "an array", parser);
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                require(token == JsonToken.START_OBJECT, "an object", parser);
                Map<String, Value> fields = new LinkedHashMap<>();
                for (token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    require(value.isScalarValue(), "a scalar value", parser);
                    require(fields.put(name, new Value(value, parser.getText())) == null, "no repeated key", parser);
                }
                objects.add(new JsonLine(fields));
            }
            require(parser.nextToken() == null, "the end", parser);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    private static void require(boolean ok, String expected, JsonParser parser) {
        if (!ok) {
            throw new IllegalArgumentException("expected " + expected + " at " + parser.currentLocation());
        }
    }

    /** The keys, in file order. */
    List<String> keys() {
        return List.copyOf(fields.keySet());
    }

    Value get(String key) {
        return fields.get(key);
    }

    /** The value's text, or null for JSON null or a missing key. */
    String text(String key) {
        Value value = fields.get(key);
        return value == null || value.isNull() ? null : value.text();
    }

    /** Whether this is a well-formed event: has a page and a numeric ts. */
    boolean isValidEvent() {
        Value ts = fields.get("ts");
        return fields.containsKey("page") && ts != null && ts.token() == JsonToken.VALUE_NUMBER_INT;
    }
}
