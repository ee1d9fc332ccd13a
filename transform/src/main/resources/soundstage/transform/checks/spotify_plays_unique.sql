-- No Spotify play is staged twice: stream_ids never repeat. (Plays with equal ids are compared
-- field by field before staging; two different plays with one id would be an MD5 collision,
-- which this check would catch before it reached the star schema.)
-- blocking: true
SELECT count(*) - count(DISTINCT stream_id) AS failures,
       (count(*) - count(DISTINCT stream_id)) || ' repeated ids of ' || count(*) || ' staged plays' AS detail
FROM staging.spotify_streams;
