-- Time listened per day (UTC) of the plays' start: plays, listeners, ms_played and hours_listened,
-- of every play of both sources and content types (a Sparkify play counts its song's length). A
-- play that runs past midnight counts for the day it started.
-- depends: analytics.songplays
DROP TABLE IF EXISTS dashboard.listening_by_day;
CREATE TABLE dashboard.listening_by_day AS
SELECT CAST(start_time AS DATE) AS day, count(*) AS plays, count(DISTINCT user_id) AS listeners,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
GROUP BY CAST(start_time AS DATE)
ORDER BY 1;
