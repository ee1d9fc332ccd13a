-- songplays.songplay_id is never NULL and never repeats.
-- blocking: true
SELECT count(*) FILTER (WHERE songplay_id IS NULL) + (count(songplay_id) - count(DISTINCT songplay_id)) AS failures,
       count(*) FILTER (WHERE songplay_id IS NULL) || ' null, ' || (count(songplay_id) - count(DISTINCT songplay_id)) || ' duplicate of ' || count(*) || ' rows' AS detail
FROM analytics.songplays;
