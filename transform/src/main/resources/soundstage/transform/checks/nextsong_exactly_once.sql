-- Every staged NextSong event is exactly one songplay, and every songplay is a staged NextSong event.
-- blocking: true
WITH events AS (
    SELECT event_id FROM staging.sparkify_events WHERE page = 'NextSong'
), plays AS (
    SELECT songplay_id, count(*) AS copies FROM analytics.songplays WHERE source = 'sparkify' GROUP BY songplay_id
), missing AS (
    SELECT count(*) AS n FROM events e WHERE NOT EXISTS (SELECT 1 FROM plays p WHERE p.songplay_id = e.event_id)
), extra AS (
    SELECT count(*) AS n FROM plays p WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = p.songplay_id)
), repeated AS (
    SELECT coalesce(sum(copies - 1), 0) AS n FROM plays WHERE copies > 1
)
SELECT missing.n + extra.n + repeated.n AS failures,
       missing.n || ' events without a songplay, ' || extra.n || ' songplays without an event, ' || repeated.n || ' repeated' AS detail
FROM missing, extra, repeated;

-- incremental: the NextSong events and the Sparkify songplays of the new files (a songplay keeps
-- the file of its event, and neither ever changes file).
WITH events AS (
    SELECT event_id FROM staging.sparkify_events WHERE page = 'NextSong' AND file_id > :low_file_id AND file_id <= :high_file_id
), plays AS (
    SELECT songplay_id, count(*) AS copies FROM analytics.songplays WHERE source = 'sparkify' AND file_id > :low_file_id AND file_id <= :high_file_id GROUP BY songplay_id
), missing AS (
    SELECT count(*) AS n FROM events e WHERE NOT EXISTS (SELECT 1 FROM plays p WHERE p.songplay_id = e.event_id)
), extra AS (
    SELECT count(*) AS n FROM plays p WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.event_id = p.songplay_id)
), repeated AS (
    SELECT coalesce(sum(copies - 1), 0) AS n FROM plays WHERE copies > 1
)
SELECT missing.n + extra.n + repeated.n AS failures,
       missing.n || ' new events without a songplay, ' || extra.n || ' new songplays without an event, ' || repeated.n || ' repeated' AS detail
FROM missing, extra, repeated;
