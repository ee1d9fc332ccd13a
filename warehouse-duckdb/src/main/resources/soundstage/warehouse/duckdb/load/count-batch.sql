-- After a kind's load script (which filled the source table named in variable source_table
-- from view `checked`): counts, per file of the batch, its lines and the rows it loaded. When
-- every line loaded, DuckDbLoader skips find-rejected.sql, which would read the files again.

-- The batch's rows in the source table (file ids only grow, so the newest rows).
CREATE OR REPLACE TEMP VIEW loaded AS
SELECT file_id, line_no FROM query_table(getvariable('source_table')) WHERE file_id >= getvariable('batch_first_file');

-- Lines and loaded rows per file. Counting the lines reads and splits the files again but does
-- not parse them.
CREATE OR REPLACE TEMP TABLE line_counts AS
SELECT l.file_id, l.total, coalesce(g.good, 0) AS good
FROM (SELECT file_id, count(*) AS total FROM lines GROUP BY file_id) l
LEFT JOIN (SELECT file_id, count(*) AS good FROM loaded GROUP BY file_id) g ON g.file_id = l.file_id;
