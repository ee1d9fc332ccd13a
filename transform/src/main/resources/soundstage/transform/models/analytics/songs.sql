-- One row per catalogue song. year is NULL when unknown.
-- depends: staging.sparkify_songs
CREATE OR REPLACE TABLE analytics.songs AS
SELECT song_id, title, artist_id, year, duration
FROM staging.sparkify_songs;
