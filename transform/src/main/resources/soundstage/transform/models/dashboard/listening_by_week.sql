-- Time listened per ISO week (week is its Monday, UTC) of the plays' start: plays, listeners,
-- ms_played and hours_listened, of every play of both sources and content types (a Sparkify play
-- counts its song's length).
-- depends: analytics.songplays
DROP TABLE IF EXISTS dashboard.listening_by_week;
CREATE TABLE dashboard.listening_by_week AS
SELECT CAST(date_trunc('week', start_time) AS DATE) AS week, count(*) AS plays, count(DISTINCT user_id) AS listeners,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
GROUP BY CAST(date_trunc('week', start_time) AS DATE)
ORDER BY 1;
