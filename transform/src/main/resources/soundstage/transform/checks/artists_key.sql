-- artists.artist_id is never NULL and never repeats.
-- blocking: true
SELECT count(*) FILTER (WHERE artist_id IS NULL) + (count(artist_id) - count(DISTINCT artist_id)) AS failures,
       count(*) FILTER (WHERE artist_id IS NULL) || ' null, ' || (count(artist_id) - count(DISTINCT artist_id)) || ' duplicate of ' || count(*) || ' rows' AS detail
FROM analytics.artists;
