-- Discovery per month (month is its first day, UTC): plays of songs, and first_plays, the plays
-- of a song the listener had never played before (their first play of it, by start_time), with
-- first_play_share = first_plays / plays (three decimals). A song is what the plays name (title
-- and artist), as in dashboard.top_songs, so this works for both sources (each source's users are
-- its own) and a Spotify track counts once whatever its export. Podcast episodes and audiobook
-- chapters do not count.
-- depends: analytics.songplays
DROP TABLE IF EXISTS dashboard.first_plays_by_month;
CREATE TABLE dashboard.first_plays_by_month AS
WITH songs AS (
    SELECT user_id, song_title, artist_name, start_time FROM analytics.songplays WHERE song_title IS NOT NULL
), plays AS (
    SELECT CAST(date_trunc('month', start_time) AS DATE) AS month, count(*) AS plays, count(DISTINCT user_id) AS listeners
    FROM songs
    GROUP BY CAST(date_trunc('month', start_time) AS DATE)
), firsts AS (
    SELECT CAST(date_trunc('month', first_time) AS DATE) AS month, count(*) AS first_plays
    FROM (SELECT user_id, song_title, artist_name, min(start_time) AS first_time FROM songs GROUP BY user_id, song_title, artist_name) AS first_times
    GROUP BY CAST(date_trunc('month', first_time) AS DATE)
)
SELECT p.month, p.plays, p.listeners, coalesce(f.first_plays, 0) AS first_plays, meta.share(coalesce(f.first_plays, 0), p.plays) AS first_play_share
FROM plays p LEFT JOIN firsts f ON f.month = p.month
ORDER BY p.month;
