-- Plays and listeners by gender, by level (at the time of the play) and by location, in one
-- table: segment says which, value is the gender, level or location. Spotify exports say none of
-- the three: their plays count as 'unknown'.
-- depends: dashboard.listener_days, analytics.users
-- (Plays are first counted per user, level and location from listener_days, which holds every
-- play counted per day and listener, a sixteenth of the plays' rows at 10M events: built in full
-- on every run, as listeners cannot be added up, it reads those rows and not every play.)
DROP TABLE IF EXISTS dashboard.plays_by_segment;
CREATE TABLE dashboard.plays_by_segment AS
WITH per_user AS (
    SELECT user_id, level, location, sum(plays) AS plays
    FROM dashboard.listener_days
    GROUP BY user_id, level, location
)
SELECT 'gender' AS segment, coalesce(u.gender, 'unknown') AS value, CAST(sum(p.plays) AS BIGINT) AS plays, count(DISTINCT p.user_id) AS listeners
FROM per_user p LEFT JOIN analytics.users u ON u.user_id = p.user_id
GROUP BY coalesce(u.gender, 'unknown')
UNION ALL
SELECT 'level', coalesce(level, 'unknown'), CAST(sum(plays) AS BIGINT), count(DISTINCT user_id)
FROM per_user GROUP BY coalesce(level, 'unknown')
UNION ALL
SELECT 'location', coalesce(location, 'unknown'), CAST(sum(plays) AS BIGINT), count(DISTINCT user_id)
FROM per_user GROUP BY coalesce(location, 'unknown')
ORDER BY segment, plays DESC, value;
