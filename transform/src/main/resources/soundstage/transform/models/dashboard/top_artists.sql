-- Most played artists, of both sources, by the artist names the plays carry; artist_id where
-- matched (Sparkify) or named (Spotify). ms_played and hours_listened are the time listened (a
-- Sparkify play counts its song's length): rank by them for the top artists by time listened.
-- depends: analytics.songplays, staging.spotify_streams, staging.sparkify_songs, dashboard.listener_songs, dashboard.song_firsts
-- merge: adds
DROP TABLE IF EXISTS dashboard.top_artists;
CREATE TABLE dashboard.top_artists AS
SELECT artist_name, min(artist_id COLLATE "C") AS artist_id, count(*) AS plays,
       count(DISTINCT user_id) AS listeners, count(DISTINCT song_title) AS songs,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
WHERE artist_name IS NOT NULL AND (source = 'spotify' OR file_id <= :high_file_id)
GROUP BY artist_name
ORDER BY plays DESC, artist_name;

-- incremental: the new Sparkify plays are added to the counts of their artists (a listener, or a
-- song, counts when the artist had not had it before: found in listener_songs, or song_firsts,
-- up to the watermark, and in the Spotify plays, which they do not hold); the artists of the Spotify plays
-- that new files change are counted again from every play, and so is every artist when new files add or
-- replace catalogue songs (a play's artist_id may change). Only Sparkify plays of files up to
-- the watermark count, so the merge is exact whatever runs ahead.
CREATE TEMP TABLE recount AS
SELECT DISTINCT artist_name
FROM (
    SELECT track_name, artist_name FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT t.track_name, t.artist_name
    FROM staging.spotify_streams t
    JOIN staging.spotify_streams n
      ON n.listener = t.listener AND coalesce(n.creator, '') = coalesce(t.creator, '') AND coalesce(n.title, '') = coalesce(t.title, '') AND date_trunc('minute', n.ts) = t.ts
    WHERE t.history = '12-month' AND n.history = 'extended' AND n.file_id > :low_file_id AND n.file_id <= :high_file_id
    UNION ALL
    -- the earlier copies of a new play, under the names they had then (central keeps one)
    SELECT t.track_name, t.artist_name
    FROM staging.spotify_streams t
    JOIN staging.spotify_streams n ON n.listener = t.listener AND n.history = t.history AND n.ts = t.ts AND n.ms_played = t.ms_played
    WHERE n.file_id > :low_file_id AND n.file_id <= :high_file_id
) AS changed
WHERE artist_name IS NOT NULL
UNION
SELECT DISTINCT p.artist_name
FROM analytics.songplays p
JOIN (SELECT DISTINCT 'sparkify' AS source FROM staging.sparkify_songs WHERE file_id > :low_file_id AND file_id <= :high_file_id) AS songs_changed ON songs_changed.source = p.source
WHERE p.artist_name IS NOT NULL;

CREATE TEMP TABLE fresh_plays AS
SELECT user_id, song_title, artist_name, artist_id, ms_played
FROM analytics.songplays
WHERE source = 'sparkify' AND file_id > :low_file_id AND file_id <= :high_file_id AND artist_name IS NOT NULL
  AND artist_name NOT IN (SELECT artist_name FROM recount);

CREATE TEMP TABLE added AS
WITH listeners AS (
    SELECT user_id, artist_name, meta.id_of(artist_name) AS artist_key
    FROM (SELECT DISTINCT user_id, artist_name FROM fresh_plays WHERE user_id IS NOT NULL) AS pairs
), known_listeners AS (
    SELECT DISTINCT user_id, artist_key
    FROM dashboard.listener_songs
    WHERE file_id <= :low_file_id AND (user_id, artist_key) IN (SELECT user_id, artist_key FROM listeners)
    UNION
    -- A play that names an artist but no song is not in listener_songs (no song to key), yet
    -- makes its listener the artist's. (Rare: DuckDB skips the blocks without a NULL title.)
    SELECT DISTINCT user_id, meta.id_of(artist_name)
    FROM analytics.songplays
    WHERE source = 'sparkify' AND song_title IS NULL AND file_id <= :low_file_id
      AND (user_id, artist_name) IN (SELECT user_id, artist_name FROM listeners)
), songs AS (
    SELECT artist_name, song_title, meta.song_key(song_title, artist_name) AS song_key
    FROM (SELECT DISTINCT artist_name, song_title FROM fresh_plays WHERE song_title IS NOT NULL) AS names
), known_songs AS (
    -- A song counts once whoever played it: Spotify plays of the artist count too.
    SELECT song_key
    FROM dashboard.song_firsts
    WHERE file_id <= :low_file_id AND song_key IN (SELECT song_key FROM songs)
    UNION
    SELECT meta.song_key(song_title, artist_name)
    FROM analytics.songplays
    WHERE source = 'spotify' AND (artist_name, song_title) IN (SELECT artist_name, song_title FROM songs)
), new_listeners AS (
    SELECT l.artist_name, count(*) AS n
    FROM listeners l
    WHERE NOT EXISTS (SELECT 1 FROM known_listeners k WHERE k.user_id = l.user_id AND k.artist_key = l.artist_key)
    GROUP BY l.artist_name
), new_songs AS (
    SELECT s.artist_name, count(*) AS n
    FROM songs s
    WHERE NOT EXISTS (SELECT 1 FROM known_songs k WHERE k.song_key = s.song_key)
    GROUP BY s.artist_name
)
SELECT f.artist_name, min(f.artist_id COLLATE "C") AS artist_id, count(*) AS plays, sum(f.ms_played) AS ms_played,
       coalesce(min(l.n), 0) AS new_listeners, coalesce(min(s.n), 0) AS new_songs
FROM fresh_plays f
LEFT JOIN new_listeners l ON l.artist_name = f.artist_name
LEFT JOIN new_songs s ON s.artist_name = f.artist_name
GROUP BY f.artist_name;

UPDATE dashboard.top_artists AS t
SET artist_id = least(t.artist_id COLLATE "C", a.artist_id), plays = t.plays + a.plays, listeners = t.listeners + a.new_listeners,
    songs = t.songs + a.new_songs, ms_played = coalesce(t.ms_played + a.ms_played, t.ms_played, a.ms_played), hours_listened = meta.hours(coalesce(t.ms_played + a.ms_played, t.ms_played, a.ms_played))
FROM added a
WHERE a.artist_name = t.artist_name;

INSERT INTO dashboard.top_artists
SELECT a.artist_name, a.artist_id, a.plays, a.new_listeners, a.new_songs, CAST(a.ms_played AS BIGINT), meta.hours(a.ms_played)
FROM added a
WHERE NOT EXISTS (SELECT 1 FROM dashboard.top_artists t WHERE t.artist_name = a.artist_name);

DELETE FROM dashboard.top_artists WHERE artist_name IN (SELECT artist_name FROM recount);

INSERT INTO dashboard.top_artists
SELECT artist_name, min(artist_id COLLATE "C") AS artist_id, count(*) AS plays,
       count(DISTINCT user_id) AS listeners, count(DISTINCT song_title) AS songs,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
WHERE artist_name IN (SELECT artist_name FROM recount) AND (source = 'spotify' OR file_id <= :high_file_id)
GROUP BY artist_name;

DROP TABLE added;
DROP TABLE fresh_plays;
DROP TABLE recount;
