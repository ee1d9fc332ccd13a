-- Turns the landed lines of one batch into source rows, as sparkify-events.sql does for events.
CREATE OR REPLACE TEMP VIEW checked AS
WITH parsed AS (
    SELECT file_id, line_no, problem, raw, fields,
           CASE WHEN fields IS NOT NULL THEN struct_pack("num_songs" := fields['num_songs'], "artist_id" := fields['artist_id'], "artist_latitude" := fields['artist_latitude'], "artist_longitude" := fields['artist_longitude'], "artist_location" := fields['artist_location'], "artist_name" := fields['artist_name'], "song_id" := fields['song_id'], "title" := fields['title'], "duration" := fields['duration'], "year" := fields['year']) END AS j,
           map_keys(fields) <> ['num_songs','artist_id','artist_latitude','artist_longitude','artist_location','artist_name','song_id','title','duration','year'] AS unknown_keys
    FROM (SELECT *, CASE WHEN problem IS NULL AND (starts_with(raw, '{') OR starts_with(ltrim(raw), '{'))
                          THEN try(json_transform(raw, '"MAP(VARCHAR, VARCHAR)"')) END AS fields FROM lines)
), reasoned AS (
    SELECT file_id, line_no, j, unknown_keys, raw,
       CASE
           WHEN problem IS NOT NULL THEN problem
           WHEN fields IS NULL THEN 'malformed JSON: the line is not a JSON object'
           WHEN unknown_keys AND len(list_distinct(map_keys(fields))) < len(map_keys(fields))
               THEN 'key ' || meta.repeated_key(map_keys(fields)) || ' appears more than once in the object, so its value is ambiguous'
           WHEN meta.clean_text(j.song_id) IS NULL THEN 'required field song_id is missing or empty'
           WHEN meta.clean_text(j.artist_id) IS NULL THEN 'required field artist_id is missing or empty'
           WHEN j.num_songs IS NOT NULL AND (try_cast(j.num_songs AS INTEGER) IS NULL OR meta.has_fraction(j.num_songs)) THEN 'num_songs is not an integer: ' || j.num_songs
           WHEN j.duration IS NOT NULL AND try_cast(j.duration AS DOUBLE) IS NULL THEN 'duration is not a number: ' || j.duration
           WHEN j.year IS NOT NULL AND (try_cast(j.year AS INTEGER) IS NULL OR meta.has_fraction(j.year)) THEN 'year is not an integer: ' || j.year
           WHEN j.artist_latitude IS NOT NULL AND try_cast(j.artist_latitude AS DOUBLE) IS NULL THEN 'artist_latitude is not a number: ' || j.artist_latitude
           WHEN j.artist_longitude IS NOT NULL AND try_cast(j.artist_longitude AS DOUBLE) IS NULL THEN 'artist_longitude is not a number: ' || j.artist_longitude
       END AS reason
FROM parsed
)
SELECT file_id, line_no, j, unknown_keys, reason, raw
FROM reasoned;

INSERT INTO source.sparkify_songs
SELECT c.file_id, c.line_no,
       TRY_CAST(j.num_songs AS INTEGER), j.artist_id, TRY_CAST(j.artist_latitude AS DOUBLE),
       TRY_CAST(j.artist_longitude AS DOUBLE), j.artist_location, j.artist_name, j.song_id, j.title,
       TRY_CAST(j.duration AS DOUBLE), TRY_CAST(j.year AS INTEGER),
       CASE WHEN c.unknown_keys THEN c.raw END
FROM checked c
WHERE c.reason IS NULL;
