-- One row per user, of both sources (source says which). A Sparkify user keeps the user_id of
-- the event logs and has the name, gender and level of their latest event (by ts, then
-- event_id), so level is the user's current level. A Spotify listener has their username and a
-- negative user_id derived from it (-1 minus meta.id_of(username) modulo 2147483647), so it is
-- the same whatever the order of ingesting; the spotify_user_ids_distinct check fails should two
-- listeners ever share one. Exports say nothing of names, gender or level: NULL.
-- depends: staging.sparkify_events, central.spotify_streams, staging.spotify_streams
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

-- incremental: a Sparkify user of the new events takes each attribute from the latest of their
-- events from the earliest new event on (an older event cannot be later than a new one, and
-- where none of those has the attribute it stays as it was), so late events cost what they
-- reach back; new Spotify listeners are added (a listener never goes: a play is replaced only by
-- a play of the same listener).
CREATE TEMP TABLE changed_users AS
SELECT user_id,
       arg_max(first_name, {'ts': ts, 'id': event_id}) AS first_name,
       arg_max(last_name, {'ts': ts, 'id': event_id}) AS last_name,
       arg_max(gender, {'ts': ts, 'id': event_id}) AS gender,
       arg_max(level, {'ts': ts, 'id': event_id}) AS level
FROM staging.sparkify_events
WHERE user_id IN (SELECT user_id FROM staging.sparkify_events WHERE file_id > :low_file_id AND file_id <= :high_file_id)
  AND ts >= (SELECT min(ts) FROM staging.sparkify_events WHERE file_id > :low_file_id AND file_id <= :high_file_id)
GROUP BY user_id;

UPDATE analytics.users AS u
SET first_name = coalesce(c.first_name, u.first_name), last_name = coalesce(c.last_name, u.last_name),
    gender = coalesce(c.gender, u.gender), level = coalesce(c.level, u.level)
FROM changed_users c
WHERE u.user_id = c.user_id AND u.source = 'sparkify';

INSERT INTO analytics.users
SELECT user_id, first_name, last_name, gender, level, CAST(NULL AS VARCHAR), 'sparkify'
FROM changed_users c
WHERE NOT EXISTS (SELECT 1 FROM analytics.users u WHERE u.user_id = c.user_id AND u.source = 'sparkify');

INSERT INTO analytics.users
SELECT CAST(-1 - (meta.id_of(listener) % 2147483647) AS INTEGER), NULL, NULL, NULL, NULL, listener, 'spotify'
FROM (SELECT DISTINCT listener FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id) AS listeners
WHERE NOT EXISTS (SELECT 1 FROM analytics.users u WHERE u.username = listeners.listener AND u.source = 'spotify');

DROP TABLE changed_users;
