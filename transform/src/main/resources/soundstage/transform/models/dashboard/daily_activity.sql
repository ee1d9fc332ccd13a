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
