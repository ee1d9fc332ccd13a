package soundstage.generate;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * A field of an extended streaming history record: its key and what it says about a play. Some
 * keys come in two flavours whose values differ ({@code skipped}, {@code offline_timestamp}); each
 * {@link ExtendedFormat} lists the ones it uses.
 */
enum ExtendedField {
    TS("ts"),
    USERNAME("username"),
    PLATFORM("platform"),
    MS_PLAYED("ms_played"),
    CONN_COUNTRY("conn_country"),
    IP_ADDR_DECRYPTED("ip_addr_decrypted"),
    IP_ADDR("ip_addr"),
    USER_AGENT_DECRYPTED("user_agent_decrypted"),
    /** Null unless a track. */
    TRACK_NAME("master_metadata_track_name"),
    ALBUM_ARTIST_NAME("master_metadata_album_artist_name"),
    ALBUM_NAME("master_metadata_album_album_name"),
    TRACK_URI("spotify_track_uri"),
    /** Null unless a podcast or video episode. */
    EPISODE_NAME("episode_name"),
    EPISODE_SHOW_NAME("episode_show_name"),
    EPISODE_URI("spotify_episode_uri"),
    /** Null unless an audiobook chapter. */
    AUDIOBOOK_TITLE("audiobook_title"),
    AUDIOBOOK_URI("audiobook_uri"),
    AUDIOBOOK_CHAPTER_URI("audiobook_chapter_uri"),
    AUDIOBOOK_CHAPTER_TITLE("audiobook_chapter_title"),
    REASON_START("reason_start"),
    REASON_END("reason_end"),
    SHUFFLE("shuffle"),
    /** A boolean. */
    SKIPPED("skipped"),
    /** {@code true} when skipped, else null, as the oldest exports have it. */
    SKIPPED_TRUE_OR_NULL("skipped"),
    OFFLINE("offline"),
    OFFLINE_TIMESTAMP_MILLIS("offline_timestamp"),
    OFFLINE_TIMESTAMP_SECONDS("offline_timestamp"),
    INCOGNITO_MODE("incognito_mode"),
    /** Geography: null unless {@link SpotifyPlay#geo()}. */
    CITY("city"),
    REGION("region"),
    METRO_CODE("metro_code"),
    LONGITUDE("longitude"),
    LATITUDE("latitude");

    private final String key;
    private final SerializableString serializedKey;

    ExtendedField(String key) {
        this.key = key;
        this.serializedKey = new SerializedString(key);
    }

    /** The JSON key. */
    String key() {
        return key;
    }

    SerializableString serializedKey() {
        return serializedKey;
    }
}
