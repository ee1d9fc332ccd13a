-- songs.song_id is never NULL and never repeats.
-- blocking: true
SELECT count(*) FILTER (WHERE song_id IS NULL) + (count(song_id) - count(DISTINCT song_id)) AS failures,
       count(*) FILTER (WHERE song_id IS NULL) || ' null, ' || (count(song_id) - count(DISTINCT song_id)) || ' duplicate of ' || count(*) || ' rows' AS detail
FROM analytics.songs;
