-- Turns the landed lines of one batch into source rows, as sparkify-events.sql does for events.
CREATE OR REPLACE TEMP VIEW checked AS
WITH parsed AS (
    SELECT file_id, line_no, problem, raw, fields,
           CASE WHEN fields IS NOT NULL THEN struct_pack("num_songs" := fields['num_songs'], "artist_id" := fields['artist_id'], "artist_latitude" := fields['artist_latitude'], "artist_longitude" := fields['artist_longitude'], "artist_location" := fields['artist_location'], "artist_name" := fields['artist_name'], "song_id" := fields['song_id'], "title" := fields['title'], "duration" := fields['duration'], "year" := fields['year']) END AS j,
           map_keys(fields) <> ['num_songs','artist_id','artist_latitude','artist_longitude','artist_location','artist_name','song_id','title','duration','year'] AS unknown_keys
    FROM (SELECT *, CASE WHEN problem IS NULL AND (starts_with(raw, '{') OR starts_with(ltrim(raw), '{')) AND json_valid(raw)
                          THEN try(json_transform(raw, '"MAP(VARCHAR, VARCHAR)"')) END AS fields FROM lines)
), reasoned AS (
    SELECT file_id, line_no, j, unknown_keys, raw,
       CASE
           WHEN problem IS NOT NULL THEN problem
           WHEN fields IS NULL THEN 'malformed JSON: the line is not a JSON object'
           -- As on PostgreSQL, whose text cannot hold it: the same rows on both warehouses (it was stored here).
           WHEN contains(raw, '\u0000') AND list_bool_or(list_transform(map_values(fields), v -> contains(v, chr(0))))
               THEN 'a value holds the character U+0000, which PostgreSQL text cannot store'
           WHEN unknown_keys AND len(list_distinct(map_keys(fields))) < len(map_keys(fields))
               THEN 'key ' || meta.repeated_key(map_keys(fields)) || ' appears more than once in the object, so its value is ambiguous'
           WHEN meta.clean_text(j.song_id) IS NULL THEN 'required field song_id is missing or empty'
           WHEN meta.clean_text(j.artist_id) IS NULL THEN 'required field artist_id is missing or empty'
           WHEN j.num_songs IS NOT NULL AND (try_cast(j.num_songs AS INTEGER) IS NULL OR NOT meta.is_integer(j.num_songs, raw, 'num_songs')) THEN meta.integer_reason(j.num_songs, raw, 'num_songs', 'num_songs is not an integer: ', 'num_songs is outside the integers -2147483648 to 2147483647: ') || meta.number_as_written(j.num_songs, raw, 'num_songs')
           WHEN j.duration IS NOT NULL AND NOT (coalesce(isfinite(try_cast(j.duration AS DOUBLE)), false) AND meta.is_double(j.duration)) THEN 'duration is not a number: ' || j.duration
           WHEN NOT try_cast(j.duration AS DOUBLE) BETWEEN 0 AND 604800 THEN 'duration is not from 0 to 604800 seconds (a week; no song lasts longer): ' || j.duration
           WHEN j.year IS NOT NULL AND (try_cast(j.year AS INTEGER) IS NULL OR NOT meta.is_integer(j.year, raw, 'year')) THEN meta.integer_reason(j.year, raw, 'year', 'year is not an integer: ', 'year is outside the integers -2147483648 to 2147483647: ') || meta.number_as_written(j.year, raw, 'year')
           WHEN meta.clean_text(j.artist_latitude) IS NOT NULL AND NOT (coalesce(isfinite(try_cast(j.artist_latitude AS DOUBLE)), false) AND meta.is_double(j.artist_latitude)) THEN 'artist_latitude is not a number: ' || j.artist_latitude
           WHEN NOT try_cast(j.artist_latitude AS DOUBLE) BETWEEN -90 AND 90 THEN 'artist_latitude is not from -90 to 90 degrees: ' || j.artist_latitude
           WHEN meta.clean_text(j.artist_longitude) IS NOT NULL AND NOT (coalesce(isfinite(try_cast(j.artist_longitude AS DOUBLE)), false) AND meta.is_double(j.artist_longitude)) THEN 'artist_longitude is not a number: ' || j.artist_longitude
           WHEN NOT try_cast(j.artist_longitude AS DOUBLE) BETWEEN -180 AND 180 THEN 'artist_longitude is not from -180 to 180 degrees: ' || j.artist_longitude
           -- Last: a line that only looks as if it had an object or array where text belongs (one of
           -- those starts with '{' or '[') gets no reason here.
           WHEN meta.may_be_structure(j.artist_id) OR meta.may_be_structure(j.artist_location) OR meta.may_be_structure(j.artist_name) OR meta.may_be_structure(j.song_id) OR meta.may_be_structure(j.title)
               THEN CASE
                   WHEN meta.structure(j.artist_id, raw, 'artist_id') IS NOT NULL THEN 'artist_id is ' || meta.structure(j.artist_id, raw, 'artist_id') || ', not a single value'
                   WHEN meta.structure(j.artist_location, raw, 'artist_location') IS NOT NULL THEN 'artist_location is ' || meta.structure(j.artist_location, raw, 'artist_location') || ', not a single value'
                   WHEN meta.structure(j.artist_name, raw, 'artist_name') IS NOT NULL THEN 'artist_name is ' || meta.structure(j.artist_name, raw, 'artist_name') || ', not a single value'
                   WHEN meta.structure(j.song_id, raw, 'song_id') IS NOT NULL THEN 'song_id is ' || meta.structure(j.song_id, raw, 'song_id') || ', not a single value'
                   WHEN meta.structure(j.title, raw, 'title') IS NOT NULL THEN 'title is ' || meta.structure(j.title, raw, 'title') || ', not a single value'
               END
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
