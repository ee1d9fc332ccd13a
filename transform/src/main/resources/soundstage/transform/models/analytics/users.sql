-- One row per known user, with the name, gender and level of their latest event (by ts, then
-- event_id), so level is the user's current level.
-- depends: staging.sparkify_events
DROP TABLE IF EXISTS analytics.users;
CREATE TABLE analytics.users AS
SELECT user_id,
       arg_max(first_name, {'ts': ts, 'id': event_id}) AS first_name,
       arg_max(last_name, {'ts': ts, 'id': event_id}) AS last_name,
       arg_max(gender, {'ts': ts, 'id': event_id}) AS gender,
       arg_max(level, {'ts': ts, 'id': event_id}) AS level
FROM staging.sparkify_events
WHERE user_id IS NOT NULL
GROUP BY user_id;
