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
-- line). Copies have equal numbers (ts, user, status, session, item, length, registration), so a
-- 64-bit hash of those finds the few events that may be copies (meta.event_numbers_hash: it
-- needs no cleaned text, so the new events are cleaned in one pass, as they are written); those
-- are then compared field by field, so no two different events are ever merged. Copies share
-- their ts, so only staged events of the same time range are read.
-- event_id comes from the lineage of the first copy (see meta.lineage_id), so it never changes,
-- not even when staging is rebuilt; it becomes songplay_id.
-- depends: source.sparkify_events
-- incremental: (no full part: a full build empties the table and takes every file)
-- (The time range of the new rows first, in a table of its own: DuckDB then reads only the
-- blocks of staged rows of that range.)
CREATE TEMP TABLE fresh_range AS
SELECT min(ts) AS first_ts, max(ts) AS last_ts FROM source.sparkify_events WHERE file_id > :low_file_id AND file_id <= :high_file_id;

-- The new events that may be copies: their numbers' hash occurs twice among the new events or
-- is already staged. (In tables of their own, two narrow columns: the wide rows are then read
-- and cleaned once, by the insert.)
CREATE TEMP TABLE fresh_numbers AS
SELECT s.file_id, s.line_no,
       meta.event_numbers_hash(s.ts, meta.to_integer(meta.clean_text(s.user_id)), s.status, s.session_id, s.item_in_session,
                               s.length, CAST(round(s.registration) AS BIGINT)) AS h
FROM source.sparkify_events s
WHERE s.file_id > :low_file_id AND s.file_id <= :high_file_id;

CREATE TEMP TABLE suspect_events AS
SELECT file_id, line_no
FROM fresh_numbers
WHERE h IN (SELECT h FROM fresh_numbers GROUP BY h HAVING count(*) > 1
            UNION
            SELECT meta.event_numbers_hash(ts, user_id, status, session_id, item_in_session, length, registration)
            FROM staging.sparkify_events
            WHERE ts BETWEEN (SELECT first_ts FROM fresh_range) AND (SELECT last_ts FROM fresh_range));

INSERT INTO staging.sparkify_events
WITH fresh AS NOT MATERIALIZED (
    -- Read twice, not stored between: once for the events that cannot be copies (nearly all), once
    -- for the suspects (where the filter on suspect reaches the join, so only they are cleaned).
    -- One function a level for the names and the user agent: nested, each macro is expanded into
    -- the next with its argument copied wherever it appears (clean_text names it 11 times), and
    -- binding those expressions took 0.05 s of every run.
    SELECT file_id, line_no, ts, user_id, first_name, last_name, gender, level, auth, page, method, status, session_id, item_in_session,
           meta.repair_mojibake(artist_as_read) AS artist,
           meta.repair_mojibake(song_as_read) AS song,
           length, location,
           meta.clean_text(user_agent) AS user_agent,
           registration, artist_as_read, song_as_read, suspect
    FROM (
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
               s.length,
               meta.clean_text(s.location) AS location,
               meta.unquote(s.user_agent) AS user_agent,
               CAST(round(s.registration) AS BIGINT) AS registration,
               meta.clean_text(s.artist) AS artist_as_read,
               meta.clean_text(s.song) AS song_as_read,
               x.file_id IS NOT NULL AS suspect
        FROM source.sparkify_events s
        LEFT JOIN suspect_events x ON x.file_id = s.file_id AND x.line_no = s.line_no
        WHERE s.file_id > :low_file_id AND s.file_id <= :high_file_id
    ) AS cleaned
), staged AS (
    SELECT * FROM staging.sparkify_events
    WHERE ts BETWEEN (SELECT first_ts FROM fresh_range) AND (SELECT last_ts FROM fresh_range)
), kept_suspects AS (
    -- Compared field by field: equal hashes alone never merge two events; of equal events the
    -- first (lowest file, then line) is kept.
    SELECT file_id, line_no, ts, user_id, first_name, last_name, gender, level, auth, page, method, status, session_id,
           item_in_session, artist, song, length, location, user_agent, registration, artist_as_read, song_as_read, suspect
    FROM (
    SELECT f.*, row_number() OVER (
        PARTITION BY ts, user_id, first_name, last_name, gender, level, auth, page, method, status,
                     session_id, item_in_session, artist, song, length, location, user_agent, registration
        ORDER BY file_id, line_no) AS copy_no
    FROM fresh f
    WHERE f.suspect
      AND NOT EXISTS (
        SELECT 1 FROM staged e
        WHERE e.ts = f.ts
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
    SELECT * FROM fresh WHERE NOT suspect
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

DROP TABLE suspect_events;
DROP TABLE fresh_numbers;
DROP TABLE fresh_range;
