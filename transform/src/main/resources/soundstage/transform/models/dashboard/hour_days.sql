-- Plays per day (UTC), source and hour of day (0-23, UTC) of the plays' start: plays and
-- ms_played (a Sparkify play counts its song's length), of every play of both sources and
-- content types. With listener_days and song_days, what the web dashboard's date range and
-- source filters read: "when do people listen" for any range is a small GROUP BY of its days.
-- depends: analytics.songplays, dashboard.file_days
DROP TABLE IF EXISTS dashboard.hour_days;
CREATE TABLE dashboard.hour_days AS
SELECT CAST(start_time AS DATE) AS day, source, CAST(extract(hour FROM start_time) AS INTEGER) AS hour,
       count(*) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played
FROM analytics.songplays
GROUP BY CAST(start_time AS DATE), source, CAST(extract(hour FROM start_time) AS INTEGER)
ORDER BY day, source, hour;

-- incremental: the days of the plays new files add or change (their days in file_days) are counted again from every play
-- of those days. (No file bound, as in listening_by_day: a day made again whole is exact, and a
-- day that counted plays of files above the watermark is made again when they are merged.)
CREATE TEMP TABLE changed_days AS
SELECT DISTINCT day AS day
FROM dashboard.file_days
WHERE file_id > :low_file_id AND file_id <= :high_file_id;

DELETE FROM dashboard.hour_days WHERE day IN (SELECT day FROM changed_days);

INSERT INTO dashboard.hour_days
SELECT CAST(start_time AS DATE) AS day, source, CAST(extract(hour FROM start_time) AS INTEGER) AS hour,
       count(*) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played
FROM analytics.songplays
WHERE CAST(start_time AS DATE) IN (SELECT day FROM changed_days)
  AND start_time >= (SELECT min(day) FROM changed_days)
  AND start_time < (SELECT max(day) FROM changed_days) + INTERVAL '1 day'
GROUP BY CAST(start_time AS DATE), source, CAST(extract(hour FROM start_time) AS INTEGER);

DROP TABLE changed_days;
