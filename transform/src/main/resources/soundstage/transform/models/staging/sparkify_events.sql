-- Typed, cleaned, deduplicated Sparkify events.
--
-- Incremental: takes the source rows of the new files (above the model's watermark).
-- Cleaning: empty strings become NULL, a user agent wrapped in literal double quotes loses one at
-- each end (meta.unquote: one that only ends with a quote keeps it), artist and song names that
-- are double-decoded UTF-8 are repaired (counted in `repaired`). (Saying so here also changes the
-- model's fingerprint, so a warehouse staged under the older rule, which took any quote off either
-- end, is staged again at its first run.)
-- Dedup: an event whose content (every field after cleaning) equals an event already staged, or
-- another event of this run, is kept once, with the lineage of its first copy (lowest file, then
-- line). A 64-bit hash of the content finds the few rows that may be copies; those are then
-- compared field by field, so no two different events are ever merged. Copies share their ts,
-- so only staged events of the same time range are read.
-- event_id comes from the lineage of the first copy (see meta.lineage_id), so it never changes,
-- not even when staging is rebuilt; it becomes songplay_id.
-- depends: source.sparkify_events
-- incremental: (no full part: a full build empties the table and takes every file)
-- (The time range of the new rows first, in a table of its own: DuckDB then reads only the
-- blocks of staged rows of that range.)
DROP TABLE IF EXISTS fresh_range;
CREATE TEMP TABLE fresh_range AS
SELECT min(ts) AS first_ts, max(ts) AS last_ts FROM source.sparkify_events WHERE file_id > :low_file_id AND file_id <= :high_file_id;

INSERT INTO staging.sparkify_events
WITH fresh AS (
    SELECT s.file_id, s.line_no, s.ts,
           meta.to_integer(meta.clean_text(s.user_id)) AS user_id,
           meta.clean_text(s.first_name) AS first_name,
           meta.clean_text(s.last_name) AS last_name,
           meta.clean_text(s.gender) AS gender,
           meta.clean_text(s.level) AS level,
           meta.clean_text(s.auth) AS auth,
           meta.clean_text(s.page) AS page,
           meta.clean_text(s.method) AS method,
           s.status, s.session_id, s.item_in_session,
           meta.clean_text(s.artist) AS artist_as_read,
           meta.clean_text(s.song) AS song_as_read,
           s.length,
           meta.clean_text(s.location) AS location,
           meta.clean_text(meta.unquote(s.user_agent)) AS user_agent,
           CAST(round(s.registration) AS BIGINT) AS registration
    FROM source.sparkify_events s
    WHERE s.file_id > :low_file_id AND s.file_id <= :high_file_id
), repaired AS (
    SELECT *,
           meta.repair_mojibake(artist_as_read) AS artist,
           meta.repair_mojibake(song_as_read) AS song
    FROM fresh
), hashed AS (
    SELECT *, meta.event_hash(ts, user_id, first_name, last_name, gender, level, auth, page, method, status, session_id,
                   item_in_session, artist, song, length, location, user_agent, registration) AS h
    FROM repaired
), staged AS (
    SELECT *, meta.event_hash(ts, user_id, first_name, last_name, gender, level, auth, page, method, status, session_id,
                   item_in_session, artist, song, length, location, user_agent, registration) AS h
    FROM staging.sparkify_events
    WHERE ts BETWEEN (SELECT first_ts FROM fresh_range) AND (SELECT last_ts FROM fresh_range)
), suspect_hashes AS (
    -- Hashes that occur twice in this run or are already staged: only these rows can be copies.
    SELECT h FROM hashed GROUP BY h HAVING count(*) > 1
    UNION
    SELECT h FROM staged
), suspects AS (
    SELECT * FROM hashed WHERE h IN (SELECT h FROM suspect_hashes)
), kept_suspects AS (
    -- Compared field by field: equal hashes alone never merge two events; of equal events the
    -- first (lowest file, then line) is kept.
    SELECT file_id, line_no, ts, user_id, first_name, last_name, gender, level, auth, page, method, status, session_id,
           item_in_session, artist_as_read, song_as_read, length, location, user_agent, registration, artist, song, h
    FROM (
    SELECT f.*, row_number() OVER (
        PARTITION BY ts, user_id, first_name, last_name, gender, level, auth, page, method, status,
                     session_id, item_in_session, artist, song, length, location, user_agent, registration
        ORDER BY file_id, line_no) AS copy_no
    FROM suspects f
    WHERE NOT EXISTS (
        SELECT 1 FROM staged e
        WHERE e.h = f.h AND e.ts = f.ts
          AND e.user_id IS NOT DISTINCT FROM f.user_id AND e.first_name IS NOT DISTINCT FROM f.first_name
          AND e.last_name IS NOT DISTINCT FROM f.last_name AND e.gender IS NOT DISTINCT FROM f.gender
          AND e.level IS NOT DISTINCT FROM f.level AND e.auth IS NOT DISTINCT FROM f.auth
          AND e.page = f.page AND e.method IS NOT DISTINCT FROM f.method
          AND e.status IS NOT DISTINCT FROM f.status AND e.session_id IS NOT DISTINCT FROM f.session_id
          AND e.item_in_session IS NOT DISTINCT FROM f.item_in_session
          AND e.artist IS NOT DISTINCT FROM f.artist AND e.song IS NOT DISTINCT FROM f.song
          AND e.length IS NOT DISTINCT FROM f.length AND e.location IS NOT DISTINCT FROM f.location
          AND e.user_agent IS NOT DISTINCT FROM f.user_agent
          AND e.registration IS NOT DISTINCT FROM f.registration)
    ) AS numbered
    WHERE copy_no = 1
), kept AS (
    SELECT * FROM hashed WHERE h NOT IN (SELECT h FROM suspect_hashes)
    UNION ALL
    SELECT * FROM kept_suspects
)
SELECT meta.lineage_id(f.file_id, f.line_no) AS event_id,
       f.file_id, f.line_no, f.ts, meta.epoch_ms(f.ts) AS start_time, f.user_id,
       f.first_name, f.last_name, f.gender, f.level, f.auth, f.page, f.method, f.status, f.session_id,
       f.item_in_session, f.artist, f.song, f.length, f.location, f.user_agent, f.registration,
       (f.artist IS DISTINCT FROM f.artist_as_read OR f.song IS DISTINCT FROM f.song_as_read) AS repaired
FROM kept f;
-- Not sorted: later runs find the rows of given files by their file_id, and DuckDB skips the
-- blocks of rows whose file_ids are all outside the range. The rows come out in about the order
-- the source layer holds them (batch after batch of files), which keeps those ranges narrow; an
-- ORDER BY file_id, line_no here cost 40 % of the statement at 1M events.

DROP TABLE fresh_range;
