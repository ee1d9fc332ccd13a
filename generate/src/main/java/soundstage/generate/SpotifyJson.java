package soundstage.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How Spotify's exports write JSON: UTF-8, slashes not escaped, either on one line or
 * pretty-printed by {@link SpotifyPrettyPrinter}:
 *
 * <pre>
 * [
 *   {
 *     "endTime" : "2019-03-02 13:50",
 *     "msPlayed" : 12345
 *   },
 *   {
 * </pre>
 *
 * Line endings are {@code \n} on every system, and no file ends with one.
 */
final class SpotifyJson {

    private static final JsonFactory JSON = new JsonFactory();

    private SpotifyJson() {}

    /** A generator writing to {@code out}, which closing the generator closes. */
    static JsonGenerator generator(OutputStream out, boolean pretty) throws IOException {
        JsonGenerator json = JSON.createGenerator(out);
        if (pretty) {
            json.setPrettyPrinter(new SpotifyPrettyPrinter());
        }
        return json;
    }

    /** A cache of string literals escaped as these generators escape them. */
    static JsonLiteralCache newLiteralCache() {
        return new JsonLiteralCache(JSON);
    }
}
