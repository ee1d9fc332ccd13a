-- Most played songs, of both sources, named as the plays name them, so the answer stays useful
-- when the song catalogue is incomplete (and a song played on Sparkify and on Spotify is one
-- row); song_id is filled where the plays matched the catalogue or named a track. ms_played and
-- hours_listened are the time listened (a Sparkify play counts its song's length): rank by them
-- for the top tracks by time listened. Podcast episodes and audiobook chapters are not songs.
-- depends: analytics.songplays
DROP TABLE IF EXISTS dashboard.top_songs;
CREATE TABLE dashboard.top_songs AS
SELECT song_title, artist_name, min(song_id) AS song_id, count(*) AS plays,
       count(DISTINCT user_id) AS listeners, CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
WHERE song_title IS NOT NULL
GROUP BY song_title, artist_name
ORDER BY plays DESC, song_title, artist_name;
