package soundstage.ingest.spotify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the keys and file names of every streaming-history variant Spotify has shipped mean.
 *
 * <ul>
 *   <li>"Last 12 months" ({@code StreamingHistory0.json}, {@code StreamingHistory_music_0.json},
 *       {@code _podcast_}, {@code _audiobook_}): {@code endTime} ("2019-03-02 13:50", UTC, minute
 *       precision), {@code artistName, trackName, msPlayed}, {@code podcastName, episodeName},
 *       {@code audiobookName, chapterName, authorName}.</li>
 *   <li>Extended ({@code endsong_0.json}, {@code endvideo.json}, {@code Streaming_History_Audio_*},
 *       {@code Streaming_History_Video_*}): {@code ts} ("2020-03-12T01:20:18Z"), {@code ms_played},
 *       {@code master_metadata_*}, URIs, {@code ip_addr_decrypted} or {@code ip_addr}, ...</li>
 * </ul>
 */
public final class SpotifyKeys {
    /** How a key's value is read. */
    enum Read { TEXT, TEXT_OR_NUMBER, LONG, BOOLEAN, DOUBLE, ISO_INSTANT, MINUTE }

    /** A known key: the column it fills and how its value is read. */
    record Key(SpotifyColumn column, Read read) {
    }

    static final String TWELVE_MONTH = "12-month";
    static final String EXTENDED = "extended";

    private static final Map<String, Key> KEYS = Map.ofEntries(
            Map.entry("endTime", new Key(SpotifyColumn.TS, Read.MINUTE)),
            Map.entry("ts", new Key(SpotifyColumn.TS, Read.ISO_INSTANT)),
            Map.entry("msPlayed", new Key(SpotifyColumn.MS_PLAYED, Read.LONG)),
            Map.entry("ms_played", new Key(SpotifyColumn.MS_PLAYED, Read.LONG)),
            Map.entry("artistName", new Key(SpotifyColumn.ARTIST_NAME, Read.TEXT)),
            Map.entry("trackName", new Key(SpotifyColumn.TRACK_NAME, Read.TEXT)),
            Map.entry("podcastName", new Key(SpotifyColumn.SHOW_NAME, Read.TEXT)),
            Map.entry("episodeName", new Key(SpotifyColumn.EPISODE_NAME, Read.TEXT)),
            Map.entry("audiobookName", new Key(SpotifyColumn.AUDIOBOOK_TITLE, Read.TEXT)),
            Map.entry("chapterName", new Key(SpotifyColumn.CHAPTER_TITLE, Read.TEXT)),
            Map.entry("authorName", new Key(SpotifyColumn.AUTHOR_NAME, Read.TEXT)),
            Map.entry("platform", new Key(SpotifyColumn.PLATFORM, Read.TEXT)),
            Map.entry("conn_country", new Key(SpotifyColumn.CONN_COUNTRY, Read.TEXT)),
            Map.entry("ip_addr_decrypted", new Key(SpotifyColumn.IP_ADDR, Read.TEXT)),
            Map.entry("ip_addr", new Key(SpotifyColumn.IP_ADDR, Read.TEXT)),
            Map.entry("user_agent_decrypted", new Key(SpotifyColumn.USER_AGENT, Read.TEXT)),
            Map.entry("master_metadata_track_name", new Key(SpotifyColumn.TRACK_NAME, Read.TEXT)),
            Map.entry("master_metadata_album_artist_name", new Key(SpotifyColumn.ARTIST_NAME, Read.TEXT)),
            Map.entry("master_metadata_album_album_name", new Key(SpotifyColumn.ALBUM_NAME, Read.TEXT)),
            Map.entry("spotify_track_uri", new Key(SpotifyColumn.TRACK_URI, Read.TEXT)),
            Map.entry("episode_name", new Key(SpotifyColumn.EPISODE_NAME, Read.TEXT)),
            Map.entry("episode_show_name", new Key(SpotifyColumn.SHOW_NAME, Read.TEXT)),
            Map.entry("spotify_episode_uri", new Key(SpotifyColumn.EPISODE_URI, Read.TEXT)),
            Map.entry("audiobook_title", new Key(SpotifyColumn.AUDIOBOOK_TITLE, Read.TEXT)),
            Map.entry("audiobook_uri", new Key(SpotifyColumn.AUDIOBOOK_URI, Read.TEXT)),
            Map.entry("audiobook_chapter_title", new Key(SpotifyColumn.CHAPTER_TITLE, Read.TEXT)),
            Map.entry("audiobook_chapter_uri", new Key(SpotifyColumn.CHAPTER_URI, Read.TEXT)),
            Map.entry("reason_start", new Key(SpotifyColumn.REASON_START, Read.TEXT)),
            Map.entry("reason_end", new Key(SpotifyColumn.REASON_END, Read.TEXT)),
            Map.entry("shuffle", new Key(SpotifyColumn.SHUFFLE, Read.BOOLEAN)),
            Map.entry("skipped", new Key(SpotifyColumn.SKIPPED, Read.BOOLEAN)),
            Map.entry("offline", new Key(SpotifyColumn.OFFLINE, Read.BOOLEAN)),
            Map.entry("offline_timestamp", new Key(SpotifyColumn.OFFLINE_TIMESTAMP, Read.LONG)),
            Map.entry("incognito_mode", new Key(SpotifyColumn.INCOGNITO_MODE, Read.BOOLEAN)),
            Map.entry("city", new Key(SpotifyColumn.CITY, Read.TEXT)),
            Map.entry("region", new Key(SpotifyColumn.REGION, Read.TEXT)),
            Map.entry("metro_code", new Key(SpotifyColumn.METRO_CODE, Read.TEXT_OR_NUMBER)),
            Map.entry("longitude", new Key(SpotifyColumn.LONGITUDE, Read.DOUBLE)),
            Map.entry("latitude", new Key(SpotifyColumn.LATITUDE, Read.DOUBLE)));

    /** The key that names the listener; it has no column of its own (it fills {@code listener}). */
    static final String USERNAME = "username";

    /** What a download tool or a file manager adds to a name a file already has: " (1)", " copy", " copy 2", "-1". */
    private static final String COPY_SUFFIX = "( ?\\(\\d+\\)| copy( \\d+)?|-\\d+)?";
    private static final Pattern TWELVE_MONTH_NAME = Pattern.compile("StreamingHistory(_(music|podcast|audiobook|video))?_?\\d*" + COPY_SUFFIX + "\\.json",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EXTENDED_NAME = Pattern.compile("(endsong|endvideo|endepisode)(_\\d+)?" + COPY_SUFFIX + "\\.json|Streaming_History_(Audio|Video)_.*\\.json",
            Pattern.CASE_INSENSITIVE);
    /** A JSON file whose name starts as a history's does but is none of them ("StreamingHistory0 old.json"): not read, and said so. */
    private static final Pattern NEAR_NAME = Pattern.compile("(StreamingHistory|Streaming_History|endsong|endvideo|endepisode).*\\.json", Pattern.CASE_INSENSITIVE);

    private SpotifyKeys() {
    }

    /** The known key {@code name}, or null. */
    static Key key(String name) {
        return KEYS.get(name);
    }

    /** The names of the keys whose values are personal data (IP addresses, user agents). */
    static List<String> personalKeys() {
        return KEYS.entrySet().stream().filter(e -> e.getValue().column().personal()).map(Map.Entry::getKey).sorted().toList();
    }

    /** A bit of its own for each known key (and username), so a record can note the keys it gave in one long. */
    private static final Map<String, Long> BITS = bits();

    private static Map<String, Long> bits() {
        List<String> names = new ArrayList<>(new TreeSet<>(KEYS.keySet()));
        names.add(USERNAME);
        if (names.size() > Long.SIZE) {
            throw new IllegalStateException("more known keys than bits in a long: " + names.size());
        }
        Map<String, Long> bits = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            bits.put(names.get(i), 1L << i);
        }
        return Map.copyOf(bits);
    }

    /** The bit of the known key {@code name} (username included), or 0 for a key Soundstage does not know. */
    static long bit(String name) {
        return BITS.getOrDefault(name, 0L);
    }

    /** Whether a file of this name is streaming history of a variant Spotify ships. */
    public static boolean isStreamingHistory(String fileName) {
        return TWELVE_MONTH_NAME.matcher(fileName).matches() || EXTENDED_NAME.matcher(fileName).matches();
    }

    /** Whether a file of this name is an export's identity file ({@code Userdata.json}, {@code Identity.json}). */
    static boolean isIdentity(String fileName) {
        return fileName.equalsIgnoreCase("Userdata.json") || fileName.equalsIgnoreCase("Identity.json");
    }

    /** What the file name says the file holds: music, podcast, audiobook or video; null when it mixes them or does not say. */
    /** Whether a file of this name is a "Last 12 months" history (its records name no listener). */
    static boolean isTwelveMonth(String fileName) {
        return TWELVE_MONTH_NAME.matcher(fileName).matches();
    }

    /** Whether a file of this name looks like a streaming history renamed beyond what {@link #isStreamingHistory} takes. */
    static boolean isNearStreamingHistory(String fileName) {
        return !isStreamingHistory(fileName) && NEAR_NAME.matcher(fileName).matches();
    }

    static String fileContent(String fileName) {
        String name = fileName.toLowerCase(java.util.Locale.ROOT);
        if (name.startsWith("streaminghistory_music_")) {
            return "music";
        }
        if (name.startsWith("streaminghistory_podcast_") || name.startsWith("endepisode")) {
            return "podcast";
        }
        if (name.startsWith("streaminghistory_audiobook_")) {
            return "audiobook";
        }
        if (name.startsWith("endvideo") || name.startsWith("streaming_history_video_") || name.startsWith("streaminghistory_video_")) {
            return "video";
        }
        return null;
    }
}
