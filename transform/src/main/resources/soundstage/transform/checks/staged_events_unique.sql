-- No event is staged twice: no two staged events have the same content.
-- blocking: true
WITH copies AS (
    SELECT count(*) - 1 AS extra
    FROM staging.sparkify_events
    GROUP BY ts, user_id, first_name, last_name, gender, level, auth, page, method, status,
             session_id, item_in_session, artist, song, length, location, user_agent, registration
    HAVING count(*) > 1
)
SELECT coalesce(sum(extra), 0) AS failures,
       coalesce(sum(extra), 0) || ' repeated events of ' || (SELECT count(*) FROM staging.sparkify_events) AS detail
FROM copies;
