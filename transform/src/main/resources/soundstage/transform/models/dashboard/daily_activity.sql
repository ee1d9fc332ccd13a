-- Per day: plays, daily active users (users with any logged-in event that day), sessions, and
-- plays by level, of the Sparkify event logs: Spotify exports hold plays only, without sessions
-- or levels (their days are in dashboard.listening_by_day).
-- depends: staging.sparkify_events
DROP TABLE IF EXISTS dashboard.daily_activity;
CREATE TABLE dashboard.daily_activity AS
SELECT CAST(start_time AS DATE) AS day,
       count(*) FILTER (WHERE page = 'NextSong') AS plays,
       count(DISTINCT user_id) AS active_users,
       count(DISTINCT session_id) FILTER (WHERE user_id IS NOT NULL) AS sessions,
       count(*) FILTER (WHERE page = 'NextSong' AND level = 'paid') AS paid_plays,
       count(*) FILTER (WHERE page = 'NextSong' AND level = 'free') AS free_plays
FROM staging.sparkify_events
GROUP BY CAST(start_time AS DATE)
ORDER BY 1;

-- incremental: the days of the new events are counted again.
CREATE TEMP TABLE changed_days AS
SELECT DISTINCT CAST(start_time AS DATE) AS day
FROM staging.sparkify_events
WHERE file_id > :low_file_id AND file_id <= :high_file_id;

DELETE FROM dashboard.daily_activity WHERE day IN (SELECT day FROM changed_days);

INSERT INTO dashboard.daily_activity
SELECT CAST(start_time AS DATE) AS day,
       count(*) FILTER (WHERE page = 'NextSong') AS plays,
       count(DISTINCT user_id) AS active_users,
       count(DISTINCT session_id) FILTER (WHERE user_id IS NOT NULL) AS sessions,
       count(*) FILTER (WHERE page = 'NextSong' AND level = 'paid') AS paid_plays,
       count(*) FILTER (WHERE page = 'NextSong' AND level = 'free') AS free_plays
FROM staging.sparkify_events
WHERE CAST(start_time AS DATE) IN (SELECT day FROM changed_days)
  AND start_time >= (SELECT min(day) FROM changed_days)
  AND start_time < (SELECT max(day) FROM changed_days) + INTERVAL '1 day'
GROUP BY CAST(start_time AS DATE);

DROP TABLE changed_days;
