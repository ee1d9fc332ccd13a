-- Turns the landed lines of one batch into source rows and quarantine rows, the rules and
-- reasons of the DuckDB loader's sparkify-events.sql. Temp table `lines` holds every line with
-- the text of each known key (split by the loader: PostgreSQL 15 has no cast to JSON that fails
-- softly), `problem` when the line is not usable at all and `unknown_keys`. One statement: the
-- reasons are worked out once, then good lines go to the source table and the others to the
-- quarantine; batch_counts gets each file's good and total lines for finish-batch.sql.
WITH checked AS MATERIALIZED (
    SELECT l.*,
       CASE
           WHEN problem IS NOT NULL THEN problem
           WHEN "ts" IS NULL THEN 'required field ts is missing or null'
           WHEN meta.try_bigint("ts") IS NULL THEN 'ts is not an integer of epoch milliseconds: ' || "ts"
           WHEN meta.clean_text("page") IS NULL THEN 'required field page is missing or empty'
           WHEN "itemInSession" IS NOT NULL AND meta.try_integer("itemInSession") IS NULL THEN 'itemInSession is not an integer: ' || "itemInSession"
           WHEN "sessionId" IS NOT NULL AND meta.try_integer("sessionId") IS NULL THEN 'sessionId is not an integer: ' || "sessionId"
           WHEN "status" IS NOT NULL AND meta.try_integer("status") IS NULL THEN 'status is not an integer: ' || "status"
           WHEN "length" IS NOT NULL AND meta.try_double("length") IS NULL THEN 'length is not a number: ' || "length"
           WHEN "registration" IS NOT NULL AND meta.try_double("registration") IS NULL THEN 'registration is not a number: ' || "registration"
           WHEN meta.clean_text("userId") IS NOT NULL AND meta.try_integer("userId") IS NULL THEN 'userId is not an integer: ' || "userId"
           WHEN "page" = 'NextSong' AND meta.clean_text("userId") IS NULL THEN 'NextSong event without a userId'
       END AS reason
    FROM lines l
), loaded AS (
    INSERT INTO source.sparkify_events
    SELECT file_id, line_no,
           "artist", "auth", "firstName", "gender", meta.try_integer("itemInSession"), "lastName",
           meta.try_double("length"), "level", "location", "method", "page", meta.try_double("registration"),
           meta.try_integer("sessionId"), "song", meta.try_integer("status"), meta.try_bigint("ts"),
           "userAgent", "userId",
           CASE WHEN unknown_keys THEN raw END
    FROM checked
    WHERE reason IS NULL
    RETURNING file_id
), quarantined AS (
    INSERT INTO meta.quarantine
    SELECT c.file_id, b.path, c.line_no, c.reason, c.raw, CURRENT_TIMESTAMP
    FROM checked c JOIN batch_files b ON b.file_id = c.file_id
    WHERE c.reason IS NOT NULL
    RETURNING file_id
)
INSERT INTO batch_counts
SELECT file_id, count(*) FILTER (WHERE good), count(*)
FROM (SELECT file_id, true AS good FROM loaded UNION ALL SELECT file_id, false FROM quarantined) AS outcomes
GROUP BY file_id;
