-- Plays per day (UTC) of the plays' start, source and song, named as the plays name them (title
-- and artist, as in top_songs; no song_id, so a change of the song catalogue changes no row):
-- plays and ms_played (a Sparkify play counts its song's length). Podcast episodes and audiobook
-- chapters are not songs. song_key is the name as a number (meta.song_key), which song_spans and
-- song_names share; plays_rank its place among the day's songs of the source (1 = most played;
-- ties by song_key), which lets the dashboard find a range's top songs among few candidates.
-- With listener_days and hour_days, what the web dashboard's date range and source filters read
-- (through song_spans for long ranges).
-- depends: analytics.songplays, dashboard.file_days
-- index: day
DROP TABLE IF EXISTS dashboard.song_days;
CREATE TABLE dashboard.song_days AS
SELECT *, row_number() OVER (PARTITION BY day, source ORDER BY plays DESC, song_key) AS plays_rank
FROM (
    SELECT CAST(start_time AS DATE) AS day, source, song_title, artist_name, count(*) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played,
           meta.song_key(song_title, artist_name) AS song_key
    FROM analytics.songplays
    WHERE song_title IS NOT NULL
    GROUP BY CAST(start_time AS DATE), source, song_title, artist_name
) AS days
ORDER BY day, source, plays_rank;

-- incremental: the days of the plays new files add or change (their days in file_days) are counted again from every play
-- of those days. (No file bound, as in listening_by_day: a day made again whole is exact, and a
-- day that counted plays of files above the watermark is made again when they are merged.)
CREATE TEMP TABLE changed_days AS
SELECT DISTINCT day AS day
FROM dashboard.file_days
WHERE file_id > :low_file_id AND file_id <= :high_file_id;

DELETE FROM dashboard.song_days WHERE day IN (SELECT day FROM changed_days);

INSERT INTO dashboard.song_days
SELECT *, row_number() OVER (PARTITION BY day, source ORDER BY plays DESC, song_key) AS plays_rank
FROM (
    SELECT CAST(start_time AS DATE) AS day, source, song_title, artist_name, count(*) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played,
           meta.song_key(song_title, artist_name) AS song_key
    FROM analytics.songplays
    WHERE song_title IS NOT NULL
      AND CAST(start_time AS DATE) IN (SELECT day FROM changed_days)
      AND start_time >= (SELECT min(day) FROM changed_days)
      AND start_time < (SELECT max(day) FROM changed_days) + INTERVAL '1 day'
    GROUP BY CAST(start_time AS DATE), source, song_title, artist_name
) AS days
ORDER BY day, source, plays_rank;

DROP TABLE changed_days;
