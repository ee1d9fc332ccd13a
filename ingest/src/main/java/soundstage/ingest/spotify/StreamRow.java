package soundstage.ingest.spotify;

/**
 * One play record on its way to {@code source.spotify_streams}.
 *
 * @param fileId the registered file it came from
 * @param recordNo its position in the file's JSON array, from 1
 * @param lineNo the line it starts on
 * @param listener whose play it is
 * @param history {@code 12-month} or {@code extended}
 * @param fileContent what the file name says the file holds (music, podcast, audiobook, video), or null
 * @param values one value per {@link SpotifyColumn}, by ordinal; null where absent. TEXT is a
 *     String, LONG and TIME (epoch microseconds, UTC) a Long, BOOLEAN a Boolean, DOUBLE a Double
 * @param raw the whole record as read when it has keys no column holds, else null
 */
public record StreamRow(int fileId, long recordNo, long lineNo, String listener, String history, String fileContent, Object[] values, String raw) {
    public Object value(SpotifyColumn column) {
        return values[column.ordinal()];
    }
}
