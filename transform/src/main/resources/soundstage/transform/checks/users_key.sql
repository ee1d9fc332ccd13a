-- users.user_id is never NULL and never repeats.
-- blocking: true
SELECT count(*) FILTER (WHERE user_id IS NULL) + (count(user_id) - count(DISTINCT user_id)) AS failures,
       count(*) FILTER (WHERE user_id IS NULL) || ' null, ' || (count(user_id) - count(DISTINCT user_id)) || ' duplicate of ' || count(*) || ' rows' AS detail
FROM analytics.users;
