-- Turns the landed lines of one batch (temp view lines: file_id, line_no, raw, problem) into
-- source rows; finish-batch.sql quarantines the others. View `checked` gives every line the
-- first rule it breaks as its reason (NULL when it breaks none). Each line that looks like an
-- object is parsed once, into a map of its keys and values as text (NULL when it is not valid
-- JSON): the known fields and the key list both come from it. (Checking validity, listing the
-- keys and reading the fields were three parses: 8.0 s against 5.4 s for 1M lines. Only valid
-- JSON reaches json_transform: when one line of a vector fails inside try(), DuckDB evaluates the
-- whole vector again row by row, so a file with 5 % malformed lines loaded 3 to 4 times slower
-- than a clean one; json_valid costs 0.06 s of one core for 1M lines.)
-- unknown_keys is true when the keys differ from the known keys in their usual order: then the
-- whole line is kept in source.*.raw, so no field is lost. The casts are TRY_CAST only because
-- DuckDB may evaluate them before the filter; every row that is kept casts cleanly.
-- No value may change on its way in. The map gives an object or array as its JSON text:
-- meta.structure finds those where text belongs (the line is refused, as Spotify records are).
-- It gives a number with a point or an exponent as the double it reads, which may have lost a
-- fraction: the integer rules (meta.is_integer) and their reasons read such a number as the line
-- writes it (meta.number_as_written), and so does userId, which is kept as text. meta.is_integer
-- and meta.is_double refuse what the casts read beyond decimal numbers (0x10, 1_000).
CREATE OR REPLACE TEMP VIEW checked AS
WITH parsed AS (
    SELECT file_id, line_no, problem, raw, fields,
           CASE WHEN fields IS NOT NULL THEN struct_pack("artist" := fields['artist'], "auth" := fields['auth'], "firstName" := fields['firstName'], "gender" := fields['gender'], "itemInSession" := fields['itemInSession'], "lastName" := fields['lastName'], "length" := fields['length'], "level" := fields['level'], "location" := fields['location'], "method" := fields['method'], "page" := fields['page'], "registration" := fields['registration'], "sessionId" := fields['sessionId'], "song" := fields['song'], "status" := fields['status'], "ts" := fields['ts'], "userAgent" := fields['userAgent'], "userId" := meta.number_as_written(fields['userId'], raw, 'userId')) END AS j,
           map_keys(fields) <> ['artist','auth','firstName','gender','itemInSession','lastName','length','level','location','method','page','registration','sessionId','song','status','ts','userAgent','userId'] AS unknown_keys
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
           WHEN j.ts IS NULL THEN 'required field ts is missing or null'
           WHEN (try_cast(j.ts AS BIGINT) IS NULL OR NOT meta.is_integer(j.ts, raw, 'ts')) THEN meta.integer_reason(j.ts, raw, 'ts', 'ts is not an integer of epoch milliseconds: ', 'ts is not a time of the years 1 to 9999 in epoch milliseconds: ') || meta.number_as_written(j.ts, raw, 'ts')
           WHEN try_cast(j.ts AS BIGINT) NOT BETWEEN -62135596800000 AND 253402300799999 THEN 'ts is not a time of the years 1 to 9999 in epoch milliseconds: ' || meta.number_as_written(j.ts, raw, 'ts')
           WHEN meta.clean_text(j.page) IS NULL THEN 'required field page is missing or empty'
           WHEN j.itemInSession IS NOT NULL AND (try_cast(j.itemInSession AS INTEGER) IS NULL OR NOT meta.is_integer(j.itemInSession, raw, 'itemInSession')) THEN meta.integer_reason(j.itemInSession, raw, 'itemInSession', 'itemInSession is not an integer: ', 'itemInSession is outside the integers -2147483648 to 2147483647: ') || meta.number_as_written(j.itemInSession, raw, 'itemInSession')
           WHEN j.sessionId IS NOT NULL AND (try_cast(j.sessionId AS INTEGER) IS NULL OR NOT meta.is_integer(j.sessionId, raw, 'sessionId')) THEN meta.integer_reason(j.sessionId, raw, 'sessionId', 'sessionId is not an integer: ', 'sessionId is outside the integers -2147483648 to 2147483647: ') || meta.number_as_written(j.sessionId, raw, 'sessionId')
           WHEN j.status IS NOT NULL AND (try_cast(j.status AS INTEGER) IS NULL OR NOT meta.is_integer(j.status, raw, 'status')) THEN meta.integer_reason(j.status, raw, 'status', 'status is not an integer: ', 'status is outside the integers -2147483648 to 2147483647: ') || meta.number_as_written(j.status, raw, 'status')
           WHEN j.length IS NOT NULL AND NOT (coalesce(isfinite(try_cast(j.length AS DOUBLE)), false) AND meta.is_double(j.length)) THEN 'length is not a number: ' || j.length
           WHEN NOT try_cast(j.length AS DOUBLE) BETWEEN 0 AND 604800 THEN 'length is not from 0 to 604800 seconds (a week; no play lasts longer): ' || j.length
           WHEN j.registration IS NOT NULL AND NOT (coalesce(isfinite(try_cast(j.registration AS DOUBLE)), false) AND meta.is_double(j.registration)) THEN 'registration is not a number: ' || j.registration
           WHEN try_cast(j.registration AS DOUBLE) NOT BETWEEN -62135596800000 AND 253402300799999 THEN 'registration is not a time of the years 1 to 9999 in epoch milliseconds: ' || j.registration
           WHEN meta.clean_text(j.userId) IS NOT NULL AND (try_cast(j.userId AS INTEGER) IS NULL OR NOT meta.is_integer(j.userId, raw, 'userId')) THEN meta.integer_reason(j.userId, raw, 'userId', 'userId is not an integer: ', 'userId is outside the integers -2147483648 to 2147483647: ') || j.userId
           WHEN meta.clean_text(j.page) = 'NextSong' AND meta.clean_text(j.userId) IS NULL THEN 'NextSong event without a userId'
           -- Last: a line that only looks as if it had an object or array where text belongs (one of
           -- those starts with '{' or '[') gets no reason here.
           WHEN meta.may_be_structure(j.artist) OR meta.may_be_structure(j.auth) OR meta.may_be_structure(j.firstName) OR meta.may_be_structure(j.gender) OR meta.may_be_structure(j.lastName) OR meta.may_be_structure(j.level) OR meta.may_be_structure(j.location) OR meta.may_be_structure(j.method) OR meta.may_be_structure(j.page) OR meta.may_be_structure(j.song) OR meta.may_be_structure(j.userAgent)
               THEN CASE
                   WHEN meta.structure(j.artist, raw, 'artist') IS NOT NULL THEN 'artist is ' || meta.structure(j.artist, raw, 'artist') || ', not a single value'
                   WHEN meta.structure(j.auth, raw, 'auth') IS NOT NULL THEN 'auth is ' || meta.structure(j.auth, raw, 'auth') || ', not a single value'
                   WHEN meta.structure(j.firstName, raw, 'firstName') IS NOT NULL THEN 'firstName is ' || meta.structure(j.firstName, raw, 'firstName') || ', not a single value'
                   WHEN meta.structure(j.gender, raw, 'gender') IS NOT NULL THEN 'gender is ' || meta.structure(j.gender, raw, 'gender') || ', not a single value'
                   WHEN meta.structure(j.lastName, raw, 'lastName') IS NOT NULL THEN 'lastName is ' || meta.structure(j.lastName, raw, 'lastName') || ', not a single value'
                   WHEN meta.structure(j.level, raw, 'level') IS NOT NULL THEN 'level is ' || meta.structure(j.level, raw, 'level') || ', not a single value'
                   WHEN meta.structure(j.location, raw, 'location') IS NOT NULL THEN 'location is ' || meta.structure(j.location, raw, 'location') || ', not a single value'
                   WHEN meta.structure(j.method, raw, 'method') IS NOT NULL THEN 'method is ' || meta.structure(j.method, raw, 'method') || ', not a single value'
                   WHEN meta.structure(j.page, raw, 'page') IS NOT NULL THEN 'page is ' || meta.structure(j.page, raw, 'page') || ', not a single value'
                   WHEN meta.structure(j.song, raw, 'song') IS NOT NULL THEN 'song is ' || meta.structure(j.song, raw, 'song') || ', not a single value'
                   WHEN meta.structure(j.userAgent, raw, 'userAgent') IS NOT NULL THEN 'userAgent is ' || meta.structure(j.userAgent, raw, 'userAgent') || ', not a single value'
               END
       END AS reason
FROM parsed
)
SELECT file_id, line_no, j, unknown_keys, reason, raw
FROM reasoned;

INSERT INTO source.sparkify_events
SELECT c.file_id, c.line_no,
       j.artist, j.auth, j.firstName, j.gender, TRY_CAST(j.itemInSession AS INTEGER), j.lastName,
       TRY_CAST(j.length AS DOUBLE), j.level, j.location, j.method, j.page, TRY_CAST(j.registration AS DOUBLE),
       TRY_CAST(j.sessionId AS INTEGER), j.song, TRY_CAST(j.status AS INTEGER), TRY_CAST(j.ts AS BIGINT),
       j.userAgent, j.userId,
       CASE WHEN c.unknown_keys THEN c.raw END
FROM checked c
WHERE c.reason IS NULL;
