-- One row per user, of both sources (source says which). A Sparkify user keeps the user_id of
-- the event logs and has the name, gender and level of their latest event (by ts, then
-- event_id), so level is the user's current level. A Spotify listener has their username and a
-- negative user_id derived from it (-1 minus meta.id_of(username) modulo 2147483647), so it is
-- the same whatever the order of ingesting; the spotify_user_ids_distinct check fails should two
-- listeners ever share one. Exports say nothing of names, gender or level: NULL.
-- depends: staging.sparkify_events, central.spotify_streams
DROP TABLE IF EXISTS analytics.users;
CREATE TABLE analytics.users AS
SELECT user_id,
       arg_max(first_name, {'ts': ts, 'id': event_id}) AS first_name,
       arg_max(last_name, {'ts': ts, 'id': event_id}) AS last_name,
       arg_max(gender, {'ts': ts, 'id': event_id}) AS gender,
       arg_max(level, {'ts': ts, 'id': event_id}) AS level,
       CAST(NULL AS VARCHAR) AS username,
       'sparkify' AS source
FROM staging.sparkify_events
WHERE user_id IS NOT NULL
GROUP BY user_id
UNION ALL
SELECT CAST(-1 - (meta.id_of(listener) % 2147483647) AS INTEGER), NULL, NULL, NULL, NULL, listener, 'spotify'
FROM (SELECT DISTINCT listener FROM central.spotify_streams) AS listeners;
