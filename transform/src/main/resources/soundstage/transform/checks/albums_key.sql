-- albums.album_id is never NULL and never repeats.
-- blocking: true
SELECT count(*) FILTER (WHERE album_id IS NULL) + (count(album_id) - count(DISTINCT album_id)) AS failures,
       count(*) FILTER (WHERE album_id IS NULL) || ' null, ' || (count(album_id) - count(DISTINCT album_id)) || ' duplicate of ' || count(*) || ' rows' AS detail
FROM analytics.albums;
