-- No event is staged twice: no two staged events have the same content.
-- blocking: true
-- (Copies have equal numbers, so a 64-bit hash of the numbers finds the candidates, as staging
-- does (meta.event_numbers_hash); only those are grouped by every field, which keeps the memory
-- of this check flat on large warehouses, and no text is hashed. The hash is computed in both
-- places instead of in one CTE that both read: such a CTE is materialized with every column,
-- which cost more than hashing twice.)
WITH repeated AS (
    SELECT h
    FROM (SELECT meta.event_numbers_hash(ts, user_id, status, session_id, item_in_session, length, registration) AS h
          FROM staging.sparkify_events) hashes
    GROUP BY h
    HAVING count(*) > 1
), candidates AS (
    SELECT * FROM staging.sparkify_events
    WHERE meta.event_numbers_hash(ts, user_id, status, session_id, item_in_session, length, registration) IN (SELECT h FROM repeated)
), copies AS (
    SELECT count(*) - 1 AS extra
    FROM candidates
    GROUP BY ts, user_id, first_name, last_name, gender, level, auth, page, method, status,
             session_id, item_in_session, artist, song, length, location, user_agent, registration
    HAVING count(*) > 1
)
SELECT coalesce(sum(extra), 0) AS failures,
       coalesce(sum(extra), 0) || ' repeated events of ' || (SELECT count(*) FROM staging.sparkify_events) AS detail
FROM copies;

-- incremental: the events the new files staged, against every staged event of their time range
-- (copies share their ts).
WITH fresh AS (
    SELECT *, meta.event_numbers_hash(ts, user_id, status, session_id, item_in_session, length, registration) AS h
    FROM staging.sparkify_events
    WHERE file_id > :low_file_id AND file_id <= :high_file_id
), around AS (
    SELECT *, meta.event_numbers_hash(ts, user_id, status, session_id, item_in_session, length, registration) AS h
    FROM staging.sparkify_events
    WHERE ts >= (SELECT min(ts) FROM staging.sparkify_events WHERE file_id > :low_file_id AND file_id <= :high_file_id)
      AND ts <= (SELECT max(ts) FROM staging.sparkify_events WHERE file_id > :low_file_id AND file_id <= :high_file_id)
), candidates AS (
    SELECT * FROM around WHERE h IN (SELECT h FROM fresh)
), copies AS (
    SELECT count(*) - 1 AS extra
    FROM candidates
    GROUP BY ts, user_id, first_name, last_name, gender, level, auth, page, method, status,
             session_id, item_in_session, artist, song, length, location, user_agent, registration
    HAVING count(*) > 1
)
SELECT coalesce(sum(extra), 0) AS failures,
       coalesce(sum(extra), 0) || ' repeated events among ' || (SELECT count(*) FROM fresh) || ' new staged events' AS detail
FROM copies;
