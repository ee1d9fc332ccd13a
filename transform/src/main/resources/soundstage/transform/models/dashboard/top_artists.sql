-- Most played artists, of both sources, by the artist names the plays carry; artist_id where
-- matched (Sparkify) or named (Spotify). ms_played and hours_listened are the time listened (a
-- Sparkify play counts its song's length): rank by them for the top artists by time listened.
-- depends: analytics.songplays
DROP TABLE IF EXISTS dashboard.top_artists;
CREATE TABLE dashboard.top_artists AS
SELECT artist_name, min(artist_id) AS artist_id, count(*) AS plays,
       count(DISTINCT user_id) AS listeners, count(DISTINCT song_title) AS songs,
       CAST(sum(ms_played) AS BIGINT) AS ms_played, meta.hours(sum(ms_played)) AS hours_listened
FROM analytics.songplays
WHERE artist_name IS NOT NULL
GROUP BY artist_name
ORDER BY plays DESC, artist_name;
