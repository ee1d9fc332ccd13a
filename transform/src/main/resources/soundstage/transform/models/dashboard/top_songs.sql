-- Most played songs, named as the plays name them, so the answer stays useful when the song
-- catalogue is incomplete; song_id is filled where the plays matched the catalogue.
-- depends: analytics.songplays
DROP TABLE IF EXISTS dashboard.top_songs;
CREATE TABLE dashboard.top_songs AS
SELECT song_title, artist_name, min(song_id) AS song_id, count(*) AS plays,
       count(DISTINCT user_id) AS listeners
FROM analytics.songplays
WHERE song_title IS NOT NULL
GROUP BY song_title, artist_name
ORDER BY plays DESC, song_title, artist_name;
