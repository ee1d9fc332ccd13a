-- The days (UTC, of the plays' start) whose plays each file adds or changes: its Sparkify plays,
-- its Spotify plays, and the 12-month plays its extended plays replace (under the later of the two
-- files: that is when the day changed, whichever arrived first, so that runs file by file and a full
-- refresh give the same rows). One row per file and day.
-- The day-grained dashboards (listener_days, song_days, hour_days, listening_by_day and their
-- weekly, monthly and span roll-ups) count again the days of the files above their watermark,
-- read here, rather than each finding them again.
-- depends: analytics.songplays, staging.spotify_streams
DROP TABLE IF EXISTS dashboard.file_days;
CREATE TABLE dashboard.file_days AS
SELECT DISTINCT file_id, CAST(start_time AS DATE) AS day
FROM (
    SELECT file_id, start_time FROM analytics.songplays WHERE file_id <= :high_file_id
    UNION ALL
    SELECT file_id, start_time FROM staging.spotify_streams WHERE file_id <= :high_file_id
    UNION ALL
    SELECT greatest(n.file_id, t.file_id), t.start_time
    FROM staging.spotify_streams t
    JOIN staging.spotify_streams n
      ON n.listener = t.listener AND coalesce(n.creator, '') = coalesce(t.creator, '') AND coalesce(n.title, '') = coalesce(t.title, '') AND date_trunc('minute', n.ts) = t.ts
    WHERE t.history = '12-month' AND n.history = 'extended' AND n.file_id <= :high_file_id AND t.file_id <= :high_file_id
) AS changed
ORDER BY file_id, day;

-- incremental: the rows of the new files (again, for a backfill's files).
DELETE FROM dashboard.file_days WHERE file_id > :low_file_id AND file_id <= :high_file_id;

INSERT INTO dashboard.file_days
SELECT DISTINCT file_id, CAST(start_time AS DATE) AS day
FROM (
    SELECT file_id, start_time FROM analytics.songplays WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT file_id, start_time FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    -- (a 12-month file that comes later is the day's file as its own plays are, above)
    SELECT greatest(n.file_id, t.file_id), t.start_time
    FROM staging.spotify_streams t
    JOIN staging.spotify_streams n
      ON n.listener = t.listener AND coalesce(n.creator, '') = coalesce(t.creator, '') AND coalesce(n.title, '') = coalesce(t.title, '') AND date_trunc('minute', n.ts) = t.ts
    WHERE t.history = '12-month' AND n.history = 'extended' AND n.file_id > :low_file_id AND n.file_id <= :high_file_id AND t.file_id <= :high_file_id
) AS changed
ORDER BY file_id, day;
