-- One row per artist of the catalogue. Each attribute comes from the latest loaded song that
-- has it (a later file may fill in a location an earlier one left empty).
-- depends: staging.sparkify_songs
DROP TABLE IF EXISTS analytics.artists;
CREATE TABLE analytics.artists AS
SELECT artist_id,
       arg_max(artist_name, {'f': file_id, 'l': line_no}) FILTER (WHERE artist_name IS NOT NULL) AS name,
       arg_max(artist_location, {'f': file_id, 'l': line_no}) FILTER (WHERE artist_location IS NOT NULL) AS location,
       arg_max(artist_latitude, {'f': file_id, 'l': line_no}) FILTER (WHERE artist_latitude IS NOT NULL) AS latitude,
       arg_max(artist_longitude, {'f': file_id, 'l': line_no}) FILTER (WHERE artist_longitude IS NOT NULL) AS longitude
FROM staging.sparkify_songs
GROUP BY artist_id;
