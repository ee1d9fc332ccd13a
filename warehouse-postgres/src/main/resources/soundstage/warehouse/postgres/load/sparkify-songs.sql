-- Turns the landed lines of one batch into source rows, as sparkify-events.sql does for events
-- (the rules and reasons of the DuckDB loader's sparkify-songs.sql).
WITH checked AS MATERIALIZED (
    SELECT l.*,
       CASE
           WHEN problem IS NOT NULL THEN problem
           WHEN meta.clean_text("song_id") IS NULL THEN 'required field song_id is missing or empty'
           WHEN meta.clean_text("artist_id") IS NULL THEN 'required field artist_id is missing or empty'
           WHEN "num_songs" IS NOT NULL AND meta.try_integer("num_songs") IS NULL THEN 'num_songs is not an integer: ' || "num_songs"
           WHEN "duration" IS NOT NULL AND meta.try_double("duration") IS NULL THEN 'duration is not a number: ' || "duration"
           WHEN "year" IS NOT NULL AND meta.try_integer("year") IS NULL THEN 'year is not an integer: ' || "year"
           WHEN "artist_latitude" IS NOT NULL AND meta.try_double("artist_latitude") IS NULL THEN 'artist_latitude is not a number: ' || "artist_latitude"
           WHEN "artist_longitude" IS NOT NULL AND meta.try_double("artist_longitude") IS NULL THEN 'artist_longitude is not a number: ' || "artist_longitude"
       END AS reason
    FROM lines l
), loaded AS (
    INSERT INTO source.sparkify_songs
    SELECT file_id, line_no,
           meta.try_integer("num_songs"), "artist_id", meta.try_double("artist_latitude"),
           meta.try_double("artist_longitude"), "artist_location", "artist_name", "song_id", "title",
           meta.try_double("duration"), meta.try_integer("year"),
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
