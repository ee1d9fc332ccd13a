package soundstage.testing;

/**
 * SQL that plants in a built warehouse the copies a bug could leave, for tests that show a check
 * finding them. Column lists, not {@code SELECT *}: the copy changes one column, and DuckDB's
 * {@code SELECT * REPLACE} is not PostgreSQL's.
 */
final class PlantedCopies {
    /** The columns of a staged Sparkify event after its event_id. */
    private static final String EVENT_COLUMNS = "file_id, line_no, ts, start_time, user_id, first_name, last_name, gender, level, auth, page, method, status, "
            + "session_id, item_in_session, artist, song, length, location, user_agent, registration, repaired";

    /** The columns of central.spotify_streams, in order; all but the last are staging.spotify_streams' columns too. */
    static final String CENTRAL_COLUMNS = "stream_id, listener, history, content_type, ts, start_time, ms_played, creator, title, track_name, artist_name, "
            + "album_name, track_uri, episode_name, show_name, episode_uri, audiobook_title, audiobook_uri, chapter_title, chapter_uri, author_name, platform, "
            + "conn_country, reason_start, reason_end, shuffle, skipped, offline, offline_at, incognito, upgrades_12_month";

    private PlantedCopies() {
    }

    /** A copy of the staged events that {@code where} selects, each under another event_id: the same event staged twice. */
    static String stagedEvents(String where) {
        return "INSERT INTO staging.sparkify_events (event_id, " + EVENT_COLUMNS + ") SELECT event_id + 100, " + EVENT_COLUMNS
                + " FROM staging.sparkify_events WHERE " + where;
    }

    /** The staged Spotify plays that {@code where} selects (of {@code staging.spotify_streams s}), put into central as they are, upgrading nothing. */
    static String centralFromStaging(String where) {
        return "INSERT INTO central.spotify_streams SELECT " + CENTRAL_COLUMNS.replace(", upgrades_12_month", ", false")
                + " FROM staging.spotify_streams s WHERE " + where;
    }
}
