package soundstage.generate;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What {@link SparkifyGenerator} should produce.
 *
 * <p>Two generators built from equal options write byte-identical trees: every random choice is
 * drawn from {@code seed}.
 *
 * @param events total event lines to write (damaged lines included); may be 0
 * @param songs songs in the catalogue ({@code song_data}); at least 1
 * @param seed seed of every random choice
 * @param songsPerFile songs per {@code song_data} file; 1 reproduces the public layout, more gives
 *     JSON-lines song files
 * @param duplicateFileRate fraction of files also written a second time, byte-identical, under
 *     another name; in [0, 1]
 * @param badLineRate fraction of event lines damaged on purpose; in [0, 1]
 * @param startDate the UTC day of the first event file
 * @param maxEventsPerDay events per day file; every day but the last is full
 */
public record SparkifyOptions(
        long events,
        int songs,
        long seed,
        int songsPerFile,
        double duplicateFileRate,
        double badLineRate,
        LocalDate startDate,
        int maxEventsPerDay) {

    /** First day of the public Sparkify event logs. */
    public static final LocalDate DEFAULT_START_DATE = LocalDate.of(2018, 11, 1);

    /** Default day size: one million events span 25 days. */
    public static final int DEFAULT_MAX_EVENTS_PER_DAY = 40_000;

    /**
     * Validates every option.
     *
     * @throws IllegalArgumentException naming the option and the bad value, e.g. {@code "songs must
     *     be at least 1, got 0"}
     * @throws NullPointerException if {@code startDate} is null
     */
    public SparkifyOptions {
        if (events < 0) {
            throw new IllegalArgumentException("events must be at least 0, got " + events);
        }
        if (songs < 1) {
            throw new IllegalArgumentException("songs must be at least 1, got " + songs);
        }
        if (songsPerFile < 1) {
            throw new IllegalArgumentException("songsPerFile must be at least 1, got " + songsPerFile);
        }
        requireRate("duplicateFileRate", duplicateFileRate);
        requireRate("badLineRate", badLineRate);
        Objects.requireNonNull(startDate, "startDate must not be null");
        if (maxEventsPerDay < 1) {
            throw new IllegalArgumentException(
                    "maxEventsPerDay must be at least 1, got " + maxEventsPerDay);
        }
    }

    /**
     * The public dataset's shape: one song per file, no duplicates, no bad lines, starting
     * 2018-11-01 with at most 40,000 events per day.
     */
    public static SparkifyOptions defaults(long events, int songs, long seed) {
        return new SparkifyOptions(
                events, songs, seed, 1, 0.0, 0.0, DEFAULT_START_DATE, DEFAULT_MAX_EVENTS_PER_DAY);
    }

    public SparkifyOptions withSongsPerFile(int n) {
        return new SparkifyOptions(
                events, songs, seed, n, duplicateFileRate, badLineRate, startDate, maxEventsPerDay);
    }

    public SparkifyOptions withDuplicateFileRate(double rate) {
        return new SparkifyOptions(
                events, songs, seed, songsPerFile, rate, badLineRate, startDate, maxEventsPerDay);
    }

    public SparkifyOptions withBadLineRate(double rate) {
        return new SparkifyOptions(
                events, songs, seed, songsPerFile, duplicateFileRate, rate, startDate, maxEventsPerDay);
    }

    public SparkifyOptions withStartDate(LocalDate date) {
        return new SparkifyOptions(
                events, songs, seed, songsPerFile, duplicateFileRate, badLineRate, date, maxEventsPerDay);
    }

    public SparkifyOptions withMaxEventsPerDay(int max) {
        return new SparkifyOptions(
                events, songs, seed, songsPerFile, duplicateFileRate, badLineRate, startDate, max);
    }

    /** Number of day files the events fill. */
    public long days() {
        return (events + maxEventsPerDay - 1) / maxEventsPerDay;
    }

    private static void requireRate(String name, double rate) {
        // Written as a negated range test so that NaN is rejected too.
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + rate);
        }
    }
}
