package soundstage.generate;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes Spotify URIs, unique within one instance: {@code spotify:<kind>:} and 22 base-62
 * characters, e.g. {@code spotify:track:6rqhFgbbKwnb9MLmUQDhG6}.
 */
final class SpotifyIds {

    private static final String BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private static final int ID_LENGTH = 22;

    // Only looked up, never iterated, so its order cannot leak into the output.
    private final Set<String> issued = new HashSet<>();

    /** A new URI of {@code kind}: {@code "track"}, {@code "episode"}, {@code "audiobook"}... */
    String uri(String kind, SplittableRandom random) {
        while (true) {
            StringBuilder uri = new StringBuilder(9 + kind.length() + ID_LENGTH);
            uri.append("spotify:").append(kind).append(':');
            for (int i = 0; i < ID_LENGTH; i++) {
                uri.append(BASE62.charAt(random.nextInt(BASE62.length())));
            }
            String text = uri.toString();
            if (issued.add(text)) {
                return text;
            }
        }
    }
}
