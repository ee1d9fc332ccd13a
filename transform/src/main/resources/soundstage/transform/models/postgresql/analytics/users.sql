-- One row per known user, with the name, gender and level of their latest event (by ts, then
-- event_id), so level is the user's current level. (PostgreSQL spelling of
-- ../../analytics/users.sql: each attribute is the latest non-NULL one, as DuckDB's arg_max
-- gives; one sort of the events serves all four.)
-- depends: staging.sparkify_events
DROP TABLE IF EXISTS analytics.users;
CREATE TABLE analytics.users AS
SELECT DISTINCT ON (user_id)
       user_id,
       first_value(first_name) OVER latest_first_name AS first_name,
       first_value(last_name) OVER latest_last_name AS last_name,
       first_value(gender) OVER latest_gender AS gender,
       first_value(level) OVER latest_level AS level
FROM staging.sparkify_events
WHERE user_id IS NOT NULL
WINDOW latest_first_name AS (PARTITION BY user_id ORDER BY first_name IS NULL, ts DESC, event_id DESC),
       latest_last_name AS (PARTITION BY user_id ORDER BY last_name IS NULL, ts DESC, event_id DESC),
       latest_gender AS (PARTITION BY user_id ORDER BY gender IS NULL, ts DESC, event_id DESC),
       latest_level AS (PARTITION BY user_id ORDER BY level IS NULL, ts DESC, event_id DESC)
ORDER BY user_id;
