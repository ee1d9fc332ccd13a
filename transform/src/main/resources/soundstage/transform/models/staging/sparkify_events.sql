-- Typed, cleaned, deduplicated Sparkify events.
--
-- Incremental: takes the source rows of the files this run transforms (temp table run_files).
-- Cleaning: empty strings become NULL, literal double quotes around user agents are removed,
-- artist and song names that are double-decoded UTF-8 are repaired (counted in `repaired`).
-- Dedup: an event whose content (every field after typing and cleaning) is already staged, or
-- appears twice in this run, is kept once, with the lineage of its first copy (lowest file, line).
-- event_id comes from the lineage of the first copy (see meta.lineage_id), so it never changes,
-- not even when staging is rebuilt; it becomes songplay_id.
-- depends: source.sparkify_events
INSERT INTO staging.sparkify_events
WITH fresh AS (
    SELECT s.file_id, s.line_no,
           s.ts,
           CAST(meta.clean_text(s.user_id) AS INTEGER) AS user_id,
           meta.clean_text(s.first_name) AS first_name,
           meta.clean_text(s.last_name) AS last_name,
           meta.clean_text(s.gender) AS gender,
           meta.clean_text(s.level) AS level,
           meta.clean_text(s.auth) AS auth,
           trim(s.page) AS page,
           meta.clean_text(s.method) AS method,
           s.status,
           s.session_id,
           s.item_in_session,
           meta.clean_text(s.artist) AS artist_as_read,
           meta.clean_text(s.song) AS song_as_read,
           s.length,
           meta.clean_text(s.location) AS location,
           meta.clean_text(trim(s.user_agent, '"')) AS user_agent,
           CAST(round(s.registration) AS BIGINT) AS registration
    FROM source.sparkify_events s
    WHERE s.file_id IN (SELECT file_id FROM run_files)
), repaired AS (
    SELECT *,
           meta.repair_mojibake(artist_as_read) AS artist,
           meta.repair_mojibake(song_as_read) AS song
    FROM fresh
), keyed AS (
    SELECT *,
           meta.content_key(concat_ws(chr(31),
               coalesce(CAST(ts AS VARCHAR), '\N'), coalesce(CAST(user_id AS VARCHAR), '\N'),
               coalesce(first_name, '\N'), coalesce(last_name, '\N'), coalesce(gender, '\N'),
               coalesce(level, '\N'), coalesce(auth, '\N'), page, coalesce(method, '\N'),
               coalesce(CAST(status AS VARCHAR), '\N'), coalesce(CAST(session_id AS VARCHAR), '\N'),
               coalesce(CAST(item_in_session AS VARCHAR), '\N'), coalesce(artist, '\N'),
               coalesce(song, '\N'), coalesce(CAST(length AS VARCHAR), '\N'),
               coalesce(location, '\N'), coalesce(user_agent, '\N'),
               coalesce(CAST(registration AS VARCHAR), '\N'))) AS event_key
    FROM repaired
), firsts AS (
    SELECT *
    FROM keyed k
    WHERE NOT EXISTS (SELECT 1 FROM staging.sparkify_events e WHERE e.event_key = k.event_key)
    QUALIFY row_number() OVER (PARTITION BY event_key ORDER BY file_id, line_no) = 1
)
SELECT meta.lineage_id(file_id, line_no) AS event_id,
       event_key, file_id, line_no, ts, make_timestamp(ts * 1000) AS start_time, user_id,
       first_name, last_name, gender, level, auth, page, method, status, session_id,
       item_in_session, artist, song, length, location, user_agent, registration,
       (artist IS DISTINCT FROM artist_as_read OR song IS DISTINCT FROM song_as_read) AS repaired
FROM firsts;
