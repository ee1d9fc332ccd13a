package soundstage.generate;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes Million Song Dataset style identifiers, unique within one instance: a two-letter kind
 * ({@code TR}, {@code SO}, {@code AR}) and 16 upper-case alphanumerics, e.g. {@code
 * TRABCEI128F424C983}, {@code SOMZWCG12A8C13C480}, {@code ARD7TVE1187B99BFB1}.
 *
 * <p>Track and song ids start with five letters, as the public ones do; that matters for track ids
 * because characters 3 to 5 name the {@code song_data/A/B/C} folders.
 */
final class MsdIds {

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String HEX = "0123456789ABCDEF";
    private static final String ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // Only looked up, never iterated, so its order cannot leak into the output.
    private final Set<String> issued = new HashSet<>();

    /** A new track id: {@code TR}, five letters, eleven hex digits. */
    String track(SplittableRandom random) {
        return unique("TR", LETTERS, HEX, random);
    }

    /** A new song id: {@code SO}, five letters, eleven hex digits. */
    String song(SplittableRandom random) {
        return unique("SO", LETTERS, HEX, random);
    }

    /** A new artist id: {@code AR} and sixteen alphanumerics. */
    String artist(SplittableRandom random) {
        return unique("AR", ALPHANUMERIC, ALPHANUMERIC, random);
    }

    private String unique(String kind, String head, String tail, SplittableRandom random) {
        while (true) {
            StringBuilder id = new StringBuilder(18).append(kind);
            for (int i = 0; i < 5; i++) {
                id.append(head.charAt(random.nextInt(head.length())));
            }
            for (int i = 0; i < 11; i++) {
                id.append(tail.charAt(random.nextInt(tail.length())));
            }
            String text = id.toString();
            if (issued.add(text)) {
                return text;
            }
        }
    }
}
