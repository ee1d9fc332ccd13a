-- Time listened per day (UTC) of the plays' start: plays, listeners, ms_played and hours_listened,
-- of every play of both sources and content types (a Sparkify play counts its song's length). A
-- play that runs past midnight counts for the day it started.
-- depends: analytics.songplays, staging.spotify_streams
DROP TABLE IF EXISTS dashboard.listening_by_day;
CREATE TABLE dashboard.listening_by_day AS
SELECT CAST(start_time AS DATE) AS day, count(*) AS plays, count(DISTINCT user_id) AS listeners,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
GROUP BY CAST(start_time AS DATE)
ORDER BY 1;

-- incremental: the days of the plays new files add or change (new Sparkify plays, new Spotify
-- plays and the 12-month plays a new extended play replaces) are counted again.
DROP TABLE IF EXISTS changed_days;
CREATE TEMP TABLE changed_days AS
SELECT DISTINCT CAST(start_time AS DATE) AS day
FROM (
    SELECT start_time FROM analytics.songplays WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT start_time FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT t.start_time
    FROM staging.spotify_streams t
    JOIN staging.spotify_streams n
      ON n.listener = t.listener AND n.creator = t.creator AND n.title = t.title AND date_trunc('minute', n.ts) = t.ts
    WHERE t.history = '12-month' AND n.history = 'extended' AND n.file_id > :low_file_id AND n.file_id <= :high_file_id
) AS changed;

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
