-- Time listened per day (UTC) of the plays' start: plays, listeners, ms_played and hours_listened,
-- of every play of both sources and content types (a Sparkify play counts its song's length). A
-- play that runs past midnight counts for the day it started.
-- depends: analytics.songplays, dashboard.file_days
DROP TABLE IF EXISTS dashboard.listening_by_day;
CREATE TABLE dashboard.listening_by_day AS
SELECT CAST(start_time AS DATE) AS day, count(*) AS plays, count(DISTINCT user_id) AS listeners,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
GROUP BY CAST(start_time AS DATE)
ORDER BY 1;

-- incremental: the days of the plays new files add or change (their days in file_days) are counted again.
CREATE TEMP TABLE changed_days AS
SELECT DISTINCT day AS day
FROM dashboard.file_days
WHERE file_id > :low_file_id AND file_id <= :high_file_id;

DELETE FROM dashboard.listening_by_day WHERE day IN (SELECT day FROM changed_days);

INSERT INTO dashboard.listening_by_day
SELECT CAST(start_time AS DATE) AS day, count(*) AS plays, count(DISTINCT user_id) AS listeners,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
WHERE CAST(start_time AS DATE) IN (SELECT day FROM changed_days)
  AND start_time >= (SELECT min(day) FROM changed_days)
  AND start_time < (SELECT max(day) FROM changed_days) + INTERVAL '1 day'
GROUP BY CAST(start_time AS DATE);

DROP TABLE changed_days;
