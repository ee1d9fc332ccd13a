-- Every songplay's start_time is a row of analytics.time.
-- blocking: true
SELECT count(*) AS failures, count(*) || ' songplays without a time row' AS detail
FROM analytics.songplays p
WHERE NOT EXISTS (SELECT 1 FROM analytics.time t WHERE t.start_time = p.start_time);
