-- time.start_time is never NULL and never repeats.
-- blocking: true
SELECT count(*) FILTER (WHERE start_time IS NULL) + (count(start_time) - count(DISTINCT start_time)) AS failures,
       count(*) FILTER (WHERE start_time IS NULL) || ' null, ' || (count(start_time) - count(DISTINCT start_time)) || ' duplicate of ' || count(*) || ' rows' AS detail
FROM analytics.time;

-- incremental: the time rows of the start times of the songplays of the new files and of every
-- Spotify songplay.
WITH fresh AS (
    SELECT start_time FROM analytics.time
    WHERE start_time IN (SELECT start_time FROM analytics.songplays WHERE file_id > :low_file_id AND file_id <= :high_file_id
                         UNION ALL
                         SELECT start_time FROM analytics.songplays WHERE source = 'spotify')
)
SELECT count(*) FILTER (WHERE start_time IS NULL) + (count(start_time) - count(DISTINCT start_time)) AS failures,
       count(*) FILTER (WHERE start_time IS NULL) || ' null, ' || (count(start_time) - count(DISTINCT start_time)) || ' duplicate of '
           || count(*) || ' rows of new or Spotify start times' AS detail
FROM fresh;
