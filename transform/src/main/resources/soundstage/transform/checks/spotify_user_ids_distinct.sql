-- No Spotify listener shares its user_id with another user. A listener's user_id is derived
-- from the username (a 31-bit number), so two could meet, and their plays would be mixed up.
-- blocking: true
WITH shared AS (
    SELECT user_id, count(*) AS users, min(username COLLATE "C") AS one, max(username COLLATE "C") AS other,
           count(*) FILTER (WHERE source = 'sparkify') AS sparkify_users
    FROM analytics.users
    GROUP BY user_id
    HAVING count(*) > 1 AND count(username) > 0
), first_shared AS (
    SELECT user_id, one, other, sparkify_users FROM shared WHERE user_id = (SELECT min(user_id) FROM shared)
)
-- (A listener's row given twice, with no Sparkify user, was said to share with "a Sparkify user".)
SELECT coalesce((SELECT sum(users) FROM shared), 0) AS failures,
       (SELECT count(*) FROM shared) || ' user_ids shared, of ' || (SELECT count(DISTINCT username) FROM analytics.users WHERE source = 'spotify') || ' listeners'
       || coalesce(' (user_id ' || (SELECT user_id FROM first_shared) || ': ' || (SELECT one FROM first_shared) || ' and '
                   || coalesce((SELECT CASE WHEN other <> one THEN other WHEN sparkify_users > 0 THEN 'a Sparkify user' ELSE 'itself, in two rows' END
                                FROM first_shared), '') || ')', '') AS detail;
