-- One row per album Spotify plays name (Sparkify data has no albums). Exports carry no album
-- URI: album_id is 'spotify:album-name:' and a number derived from the artist's and the album's
-- names (as in analytics.songplays), so an album is an album name of one artist.
-- depends: central.spotify_streams, staging.spotify_streams
DROP TABLE IF EXISTS analytics.albums;
CREATE TABLE analytics.albums AS
SELECT 'spotify:album-name:' || CAST(meta.id_of(coalesce(artist_name, chr(30)) || chr(31) || album_name) AS VARCHAR) AS album_id,
       album_name AS title,
       'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR) AS artist_id
FROM (SELECT DISTINCT artist_name, album_name FROM central.spotify_streams WHERE album_name IS NOT NULL) AS albums;

-- incremental: remade when new files bring Spotify plays (albums come from Spotify plays only).
DELETE FROM analytics.albums WHERE EXISTS (SELECT 1 FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id);

INSERT INTO analytics.albums
SELECT 'spotify:album-name:' || CAST(meta.id_of(coalesce(artist_name, chr(30)) || chr(31) || album_name) AS VARCHAR) AS album_id,
       album_name AS title,
       'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR) AS artist_id
FROM (SELECT DISTINCT artist_name, album_name FROM central.spotify_streams
      WHERE album_name IS NOT NULL AND EXISTS (SELECT 1 FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id)) AS albums;
