-- Every songplay's user_id is a row of analytics.users.
-- blocking: true
SELECT count(*) AS failures, count(*) || ' songplays without a known user' AS detail
FROM analytics.songplays p
WHERE p.user_id IS NULL OR NOT EXISTS (SELECT 1 FROM analytics.users u WHERE u.user_id = p.user_id);
