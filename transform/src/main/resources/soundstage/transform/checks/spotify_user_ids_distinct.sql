-- No Spotify listener shares its user_id with another user. A listener's user_id is derived
-- from the username (a 31-bit number), so two could meet, and their plays would be mixed up.
-- blocking: true
WITH shared AS (
    SELECT user_id, count(*) AS users, min(username) AS one, max(username) AS other
    FROM analytics.users
    GROUP BY user_id
    HAVING count(*) > 1 AND count(username) > 0
), first_shared AS (
    SELECT user_id, one, other FROM shared WHERE user_id = (SELECT min(user_id) FROM shared)
)
SELECT coalesce((SELECT sum(users) FROM shared), 0) AS failures,
       (SELECT count(*) FROM shared) || ' user_ids shared, of ' || (SELECT count(*) FROM analytics.users WHERE source = 'spotify') || ' listeners'
       || coalesce(' (user_id ' || (SELECT user_id FROM first_shared) || ': ' || (SELECT one FROM first_shared) || ' and '
                   || coalesce((SELECT CASE WHEN other = one THEN 'a Sparkify user' ELSE other END FROM first_shared), '') || ')', '') AS detail;
