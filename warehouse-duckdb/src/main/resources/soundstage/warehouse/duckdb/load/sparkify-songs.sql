-- Turns the landed lines of one batch into source rows or quarantine rows (see sparkify-events.sql).
CREATE OR REPLACE TEMP TABLE checked AS
WITH parsed AS (
    SELECT file_id, line_no, problem,
           CASE WHEN problem IS NULL THEN try(json_transform(raw, '{"num_songs":"VARCHAR","artist_id":"VARCHAR","artist_latitude":"VARCHAR","artist_longitude":"VARCHAR","artist_location":"VARCHAR","artist_name":"VARCHAR","song_id":"VARCHAR","title":"VARCHAR","duration":"VARCHAR","year":"VARCHAR"}')) END AS j,
           CASE WHEN problem IS NULL AND json_valid(raw) AND json_type(raw) = 'OBJECT'
                THEN NOT list_has_all(['num_songs','artist_id','artist_latitude','artist_longitude','artist_location','artist_name','song_id','title','duration','year'], json_keys(raw))
           END AS unknown_keys
    FROM landing
)
SELECT file_id, line_no, j, unknown_keys,
       CASE
           WHEN problem IS NOT NULL THEN problem
           WHEN unknown_keys IS NULL THEN 'malformed JSON: the line is not a JSON object'
           WHEN meta.clean_text(j.song_id) IS NULL THEN 'required field song_id is missing or empty'
           WHEN meta.clean_text(j.artist_id) IS NULL THEN 'required field artist_id is missing or empty'
           WHEN j.duration IS NOT NULL AND try_cast(j.duration AS DOUBLE) IS NULL THEN 'duration is not a number: ' || j.duration
           WHEN j.year IS NOT NULL AND try_cast(j.year AS INTEGER) IS NULL THEN 'year is not an integer: ' || j.year
           WHEN j.artist_latitude IS NOT NULL AND try_cast(j.artist_latitude AS DOUBLE) IS NULL THEN 'artist_latitude is not a number: ' || j.artist_latitude
           WHEN j.artist_longitude IS NOT NULL AND try_cast(j.artist_longitude AS DOUBLE) IS NULL THEN 'artist_longitude is not a number: ' || j.artist_longitude
       END AS reason
FROM parsed;

INSERT INTO source.sparkify_songs
SELECT c.file_id, c.line_no,
       j.num_songs, j.artist_id, j.artist_latitude, j.artist_longitude, j.artist_location,
       j.artist_name, j.song_id, j.title, j.duration, j.year,
       CASE WHEN c.unknown_keys THEN (SELECT l.raw FROM landing l WHERE l.file_id = c.file_id AND l.line_no = c.line_no) END
FROM checked c
WHERE c.reason IS NULL;
