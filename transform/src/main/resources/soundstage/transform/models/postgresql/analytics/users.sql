-- One row per user, of both sources (source says which). A Sparkify user keeps the user_id of
-- the event logs and has the name, gender and level of their latest event (by ts, then
-- event_id), so level is the user's current level. A Spotify listener has their username and a
-- negative user_id derived from it (-1 minus meta.id_of(username) modulo 2147483647), so it is
-- the same whatever the order of ingesting; the spotify_user_ids_distinct check fails should two
-- listeners ever share one. Exports say nothing of names, gender or level: NULL. (PostgreSQL
-- spelling of ../../analytics/users.sql: each attribute is the latest non-NULL one, as DuckDB's
-- arg_max gives; one sort of the events serves all four.)
-- depends: staging.sparkify_events, central.spotify_streams
DROP TABLE IF EXISTS analytics.users;
CREATE TABLE analytics.users AS
SELECT * FROM (
SELECT DISTINCT ON (user_id)
       user_id,
       first_value(first_name) OVER latest_first_name AS first_name,
       first_value(last_name) OVER latest_last_name AS last_name,
       first_value(gender) OVER latest_gender AS gender,
       first_value(level) OVER latest_level AS level,
       CAST(NULL AS VARCHAR) AS username,
       CAST('sparkify' AS VARCHAR) AS source
FROM staging.sparkify_events
WHERE user_id IS NOT NULL
WINDOW latest_first_name AS (PARTITION BY user_id ORDER BY first_name IS NULL, ts DESC, event_id DESC),
       latest_last_name AS (PARTITION BY user_id ORDER BY last_name IS NULL, ts DESC, event_id DESC),
       latest_gender AS (PARTITION BY user_id ORDER BY gender IS NULL, ts DESC, event_id DESC),
       latest_level AS (PARTITION BY user_id ORDER BY level IS NULL, ts DESC, event_id DESC)
ORDER BY user_id
) AS sparkify
UNION ALL
SELECT CAST(-1 - (meta.id_of(listener) % 2147483647) AS INTEGER), NULL, NULL, NULL, NULL, listener, 'spotify'
FROM (SELECT DISTINCT listener FROM central.spotify_streams) AS listeners;
