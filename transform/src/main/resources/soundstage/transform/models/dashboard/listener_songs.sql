-- Which songs each Sparkify listener has played, and since which file: for each listener and
-- song (song_key: the title and artist as the plays name them, as in song_days; artist_key: the
-- artist's name as a number, meta.id_of), the file that brought their first play of it, and any
-- later file whose earliest play of it is earlier still (a late event); first_time is that
-- file's earliest play. So, up to any file F: the listener had played the song when a row has
-- file_id <= F, and their first play of it is the earliest first_time of those rows. That is
-- what top_songs, top_artists and first_plays_by_month ask of every new play, answered here by a
-- join over integer columns instead of a scan of every earlier play's names. replaced_time is the
-- pair's earliest first_time in earlier files, which this row's first_time replaces as the first
-- play (NULL on the pair's first row): so the rows of new files alone say how first plays moved
-- between months, and which listeners are new to a song. Spotify plays are
-- not in it (the tables that read it count those again from every play), nor plays that name
-- no song (top_artists looks those up in songplays). Every Sparkify play has
-- a listener (staging quarantines a NextSong event without a userId); the filter on user_id
-- only keeps a NULL out of the pairs.
-- depends: analytics.songplays
-- merge: adds
DROP TABLE IF EXISTS dashboard.listener_songs;
CREATE TABLE dashboard.listener_songs AS
SELECT user_id, song_key, artist_key, file_id, first_time, earlier AS replaced_time
FROM (
    SELECT *, min(first_time) OVER (PARTITION BY user_id, song_key ORDER BY file_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier
    FROM (
        SELECT user_id, meta.song_key(song_title, artist_name) AS song_key, meta.id_of(artist_name) AS artist_key, file_id, min(start_time) AS first_time
        FROM analytics.songplays
        WHERE source = 'sparkify' AND file_id <= :high_file_id AND song_title IS NOT NULL AND user_id IS NOT NULL
        GROUP BY user_id, song_title, artist_name, file_id
    ) AS per_file
) AS ranked
WHERE earlier IS NULL OR first_time < earlier;

-- incremental: each new file's earliest play of each pair is added when no file before it (one
-- of the table's, or a new one with a lower id) had an earlier one. Files are merged in the
-- order of their ids, so a row never has to be taken back.
-- (per_file is a table, not a CTE: with it, DuckDB hashes the new pairs and reads this table
-- past them, rather than hashing all of this table.)
CREATE TEMP TABLE per_file AS
SELECT user_id, meta.song_key(song_title, artist_name) AS song_key, meta.id_of(artist_name) AS artist_key, file_id, min(start_time) AS first_time
FROM analytics.songplays
WHERE source = 'sparkify' AND file_id > :low_file_id AND file_id <= :high_file_id AND song_title IS NOT NULL AND user_id IS NOT NULL
GROUP BY user_id, song_title, artist_name, file_id;

INSERT INTO dashboard.listener_songs
WITH before AS (
    SELECT user_id, song_key, min(first_time) AS first_time
    FROM dashboard.listener_songs
    WHERE (user_id, song_key) IN (SELECT user_id, song_key FROM per_file)
    GROUP BY user_id, song_key
)
SELECT user_id, song_key, artist_key, file_id, first_time, earlier
FROM (
    SELECT p.user_id, p.song_key, p.artist_key, p.file_id, p.first_time,
           least(b.first_time, min(p.first_time) OVER (PARTITION BY p.user_id, p.song_key ORDER BY p.file_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) AS earlier
    FROM per_file p
    LEFT JOIN before b ON b.user_id = p.user_id AND b.song_key = p.song_key
) AS ranked
WHERE earlier IS NULL OR first_time < earlier;

DROP TABLE per_file;
