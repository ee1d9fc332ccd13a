package soundstage.generate;

/**
 * What {@link SpotifyGenerator} should produce.
 *
 * <p>Two generators built from equal options write byte-identical trees: every random choice is
 * drawn from {@code seed}.
 *
 * @param listeners listeners, one folder each; at least 1, at most {@value #MOST_LISTENERS}
 * @param plays plays in each listener's lifetime history; at least 1, at most {@value
 *     #MOST_PLAYS}. The history spans about one day per {@value
 *     ListeningHistory#PLAYS_PER_DAY} plays, up to about fourteen years; more plays then make
 *     busier days.
 * @param seed seed of every random choice
 * @param duplicateExportRate fraction of exports also written a second time, byte-identical, under
 *     another name ({@code my_spotify_data_2023-03-01 (1).zip}); in [0, 1]
 * @param extracted whether exports are written as folders (what unzipping gives) instead of zips
 */
public record SpotifyOptions(
        int listeners, long plays, long seed, double duplicateExportRate, boolean extracted) {

    /** Listeners unless told otherwise. */
    public static final int DEFAULT_LISTENERS = 3;

    /** Plays per listener unless told otherwise: about a year and a half of listening. */
    public static final long DEFAULT_PLAYS = 20_000;

    /** Most listeners: each is a folder of exports, written one after the other. */
    public static final int MOST_LISTENERS = 10_000;

    /**
     * Most plays per listener: a million plays already make a history of about fifteen years of
     * hours of listening a day; more would reach back before Spotify existed.
     */
    public static final long MOST_PLAYS = 1_000_000;

    /**
     * Validates every option.
     *
     * @throws IllegalArgumentException naming the option and the bad value, e.g. {@code "plays must
     *     be between 1 and 1000000, got 0"}
     */
    public SpotifyOptions {
        if (listeners < 1 || listeners > MOST_LISTENERS) {
            throw new IllegalArgumentException(
                    "listeners must be between 1 and " + MOST_LISTENERS + ", got " + listeners);
        }
        if (plays < 1 || plays > MOST_PLAYS) {
            throw new IllegalArgumentException(
                    "plays must be between 1 and " + MOST_PLAYS + ", got " + plays);
        }
        // Written as a negated range test so that NaN is rejected too.
        if (!(duplicateExportRate >= 0.0 && duplicateExportRate <= 1.0)) {
            throw new IllegalArgumentException(
                    "duplicateExportRate must be between 0 and 1, got " + duplicateExportRate);
        }
    }

    /** {@code listeners} listeners of {@code plays} plays each, zipped, no duplicate exports. */
    public static SpotifyOptions defaults(int listeners, long plays, long seed) {
        return new SpotifyOptions(listeners, plays, seed, 0.0, false);
    }

    public SpotifyOptions withDuplicateExportRate(double rate) {
        return new SpotifyOptions(listeners, plays, seed, rate, extracted);
    }

    public SpotifyOptions withExtracted(boolean folders) {
        return new SpotifyOptions(listeners, plays, seed, duplicateExportRate, folders);
    }
}
