-- No Spotify play is staged twice: stream_ids never repeat. (Plays with equal ids are compared
-- field by field before staging; two different plays with one id would be an MD5 collision,
-- which this check would catch before it reached the star schema.)
-- blocking: true
SELECT count(*) - count(DISTINCT stream_id) AS failures,
       (count(*) - count(DISTINCT stream_id)) || ' repeated ids of ' || count(*) || ' staged plays' AS detail
FROM staging.spotify_streams;

-- incremental: the ids of the plays the new files staged, against every staged play.
SELECT coalesce(sum(copies - 1), 0) AS failures,
       coalesce(sum(copies - 1), 0) || ' repeated ids among the plays of the new files' AS detail
FROM (
    SELECT stream_id, count(*) AS copies
    FROM staging.spotify_streams
    WHERE stream_id IN (SELECT stream_id FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id)
    GROUP BY stream_id
) AS ids;
