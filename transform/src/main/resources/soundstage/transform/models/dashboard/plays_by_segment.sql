-- Plays and listeners by gender, by level (at the time of the play) and by location, in one
-- table: segment says which, value is the gender, level or location. Spotify exports say none of
-- the three: their plays count as 'unknown'.
-- depends: analytics.songplays, analytics.users
DROP TABLE IF EXISTS dashboard.plays_by_segment;
CREATE TABLE dashboard.plays_by_segment AS
SELECT 'gender' AS segment, coalesce(u.gender, 'unknown') AS value, count(*) AS plays, count(DISTINCT p.user_id) AS listeners
FROM analytics.songplays p LEFT JOIN analytics.users u ON u.user_id = p.user_id
GROUP BY coalesce(u.gender, 'unknown')
UNION ALL
SELECT 'level', coalesce(level, 'unknown'), count(*), count(DISTINCT user_id)
FROM analytics.songplays GROUP BY coalesce(level, 'unknown')
UNION ALL
SELECT 'location', coalesce(location, 'unknown'), count(*), count(DISTINCT user_id)
FROM analytics.songplays GROUP BY coalesce(location, 'unknown')
ORDER BY segment, plays DESC, value;
