-- One row per artist of the catalogue. Each attribute comes from the latest loaded song that
-- has it (PostgreSQL spelling of ../../analytics/artists.sql: the first of the values ordered
-- newest first, for DuckDB's arg_max).
-- depends: staging.sparkify_songs
DROP TABLE IF EXISTS analytics.artists;
CREATE TABLE analytics.artists AS
SELECT artist_id,
       (array_agg(artist_name ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_name IS NOT NULL))[1] AS name,
       (array_agg(artist_location ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_location IS NOT NULL))[1] AS location,
       (array_agg(artist_latitude ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_latitude IS NOT NULL))[1] AS latitude,
       (array_agg(artist_longitude ORDER BY file_id DESC, line_no DESC) FILTER (WHERE artist_longitude IS NOT NULL))[1] AS longitude
FROM staging.sparkify_songs
GROUP BY artist_id;
