-- Every change of a user's level (free to paid and back), with when it was first seen. Sparkify
-- users only: Spotify exports do not say a listener's level.
-- depends: staging.sparkify_events, analytics.users
DROP TABLE IF EXISTS dashboard.level_changes;
CREATE TABLE dashboard.level_changes AS
WITH levels AS (
    SELECT user_id, start_time, level,
           lag(level) OVER (PARTITION BY user_id ORDER BY ts, event_id) AS previous_level
    FROM staging.sparkify_events
    WHERE user_id IS NOT NULL AND level IS NOT NULL
)
SELECT l.user_id, u.first_name, u.last_name, l.start_time AS changed_at,
       l.previous_level AS from_level, l.level AS to_level
FROM levels l JOIN analytics.users u ON u.user_id = l.user_id
WHERE l.previous_level IS NOT NULL AND l.previous_level <> l.level
ORDER BY changed_at, user_id;
