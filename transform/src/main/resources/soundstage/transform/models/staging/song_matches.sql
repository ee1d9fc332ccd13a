-- Which catalogue song each distinct (song, artist, length) of the plays is. A play matches a
-- song when, after trimming, collapsing white space and ignoring case, the title equals the
-- play's song and the artist name equals the play's artist, and the song's duration is within
-- one second of the play's length. A play that fits more than one song_id is left unmatched: a
-- wrong match is worse than none. Keyed by what the plays say rather than by play, so the
-- matching runs once per distinct song of the logs, not once per play.
-- depends: staging.sparkify_events, staging.sparkify_songs, source.sparkify_songs
DROP TABLE IF EXISTS staging.song_matches;
CREATE TABLE staging.song_matches AS
WITH catalogue AS (
    SELECT song_id, artist_id, duration, meta.match_key(title) AS title_key, meta.match_key(artist_name) AS artist_key
    FROM staging.sparkify_songs
    WHERE title IS NOT NULL AND artist_name IS NOT NULL AND duration IS NOT NULL
), plays AS (
    SELECT song, artist, length, meta.match_key(song) AS title_key, meta.match_key(artist) AS artist_key
    FROM (
        SELECT DISTINCT song, artist, length
        FROM staging.sparkify_events
        WHERE page = 'NextSong' AND song IS NOT NULL AND artist IS NOT NULL AND length IS NOT NULL
    ) AS played
)
SELECT p.song, p.artist, p.length, min(c.song_id) AS song_id, min(c.artist_id) AS artist_id
FROM plays p
JOIN catalogue c
  ON c.title_key = p.title_key AND c.artist_key = p.artist_key AND abs(c.duration - p.length) <= 1.0
GROUP BY p.song, p.artist, p.length
HAVING count(DISTINCT c.song_id) = 1;

-- incremental: the (song, artist, length) of the new plays, and, when new files add or replace
-- songs, every one whose title and artist are those of any version of those songs (so a match an
-- older version made, or prevented by fitting too, is made again), are matched again.
CREATE TEMP TABLE rematched AS
WITH songs_changed AS (
    -- One row when new files add or replace songs, none otherwise (and then the joins below read nothing).
    SELECT DISTINCT 'NextSong' AS page FROM staging.sparkify_songs WHERE file_id > :low_file_id AND file_id <= :high_file_id
), changed_songs AS (
    -- One function a level: nested, each macro is expanded into the next with its argument copied
    -- wherever it appears (clean_text names it 11 times, repair_mojibake 7, match_key 4), and
    -- binding the resulting expressions took 0.1 s of every run, whether songs changed or not.
    SELECT DISTINCT meta.match_key(title) AS title_key, meta.match_key(artist_name) AS artist_key
    FROM (
        SELECT meta.repair_mojibake(title) AS title, meta.repair_mojibake(artist_name) AS artist_name
        FROM (
            SELECT meta.clean_text(s.title) AS title, meta.clean_text(s.artist_name) AS artist_name
            FROM source.sparkify_songs s
            JOIN songs_changed ON true
            WHERE meta.clean_text(s.song_id) IN (SELECT song_id FROM staging.sparkify_songs WHERE file_id > :low_file_id AND file_id <= :high_file_id)
        ) AS cleaned
    ) AS repaired
), every_play AS (
    SELECT DISTINCT e.song, e.artist, e.length
    FROM staging.sparkify_events e
    JOIN songs_changed c ON c.page = e.page
    WHERE e.song IS NOT NULL AND e.artist IS NOT NULL AND e.length IS NOT NULL
)
SELECT DISTINCT song, artist, length
FROM staging.sparkify_events
WHERE file_id > :low_file_id AND file_id <= :high_file_id
  AND page = 'NextSong' AND song IS NOT NULL AND artist IS NOT NULL AND length IS NOT NULL
UNION
SELECT p.song, p.artist, p.length
FROM every_play p
JOIN changed_songs c ON c.title_key = meta.match_key(p.song) AND c.artist_key = meta.match_key(p.artist);

DELETE FROM staging.song_matches m
WHERE EXISTS (SELECT 1 FROM rematched r WHERE r.song = m.song AND r.artist = m.artist AND r.length = m.length);

INSERT INTO staging.song_matches
WITH plays AS (
    SELECT song, artist, length, meta.match_key(song) AS title_key, meta.match_key(artist) AS artist_key FROM rematched
), catalogue AS (
    SELECT song_id, artist_id, duration, meta.match_key(title) AS title_key, meta.match_key(artist_name) AS artist_key
    FROM staging.sparkify_songs
    WHERE title IS NOT NULL AND artist_name IS NOT NULL AND duration IS NOT NULL
      AND meta.match_key(title) IN (SELECT title_key FROM plays)
)
SELECT p.song, p.artist, p.length, min(c.song_id) AS song_id, min(c.artist_id) AS artist_id
FROM plays p
JOIN catalogue c
  ON c.title_key = p.title_key AND c.artist_key = p.artist_key AND abs(c.duration - p.length) <= 1.0
GROUP BY p.song, p.artist, p.length
HAVING count(DISTINCT c.song_id) = 1;

DROP TABLE rematched;
