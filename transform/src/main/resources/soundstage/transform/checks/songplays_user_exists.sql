-- Every songplay's user_id is a row of analytics.users.
-- blocking: true
SELECT count(*) AS failures, count(*) || ' songplays without a known user' AS detail
FROM analytics.songplays p
WHERE p.user_id IS NULL OR NOT EXISTS (SELECT 1 FROM analytics.users u WHERE u.user_id = p.user_id);

-- incremental: the songplays of the new files, and every Spotify songplay (users are never
-- taken out, only their attributes change).
SELECT count(*) AS failures, count(*) || ' new or Spotify songplays without a known user' AS detail
FROM (
    SELECT user_id FROM analytics.songplays WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT user_id FROM analytics.songplays WHERE source = 'spotify'
) AS p
WHERE p.user_id IS NULL OR NOT EXISTS (SELECT 1 FROM analytics.users u WHERE u.user_id = p.user_id);
