-- After a kind's load script (which filled the source table named in variable source_table
-- from view `checked`): counts, per new file of the batch, its non-blank lines and the rows it
-- loaded. The lines were counted while the file was hashed (LineReader.hash, by the rule of
-- land-text.sql), so the files are not read again. When every line loaded, DuckDbLoader skips
-- find-rejected.sql, which reads them again.

-- The batch's rows in the source table (file ids only grow, so the newest rows).
CREATE OR REPLACE TEMP VIEW loaded AS
SELECT file_id, line_no FROM query_table(getvariable('source_table')) WHERE file_id >= getvariable('batch_first_file');

CREATE OR REPLACE TEMP TABLE line_counts AS
SELECT b.file_id, b.lines AS total, coalesce(g.good, 0) AS good
FROM batch_files b
LEFT JOIN (SELECT file_id, count(*) AS good FROM loaded GROUP BY file_id) g ON g.file_id = b.file_id
WHERE b.duplicate_of IS NULL AND b.lines > 0;
