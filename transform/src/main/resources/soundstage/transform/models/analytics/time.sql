-- One row per distinct songplay start_time, broken into parts. weekday counts from Monday = 0
-- (as pandas' dt.weekday, which the classic Sparkify ETL used).
-- depends: analytics.songplays, staging.sparkify_events, staging.spotify_streams
DROP TABLE IF EXISTS analytics.time;
CREATE TABLE analytics.time AS
SELECT start_time,
       CAST(extract(hour FROM start_time) AS INTEGER) AS hour,
       CAST(extract(day FROM start_time) AS INTEGER) AS day,
       CAST(extract(week FROM start_time) AS INTEGER) AS week,
       CAST(extract(month FROM start_time) AS INTEGER) AS month,
       CAST(extract(year FROM start_time) AS INTEGER) AS year,
       CAST(extract(isodow FROM start_time) - 1 AS INTEGER) AS weekday
FROM (SELECT DISTINCT start_time FROM analytics.songplays) AS plays
ORDER BY start_time;

-- incremental: the start times of the plays new files add or change (new events, new Spotify
-- plays and the 12-month plays a new extended play replaces) are taken out, and added again
-- where a songplay still starts then.
CREATE TEMP TABLE changed_times AS
SELECT start_time FROM staging.sparkify_events
WHERE file_id > :low_file_id AND file_id <= :high_file_id AND page = 'NextSong'
UNION
SELECT start_time FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id
UNION
SELECT t.start_time
FROM staging.spotify_streams t
JOIN staging.spotify_streams n
  ON n.listener = t.listener AND coalesce(n.creator, '') = coalesce(t.creator, '') AND coalesce(n.title, '') = coalesce(t.title, '') AND date_trunc('minute', n.ts) = t.ts
WHERE t.history = '12-month' AND n.history = 'extended' AND n.file_id > :low_file_id AND n.file_id <= :high_file_id;

DELETE FROM analytics.time WHERE start_time IN (SELECT start_time FROM changed_times);

INSERT INTO analytics.time
SELECT start_time,
       CAST(extract(hour FROM start_time) AS INTEGER) AS hour,
       CAST(extract(day FROM start_time) AS INTEGER) AS day,
       CAST(extract(week FROM start_time) AS INTEGER) AS week,
       CAST(extract(month FROM start_time) AS INTEGER) AS month,
       CAST(extract(year FROM start_time) AS INTEGER) AS year,
       CAST(extract(isodow FROM start_time) - 1 AS INTEGER) AS weekday
FROM (SELECT DISTINCT start_time FROM analytics.songplays
      WHERE start_time IN (SELECT start_time FROM changed_times)
        AND start_time >= (SELECT min(start_time) FROM changed_times)
        AND start_time <= (SELECT max(start_time) FROM changed_times)) AS plays;

DROP TABLE changed_times;
