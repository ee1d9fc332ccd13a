package soundstage.ingest;

/**
 * Recognises a file written in UTF-16 or UTF-32 (Windows tools save "Unicode" text so) from its
 * first bytes: a byte order mark, or zero bytes where JSON, whose first characters are ASCII,
 * has none in UTF-8. Such a file is refused as a whole, with the command that converts it,
 * rather than each of its lines as malformed JSON.
 */
public final class WideEncoding {
    /** How many first bytes {@link #of} looks at. */
    public static final int HEAD_BYTES = 4;

    private WideEncoding() {
    }

    /**
     * The encoding ({@code UTF-16LE}, {@code UTF-16BE}, {@code UTF-32LE}, {@code UTF-32BE}) that
     * the first {@code length} bytes of {@code head} show, or null when they may be UTF-8.
     */
    public static String of(byte[] head, int length) {
        int b0 = length > 0 ? head[0] & 0xFF : -1;
        int b1 = length > 1 ? head[1] & 0xFF : -1;
        int b2 = length > 2 ? head[2] & 0xFF : -1;
        int b3 = length > 3 ? head[3] & 0xFF : -1;
        if (b0 == 0 && b1 == 0 && (b2 == 0xFE && b3 == 0xFF || b2 == 0 && b3 > 0)) {
            return "UTF-32BE";
        }
        if (b0 == 0xFF && b1 == 0xFE && b2 == 0 && b3 == 0 || b0 > 0 && b1 == 0 && b2 == 0 && b3 == 0) {
            return "UTF-32LE";
        }
        if (b0 == 0xFE && b1 == 0xFF || b0 == 0 && b1 > 0) {
            return "UTF-16BE";
        }
        if (b0 == 0xFF && b1 == 0xFE || b0 > 0 && b1 == 0) {
            return "UTF-16LE";
        }
        return null;
    }

    /** What is quarantined of a file in {@code encoding} (from {@link #of}). */
    public static String problem(String encoding) {
        return "the file is " + encoding + ", not UTF-8; convert it (iconv -f " + encoding + " -t UTF-8 FILE > NEW.json) and ingest the new file";
    }
}
