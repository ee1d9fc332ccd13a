-- Turns the landed lines of one batch (temp view lines: file_id, line_no, raw, problem) into
-- source rows; finish-batch.sql quarantines the others. View `checked` gives every line the
-- first rule it breaks as its reason (NULL when it breaks none). Each line that looks like an
-- object is parsed once, into a map of its keys and values as text (NULL when it is not valid
-- JSON): the known fields and the key list both come from it. (Checking validity, listing the
-- keys and reading the fields were three parses: 8.0 s against 5.4 s for 1M lines.)
-- unknown_keys is true when the keys differ from the known keys in their usual order: then the
-- whole line is kept in source.*.raw, so no field is lost. The casts are TRY_CAST only because
-- DuckDB may evaluate them before the filter; every row that is kept casts cleanly.
CREATE OR REPLACE TEMP VIEW checked AS
WITH parsed AS (
    SELECT file_id, line_no, problem, raw, fields,
           CASE WHEN fields IS NOT NULL THEN struct_pack("artist" := fields['artist'], "auth" := fields['auth'], "firstName" := fields['firstName'], "gender" := fields['gender'], "itemInSession" := fields['itemInSession'], "lastName" := fields['lastName'], "length" := fields['length'], "level" := fields['level'], "location" := fields['location'], "method" := fields['method'], "page" := fields['page'], "registration" := fields['registration'], "sessionId" := fields['sessionId'], "song" := fields['song'], "status" := fields['status'], "ts" := fields['ts'], "userAgent" := fields['userAgent'], "userId" := fields['userId']) END AS j,
           map_keys(fields) <> ['artist','auth','firstName','gender','itemInSession','lastName','length','level','location','method','page','registration','sessionId','song','status','ts','userAgent','userId'] AS unknown_keys
    FROM (SELECT *, CASE WHEN problem IS NULL AND (starts_with(raw, '{') OR starts_with(ltrim(raw), '{'))
                          THEN try(json_transform(raw, '"MAP(VARCHAR, VARCHAR)"')) END AS fields FROM lines)
), reasoned AS (
    SELECT file_id, line_no, j, unknown_keys, raw,
       CASE
           WHEN problem IS NOT NULL THEN problem
           WHEN fields IS NULL THEN 'malformed JSON: the line is not a JSON object'
           WHEN unknown_keys AND len(list_distinct(map_keys(fields))) < len(map_keys(fields))
               THEN 'key ' || meta.repeated_key(map_keys(fields)) || ' appears more than once in the object, so its value is ambiguous'
           WHEN j.ts IS NULL THEN 'required field ts is missing or null'
           WHEN (try_cast(j.ts AS BIGINT) IS NULL OR meta.has_fraction(j.ts)) THEN 'ts is not an integer of epoch milliseconds: ' || j.ts
           WHEN try_cast(j.ts AS BIGINT) NOT BETWEEN -62135596800000 AND 253402300799999 THEN 'ts is not a time of the years 1 to 9999 in epoch milliseconds: ' || j.ts
           WHEN meta.clean_text(j.page) IS NULL THEN 'required field page is missing or empty'
           WHEN j.itemInSession IS NOT NULL AND (try_cast(j.itemInSession AS INTEGER) IS NULL OR meta.has_fraction(j.itemInSession)) THEN 'itemInSession is not an integer: ' || j.itemInSession
           WHEN j.sessionId IS NOT NULL AND (try_cast(j.sessionId AS INTEGER) IS NULL OR meta.has_fraction(j.sessionId)) THEN 'sessionId is not an integer: ' || j.sessionId
           WHEN j.status IS NOT NULL AND (try_cast(j.status AS INTEGER) IS NULL OR meta.has_fraction(j.status)) THEN 'status is not an integer: ' || j.status
           WHEN j.length IS NOT NULL AND NOT coalesce(isfinite(try_cast(j.length AS DOUBLE)), false) THEN 'length is not a number: ' || j.length
           WHEN abs(try_cast(j.length AS DOUBLE)) > 1e12 THEN 'length is more than 1e12 seconds either way: ' || j.length
           WHEN j.registration IS NOT NULL AND NOT coalesce(isfinite(try_cast(j.registration AS DOUBLE)), false) THEN 'registration is not a number: ' || j.registration
           WHEN try_cast(j.registration AS DOUBLE) NOT BETWEEN -62135596800000 AND 253402300799999 THEN 'registration is not a time of the years 1 to 9999 in epoch milliseconds: ' || j.registration
           WHEN meta.clean_text(j.userId) IS NOT NULL AND (try_cast(j.userId AS INTEGER) IS NULL OR meta.has_fraction(j.userId)) THEN 'userId is not an integer: ' || j.userId
           WHEN meta.clean_text(j.page) = 'NextSong' AND meta.clean_text(j.userId) IS NULL THEN 'NextSong event without a userId'
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
