-- Time listened per ISO week (week is its Monday, UTC) of the plays' start: plays, listeners,
-- ms_played and hours_listened, of every play of both sources and content types (a Sparkify play
-- counts its song's length).
-- depends: analytics.songplays, dashboard.file_days
DROP TABLE IF EXISTS dashboard.listening_by_week;
CREATE TABLE dashboard.listening_by_week AS
SELECT CAST(date_trunc('week', start_time) AS DATE) AS week, count(*) AS plays, count(DISTINCT user_id) AS listeners,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
GROUP BY CAST(date_trunc('week', start_time) AS DATE)
ORDER BY 1;

-- incremental: the weeks of the plays new files add or change (their days in file_days) are counted again.
CREATE TEMP TABLE changed_weeks AS
SELECT DISTINCT CAST(date_trunc('week', day) AS DATE) AS week
FROM dashboard.file_days
WHERE file_id > :low_file_id AND file_id <= :high_file_id;

DELETE FROM dashboard.listening_by_week WHERE week IN (SELECT week FROM changed_weeks);

INSERT INTO dashboard.listening_by_week
SELECT CAST(date_trunc('week', start_time) AS DATE) AS week, count(*) AS plays, count(DISTINCT user_id) AS listeners,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
WHERE CAST(date_trunc('week', start_time) AS DATE) IN (SELECT week FROM changed_weeks)
  AND start_time >= (SELECT min(week) FROM changed_weeks)
  AND start_time < (SELECT max(week) FROM changed_weeks) + INTERVAL '7 days'
GROUP BY CAST(date_trunc('week', start_time) AS DATE);

DROP TABLE changed_weeks;
