package soundstage.ingest.spotify;

/**
 * The play columns of {@code source.spotify_streams}, in table order after the lineage and
 * listener columns ({@code file_id, record_no, line_no, listener, history, file_content}) and
 * before {@code raw}. Which JSON keys fill them is {@link SpotifyKeys}' business.
 */
public enum SpotifyColumn {
    TS(Type.TIME), MS_PLAYED(Type.LONG),
    TRACK_NAME(Type.TEXT), ARTIST_NAME(Type.TEXT), ALBUM_NAME(Type.TEXT), TRACK_URI(Type.TEXT),
    EPISODE_NAME(Type.TEXT), SHOW_NAME(Type.TEXT), EPISODE_URI(Type.TEXT),
    AUDIOBOOK_TITLE(Type.TEXT), AUDIOBOOK_URI(Type.TEXT), CHAPTER_TITLE(Type.TEXT), CHAPTER_URI(Type.TEXT), AUTHOR_NAME(Type.TEXT),
    PLATFORM(Type.TEXT), CONN_COUNTRY(Type.TEXT), IP_ADDR(Type.TEXT), USER_AGENT(Type.TEXT),
    REASON_START(Type.TEXT), REASON_END(Type.TEXT),
    SHUFFLE(Type.BOOLEAN), SKIPPED(Type.BOOLEAN), OFFLINE(Type.BOOLEAN), OFFLINE_TIMESTAMP(Type.LONG), INCOGNITO_MODE(Type.BOOLEAN),
    CITY(Type.TEXT), REGION(Type.TEXT), METRO_CODE(Type.TEXT), LONGITUDE(Type.DOUBLE), LATITUDE(Type.DOUBLE);

    /** How a value is held in {@link StreamRow#values()}: TIME as epoch microseconds (a Long). */
    public enum Type { TEXT, LONG, BOOLEAN, DOUBLE, TIME }

    private static final SpotifyColumn[] ALL = values();

    private final Type type;

    SpotifyColumn(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }

    /** The SQL column name. */
    public String column() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Personal data: kept in the source layer only, and dropped at ingest when asked to. */
    public boolean personal() {
        return this == IP_ADDR || this == USER_AGENT;
    }

    static SpotifyColumn[] all() {
        return ALL;
    }
}
