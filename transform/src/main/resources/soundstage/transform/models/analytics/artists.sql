-- One row per artist: the artists of the Sparkify catalogue, each attribute from the latest
-- loaded song that has it (a later file may fill in a location an earlier one left empty); then
-- every artist Spotify plays name. Exports carry no artist URI: a Spotify artist_id is
-- 'spotify:artist-name:' and a number derived from the name (as in analytics.songplays), so one
-- name is one artist; no location. A catalogue artist whose id is one of these is that artist
-- (the catalogue's row).
-- (The latest value as the first of the values ordered newest first, which both dialects read:
-- DuckDB's arg_max would be quicker, but the catalogue is small, tens of thousands of songs, and
-- one text serves both.)
-- depends: staging.sparkify_songs, central.spotify_streams, source.sparkify_songs, staging.spotify_streams
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
FROM (SELECT DISTINCT artist_name FROM central.spotify_streams WHERE artist_name IS NOT NULL) AS spotify_artists
WHERE 'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR) NOT IN (SELECT artist_id FROM staging.sparkify_songs WHERE artist_id IS NOT NULL);

-- incremental: the Sparkify artists of the songs that new files add or replace (the artist of
-- any version of them, so an artist a song leaves is revisited) are taken again from the
-- catalogue, or dropped when no song is theirs any more; the Spotify artists are remade when new
-- files bring Spotify plays.
CREATE TEMP TABLE changed_artists AS
SELECT DISTINCT meta.clean_text(artist_id) AS artist_id
FROM source.sparkify_songs
WHERE meta.clean_text(song_id) IN (SELECT song_id FROM staging.sparkify_songs WHERE file_id > :low_file_id AND file_id <= :high_file_id);

DELETE FROM analytics.artists
WHERE artist_id IN (SELECT artist_id FROM changed_artists)
   OR (artist_id LIKE 'spotify:artist-name:%' AND artist_id NOT IN (SELECT artist_id FROM staging.sparkify_songs WHERE artist_id IS NOT NULL)
       AND EXISTS (SELECT 1 FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id));

INSERT INTO analytics.artists
SELECT artist_id,
       (array_agg(artist_name ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_name IS NOT NULL))[1] AS name,
       (array_agg(artist_location ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_location IS NOT NULL))[1] AS location,
       (array_agg(artist_latitude ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_latitude IS NOT NULL))[1] AS latitude,
       (array_agg(artist_longitude ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_longitude IS NOT NULL))[1] AS longitude
FROM staging.sparkify_songs
WHERE artist_id IN (SELECT artist_id FROM changed_artists)
GROUP BY artist_id;

INSERT INTO analytics.artists
SELECT 'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR), artist_name,
       CAST(NULL AS VARCHAR), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS DOUBLE PRECISION)
FROM (SELECT DISTINCT artist_name FROM central.spotify_streams
      WHERE artist_name IS NOT NULL AND EXISTS (SELECT 1 FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id)) AS spotify_artists
WHERE 'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR) NOT IN (SELECT artist_id FROM staging.sparkify_songs WHERE artist_id IS NOT NULL);

-- Without new Spotify plays: a Spotify artist whose id the catalogue gave up (its songs moved to
-- another artist_id) is the Spotify artist again.
INSERT INTO analytics.artists
SELECT DISTINCT c.artist_id, s.artist_name, CAST(NULL AS VARCHAR), CAST(NULL AS DOUBLE PRECISION), CAST(NULL AS DOUBLE PRECISION)
FROM central.spotify_streams s
JOIN changed_artists c ON c.artist_id = 'spotify:artist-name:' || CAST(meta.id_of(s.artist_name) AS VARCHAR)
WHERE s.artist_name IS NOT NULL
  AND c.artist_id NOT IN (SELECT artist_id FROM staging.sparkify_songs WHERE artist_id IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id);

DROP TABLE changed_artists;
