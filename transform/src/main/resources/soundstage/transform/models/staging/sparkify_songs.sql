-- Typed, cleaned Sparkify songs, one row per song_id.
--
-- Incremental: takes the source rows of the new files. A song_id seen again
-- replaces the staged version (the latest loaded wins: highest file, then line), so the same
-- song arriving in two files counts once. year 0 means unknown and becomes NULL.
-- depends: source.sparkify_songs
-- incremental: (no full part: a full build empties the table and takes every file)
CREATE TEMP TABLE fresh_songs AS
SELECT song_id, title, artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
       year, duration, file_id, line_no, repaired
FROM (
SELECT meta.clean_text(s.song_id) AS song_id,
       meta.repair_mojibake(meta.clean_text(s.title)) AS title,
       meta.clean_text(s.artist_id) AS artist_id,
       meta.repair_mojibake(meta.clean_text(s.artist_name)) AS artist_name,
       meta.repair_mojibake(meta.clean_text(s.artist_location)) AS artist_location,
       s.artist_latitude,
       s.artist_longitude,
       nullif(s.year, 0) AS year,
       s.duration,
       s.file_id, s.line_no,
       (meta.repair_mojibake(meta.clean_text(s.title)) IS DISTINCT FROM meta.clean_text(s.title)
        OR meta.repair_mojibake(meta.clean_text(s.artist_name)) IS DISTINCT FROM meta.clean_text(s.artist_name)) AS repaired,
       row_number() OVER (PARTITION BY meta.clean_text(s.song_id) ORDER BY s.file_id DESC, s.line_no DESC) AS version_no
FROM source.sparkify_songs s
WHERE s.file_id > :low_file_id AND s.file_id <= :high_file_id
) AS versions
WHERE version_no = 1;

DELETE FROM staging.sparkify_songs WHERE song_id IN (SELECT song_id FROM fresh_songs);

INSERT INTO staging.sparkify_songs
SELECT song_id, title, artist_id, artist_name, artist_location, artist_latitude, artist_longitude,
       year, duration, file_id, line_no, repaired
FROM fresh_songs;

DROP TABLE fresh_songs;
