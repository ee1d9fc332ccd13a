-- One row per song: the Sparkify catalogue (year NULL when unknown), then every track Spotify
-- plays name. A Spotify song_id is the track URI, else 'spotify:track-name:' and a number derived
-- from artist, track and album (as in analytics.songplays); its title, artist_id and album_id
-- come from the latest play (by ts, then stream_id) of the song, and it has no year or duration
-- (exports carry neither). Sparkify songs have no album_id. A catalogue may key its songs by
-- Spotify URIs: a track whose id is a catalogue song's is that song (the catalogue's row).
-- depends: staging.sparkify_songs, central.spotify_streams, staging.spotify_streams
DROP TABLE IF EXISTS analytics.songs;
CREATE TABLE analytics.songs AS
WITH tracks AS (
    -- Each distinct way plays name a track once, so the ids are derived once per name, not per play.
    SELECT track_uri, track_name, artist_name, album_name, max(ts) AS last_played, max(stream_id) AS last_stream_id
    FROM central.spotify_streams
    WHERE track_uri IS NOT NULL OR track_name IS NOT NULL
    GROUP BY track_uri, track_name, artist_name, album_name
), identified AS (
    SELECT CASE WHEN track_uri IS NOT NULL THEN track_uri
                ELSE 'spotify:track-name:' || CAST(meta.id_of(
                    coalesce(artist_name, chr(30)) || chr(31) || track_name || chr(31) || coalesce(album_name, chr(30))) AS VARCHAR)
           END AS song_id,
           track_name, artist_name, album_name, last_played, last_stream_id
    FROM tracks
), latest AS (
    SELECT song_id, track_name, artist_name, album_name,
           row_number() OVER (PARTITION BY song_id ORDER BY last_played DESC, last_stream_id DESC) AS version_no
    FROM identified
)
SELECT song_id, title, artist_id, year, duration, CAST(NULL AS VARCHAR) AS album_id
FROM staging.sparkify_songs
UNION ALL
SELECT song_id,
       track_name,
       'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR),
       CAST(NULL AS INTEGER),
       CAST(NULL AS DOUBLE PRECISION),
       'spotify:album-name:' || CAST(meta.id_of(coalesce(artist_name, chr(30)) || chr(31) || album_name) AS VARCHAR)
FROM latest
WHERE version_no = 1 AND song_id NOT IN (SELECT song_id FROM staging.sparkify_songs);

-- incremental: the Sparkify songs that new files add or replace are taken again; the Spotify
-- songs are remade when new files bring Spotify plays.
DELETE FROM analytics.songs
WHERE song_id IN (SELECT song_id FROM staging.sparkify_songs WHERE file_id > :low_file_id AND file_id <= :high_file_id)
   OR (song_id LIKE 'spotify:%' AND song_id NOT IN (SELECT song_id FROM staging.sparkify_songs)
       AND EXISTS (SELECT 1 FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id));

INSERT INTO analytics.songs
SELECT song_id, title, artist_id, year, duration, CAST(NULL AS VARCHAR) AS album_id
FROM staging.sparkify_songs
WHERE file_id > :low_file_id AND file_id <= :high_file_id;

INSERT INTO analytics.songs
WITH tracks AS (
    -- Each distinct way plays name a track once, so the ids are derived once per name, not per play.
    SELECT track_uri, track_name, artist_name, album_name, max(ts) AS last_played, max(stream_id) AS last_stream_id
    FROM central.spotify_streams
    WHERE (track_uri IS NOT NULL OR track_name IS NOT NULL)
      AND EXISTS (SELECT 1 FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id)
    GROUP BY track_uri, track_name, artist_name, album_name
), identified AS (
    SELECT CASE WHEN track_uri IS NOT NULL THEN track_uri
                ELSE 'spotify:track-name:' || CAST(meta.id_of(
                    coalesce(artist_name, chr(30)) || chr(31) || track_name || chr(31) || coalesce(album_name, chr(30))) AS VARCHAR)
           END AS song_id,
           track_name, artist_name, album_name, last_played, last_stream_id
    FROM tracks
), latest AS (
    SELECT song_id, track_name, artist_name, album_name,
           row_number() OVER (PARTITION BY song_id ORDER BY last_played DESC, last_stream_id DESC) AS version_no
    FROM identified
)
SELECT song_id,
       track_name,
       'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR),
       CAST(NULL AS INTEGER),
       CAST(NULL AS DOUBLE PRECISION),
       'spotify:album-name:' || CAST(meta.id_of(coalesce(artist_name, chr(30)) || chr(31) || album_name) AS VARCHAR)
FROM latest
WHERE version_no = 1 AND song_id NOT IN (SELECT song_id FROM staging.sparkify_songs);
