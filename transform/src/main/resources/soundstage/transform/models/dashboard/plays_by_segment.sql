-- Plays and listeners by gender, by level (at the time of the play) and by location, in one
-- table: segment says which, value is the gender, level or location.
-- depends: analytics.songplays, analytics.users
CREATE OR REPLACE TABLE dashboard.plays_by_segment AS
SELECT 'gender' AS segment, coalesce(u.gender, 'unknown') AS value, count(*) AS plays, count(DISTINCT p.user_id) AS listeners
FROM analytics.songplays p LEFT JOIN analytics.users u ON u.user_id = p.user_id
GROUP BY ALL
UNION ALL
SELECT 'level', coalesce(level, 'unknown'), count(*), count(DISTINCT user_id)
FROM analytics.songplays GROUP BY ALL
UNION ALL
SELECT 'location', coalesce(location, 'unknown'), count(*), count(DISTINCT user_id)
FROM analytics.songplays GROUP BY ALL
ORDER BY segment, plays DESC, value;
