package soundstage.generate;

import static soundstage.generate.ExtendedField.*;

import java.time.LocalDate;
import java.util.List;

/**
 * The three formats of Spotify's extended streaming history seen in the wild, oldest first. Each
 * listener's export uses one; the request dates are drawn from the years the format was current.
 *
 * <ul>
 *   <li>{@link #ENDSONG}: {@code MyData/endsong_0.json}... and {@code MyData/endvideo.json};
 *       username and user agent, geography, no URIs, {@code skipped} true or null, {@code
 *       offline_timestamp} in epoch milliseconds; pretty-printed.
 *   <li>{@link #AUDIO_2023}: {@code Spotify Extended Streaming
 *       History/Streaming_History_Audio_2019-2020_0.json}... and {@code
 *       Streaming_History_Video_2019-2023.json}; URIs, {@code skipped} a boolean, {@code
 *       offline_timestamp} in epoch seconds; pretty-printed.
 *   <li>{@link #AUDIO_2024}: the same files; no username or user agent, {@code ip_addr},
 *       audiobook fields; on one line.
 * </ul>
 */
enum ExtendedFormat {
    ENDSONG(
            "MyData/",
            true,
            LocalDate.of(2022, 5, 1),
            150,
            List.of(
                    TS, USERNAME, PLATFORM, MS_PLAYED, CONN_COUNTRY, IP_ADDR_DECRYPTED, USER_AGENT_DECRYPTED,
                    TRACK_NAME, ALBUM_ARTIST_NAME, ALBUM_NAME, EPISODE_NAME, EPISODE_SHOW_NAME, REASON_START,
                    REASON_END, SHUFFLE, SKIPPED_TRUE_OR_NULL, OFFLINE, OFFLINE_TIMESTAMP_MILLIS, INCOGNITO_MODE,
                    CITY, REGION, METRO_CODE, LONGITUDE, LATITUDE)),
    AUDIO_2023(
            "Spotify Extended Streaming History/",
            true,
            LocalDate.of(2023, 2, 1),
            120,
            List.of(
                    TS, USERNAME, PLATFORM, MS_PLAYED, CONN_COUNTRY, IP_ADDR_DECRYPTED, USER_AGENT_DECRYPTED,
                    TRACK_NAME, ALBUM_ARTIST_NAME, ALBUM_NAME, TRACK_URI, EPISODE_NAME, EPISODE_SHOW_NAME,
                    EPISODE_URI, REASON_START, REASON_END, SHUFFLE, SKIPPED, OFFLINE, OFFLINE_TIMESTAMP_SECONDS,
                    INCOGNITO_MODE)),
    AUDIO_2024(
            "Spotify Extended Streaming History/",
            false,
            LocalDate.of(2024, 12, 1),
            90,
            List.of(
                    TS, PLATFORM, MS_PLAYED, CONN_COUNTRY, IP_ADDR, TRACK_NAME, ALBUM_ARTIST_NAME, ALBUM_NAME,
                    TRACK_URI, EPISODE_NAME, EPISODE_SHOW_NAME, EPISODE_URI, AUDIOBOOK_TITLE, AUDIOBOOK_URI,
                    AUDIOBOOK_CHAPTER_URI, AUDIOBOOK_CHAPTER_TITLE, REASON_START, REASON_END, SHUFFLE, SKIPPED,
                    OFFLINE, OFFLINE_TIMESTAMP_SECONDS, INCOGNITO_MODE));

    private final String folder;
    private final boolean pretty;
    private final LocalDate firstRequest;
    private final int requestWindowDays;
    private final List<ExtendedField> fields;

    ExtendedFormat(
            String folder,
            boolean pretty,
            LocalDate firstRequest,
            int requestWindowDays,
            List<ExtendedField> fields) {
        this.folder = folder;
        this.pretty = pretty;
        this.firstRequest = firstRequest;
        this.requestWindowDays = requestWindowDays;
        this.fields = fields;
    }

    /** The fields of every record, in order. */
    List<ExtendedField> fields() {
        return fields;
    }

    /** Whether files are pretty-printed; otherwise the whole array is one line. */
    boolean pretty() {
        return pretty;
    }

    /** The earliest request date drawn for this format. */
    LocalDate firstRequest() {
        return firstRequest;
    }

    /** Request dates are drawn from this many days starting at {@link #firstRequest()}. */
    int requestWindowDays() {
        return requestWindowDays;
    }

    /** Path inside the export of audio file {@code index}, whose plays end in the years given. */
    String audioFile(int index, int firstYear, int lastYear) {
        if (this == ENDSONG) {
            return folder + "endsong_" + index + ".json";
        }
        return folder + "Streaming_History_Audio_" + years(firstYear, lastYear) + "_" + index + ".json";
    }

    /** Path inside the export of the video file, whose plays end in the years given. */
    String videoFile(int firstYear, int lastYear) {
        if (this == ENDSONG) {
            return folder + "endvideo.json";
        }
        return folder + "Streaming_History_Video_" + years(firstYear, lastYear) + ".json";
    }

    private static String years(int first, int last) {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}
