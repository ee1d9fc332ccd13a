-- One row per catalogue song. year is NULL when unknown.
-- depends: staging.sparkify_songs
DROP TABLE IF EXISTS analytics.songs;
CREATE TABLE analytics.songs AS
SELECT song_id, title, artist_id, year, duration
FROM staging.sparkify_songs;
