-- Turns the landed lines of one batch (temp table landing: file_id, line_no, raw, problem) into
-- source rows or quarantine rows. Each JSON line is parsed once; a line is quarantined with the
-- first rule it breaks.
CREATE OR REPLACE TEMP TABLE checked AS
WITH parsed AS (
    SELECT file_id, line_no, problem,
           CASE WHEN problem IS NULL THEN try(json_transform(raw, '{"artist":"VARCHAR","auth":"VARCHAR","firstName":"VARCHAR","gender":"VARCHAR","itemInSession":"VARCHAR","lastName":"VARCHAR","length":"VARCHAR","level":"VARCHAR","location":"VARCHAR","method":"VARCHAR","page":"VARCHAR","registration":"VARCHAR","sessionId":"VARCHAR","song":"VARCHAR","status":"VARCHAR","ts":"VARCHAR","userAgent":"VARCHAR","userId":"VARCHAR"}')) END AS j,
           CASE WHEN problem IS NULL AND json_valid(raw) AND json_type(raw) = 'OBJECT'
                THEN NOT list_has_all(['artist','auth','firstName','gender','itemInSession','lastName','length','level','location','method','page','registration','sessionId','song','status','ts','userAgent','userId'], json_keys(raw))
           END AS unknown_keys
    FROM landing
)
SELECT file_id, line_no, j, unknown_keys,
       CASE
           WHEN problem IS NOT NULL THEN problem
           WHEN unknown_keys IS NULL THEN 'malformed JSON: the line is not a JSON object'
           WHEN j.ts IS NULL THEN 'required field ts is missing or null'
           WHEN try_cast(j.ts AS BIGINT) IS NULL THEN 'ts is not an integer of epoch milliseconds: ' || j.ts
           WHEN meta.clean_text(j.page) IS NULL THEN 'required field page is missing or empty'
           WHEN j.itemInSession IS NOT NULL AND try_cast(j.itemInSession AS INTEGER) IS NULL THEN 'itemInSession is not an integer: ' || j.itemInSession
           WHEN j.sessionId IS NOT NULL AND try_cast(j.sessionId AS INTEGER) IS NULL THEN 'sessionId is not an integer: ' || j.sessionId
           WHEN j.status IS NOT NULL AND try_cast(j.status AS INTEGER) IS NULL THEN 'status is not an integer: ' || j.status
           WHEN j.length IS NOT NULL AND try_cast(j.length AS DOUBLE) IS NULL THEN 'length is not a number: ' || j.length
           WHEN j.registration IS NOT NULL AND try_cast(j.registration AS DOUBLE) IS NULL THEN 'registration is not a number: ' || j.registration
           WHEN meta.clean_text(j.userId) IS NOT NULL AND try_cast(j.userId AS INTEGER) IS NULL THEN 'userId is not an integer: ' || j.userId
           WHEN j.page = 'NextSong' AND meta.clean_text(j.userId) IS NULL THEN 'NextSong event without a userId'
       END AS reason
FROM parsed;

INSERT INTO source.sparkify_events
SELECT c.file_id, c.line_no,
       j.artist, j.auth, j.firstName, j.gender, j.itemInSession, j.lastName, j.length, j.level,
       j.location, j.method, j.page, j.registration, j.sessionId, j.song, j.status, j.ts,
       j.userAgent, j.userId,
       CASE WHEN c.unknown_keys THEN (SELECT l.raw FROM landing l WHERE l.file_id = c.file_id AND l.line_no = c.line_no) END
FROM checked c
WHERE c.reason IS NULL;
