-- After a kind's load script (which filled the source table named in variable source_table
-- from view `checked`): counts, per new file of the batch, its non-blank lines and the rows it
-- loaded. The lines of a file DuckDB reads were counted while Java hashed it (LineReader.hash,
-- by the rule of land-text.sql), so it is not read again; those of a file split in Java are in
-- table landing. When a file's rows are not its lines, DuckDbLoader runs find-rejected.sql,
-- which reads that file again and makes the count what it found. (A file that changes while it
-- is ingested can still fool the count; so could it the hash.)

-- The batch's rows in the source table: those of its file ids (another batch may be loading
-- beside this one, in a transaction of its own).
CREATE OR REPLACE TEMP VIEW loaded AS
SELECT file_id, line_no FROM query_table(getvariable('source_table'))
WHERE file_id BETWEEN getvariable('batch_first_file') AND getvariable('batch_last_file');

CREATE OR REPLACE TEMP TABLE line_counts AS
SELECT b.file_id,
       CASE WHEN b.split_in_java THEN coalesce(j.total, 0) ELSE b.lines END AS total,
       coalesce(g.good, 0) AS good
FROM batch_files b
LEFT JOIN (SELECT file_id, count(*) AS total FROM landing GROUP BY file_id) j ON j.file_id = b.file_id
LEFT JOIN (SELECT file_id, count(*) AS good FROM loaded GROUP BY file_id) g ON g.file_id = b.file_id
WHERE b.duplicate_of IS NULL AND (b.lines > 0 OR j.total > 0 OR g.good > 0);
