-- Most played artists, by the artist names the plays carry; artist_id where matched.
-- depends: analytics.songplays
DROP TABLE IF EXISTS dashboard.top_artists;
CREATE TABLE dashboard.top_artists AS
SELECT artist_name, min(artist_id) AS artist_id, count(*) AS plays,
       count(DISTINCT user_id) AS listeners, count(DISTINCT song_title) AS songs
FROM analytics.songplays
WHERE artist_name IS NOT NULL
GROUP BY artist_name
ORDER BY plays DESC, artist_name;
