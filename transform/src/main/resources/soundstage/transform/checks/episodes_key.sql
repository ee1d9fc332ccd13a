-- episodes.episode_id is never NULL and never repeats.
-- blocking: true
SELECT count(*) FILTER (WHERE episode_id IS NULL) + (count(episode_id) - count(DISTINCT episode_id)) AS failures,
       count(*) FILTER (WHERE episode_id IS NULL) || ' null, ' || (count(episode_id) - count(DISTINCT episode_id)) || ' duplicate of ' || count(*) || ' rows' AS detail
FROM analytics.episodes;
