package soundstage.generate;

import java.nio.charset.StandardCharsets;

/**
 * "Double-decoded UTF-8": text whose UTF-8 bytes were read back as ISO-8859-1, so that {@code
 * "Björk"} turns into {@code "BjÃ¶rk"}. A classic of real music metadata; the damage is lossless
 * and {@link #repair} undoes it.
 */
final class Mojibake {

    /**
     * Fraction of catalogue songs whose names are garbled, in the song file, in the events that play
     * it, or in both (one of the three, fixed per song).
     */
    static final double SONG_RATE = 0.01;

    private Mojibake() {}

    /** The garbled form of {@code text}; ASCII text comes back unchanged. */
    static String garble(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The inverse of {@link #garble}: {@code repair(garble(s)).equals(s)} for every string. */
    static String repair(String text) {
        return new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** Whether garbling would change {@code text}, i.e. whether it has a non-ASCII character. */
    static boolean affects(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return true;
            }
        }
        return false;
    }
}
