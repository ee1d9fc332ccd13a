package soundstage.core;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The kinds of input file Soundstage can ingest. The name is what users type on the command line
 * ({@code soundstage ingest sparkify-events log_data/}) and what the file registry records.
 */
public enum FileKind {
    /** Million Song Dataset metadata: one JSON object per line (a single-song file is one line). */
    SPARKIFY_SONGS("sparkify-songs", "source.sparkify_songs", List.of(
            "num_songs", "artist_id", "artist_latitude", "artist_longitude", "artist_location", "artist_name", "song_id", "title", "duration", "year")),
    /** Event-simulator app activity logs: JSON lines, one event per line. */
    SPARKIFY_EVENTS("sparkify-events", "source.sparkify_events", List.of(
            "artist", "auth", "firstName", "gender", "itemInSession", "lastName", "length", "level", "location", "method", "page",
            "registration", "sessionId", "song", "status", "ts", "userAgent", "userId")),
    /**
     * Spotify personal-data exports: streaming history as JSON arrays, "Last 12 months" and
     * extended, every variant; zips as downloaded, extracted folders or single files. The keys
     * vary by variant, so they are listed by the reader ({@code soundstage.ingest.spotify}).
     */
    SPOTIFY_EXPORT("spotify-export", "source.spotify_streams", List.of());

    private final String cliName;
    private final String sourceTable;
    private final List<String> keys;

    FileKind(String cliName, String sourceTable, List<String> keys) {
        this.cliName = cliName;
        this.sourceTable = sourceTable;
        this.keys = keys;
    }

    /**
     * The JSON keys of this kind's lines, in the order the producers write them. A line with
     * other keys, or these in another order, keeps its whole text in the source table.
     */
    public List<String> keys() {
        return keys;
    }

    /** The name users type and the registry stores, e.g. {@code sparkify-events}. */
    public String cliName() {
        return cliName;
    }

    /** The qualified source-layer table that holds this kind's rows as read. */
    public String sourceTable() {
        return sourceTable;
    }

    /**
     * Finds a kind by its command-line name.
     *
     * @throws UserException naming the known kinds when {@code name} is not one of them
     */
    public static FileKind fromCliName(String name) {
        for (FileKind kind : values()) {
            if (kind.cliName.equals(name)) {
                return kind;
            }
        }
        throw new UserException("Unknown input kind '" + name + "'. Use one of: " + names() + ".");
    }

    /** The command-line names of all kinds, comma separated, for messages. */
    public static String names() {
        return Arrays.stream(values()).map(FileKind::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
