-- Every songplay's start_time is a row of analytics.time.
-- blocking: true
SELECT count(*) AS failures, count(*) || ' songplays without a time row' AS detail
FROM analytics.songplays p
WHERE NOT EXISTS (SELECT 1 FROM analytics.time t WHERE t.start_time = p.start_time);

-- incremental: the songplays of the new files, and every Spotify songplay.
SELECT count(*) AS failures, count(*) || ' new or Spotify songplays without a time row' AS detail
FROM (
    SELECT start_time FROM analytics.songplays WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT start_time FROM analytics.songplays WHERE source = 'spotify'
) AS p
WHERE NOT EXISTS (SELECT 1 FROM analytics.time t WHERE t.start_time = p.start_time);
