-- One row per artist: the artists of the Sparkify catalogue, each attribute from the latest
-- loaded song that has it (a later file may fill in a location an earlier one left empty); then
-- every artist Spotify plays name. Exports carry no artist URI: a Spotify artist_id is
-- 'spotify:artist-name:' and a number derived from the name (as in analytics.songplays), so one
-- name is one artist; no location. (PostgreSQL spelling of ../../analytics/artists.sql: the
-- first of the values ordered newest first, for DuckDB's arg_max.)
-- depends: staging.sparkify_songs, central.spotify_streams
DROP TABLE IF EXISTS analytics.artists;
CREATE TABLE analytics.artists AS
SELECT artist_id,
       (array_agg(artist_name ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_name IS NOT NULL))[1] AS name,
       (array_agg(artist_location ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_location IS NOT NULL))[1] AS location,
       (array_agg(artist_latitude ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_latitude IS NOT NULL))[1] AS latitude,
       (array_agg(artist_longitude ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_longitude IS NOT NULL))[1] AS longitude
FROM staging.sparkify_songs
GROUP BY artist_id
UNION ALL
SELECT 'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR), artist_name,
       CAST(NULL AS VARCHAR), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS DOUBLE PRECISION)
FROM (SELECT DISTINCT artist_name FROM central.spotify_streams WHERE artist_name IS NOT NULL) AS spotify_artists;
