-- After a kind's load script (which filled the source table named in variable source_table
-- from view `checked`): quarantine the lines that did not make it and register the batch's
-- files (temp table batch_files), all in the batch's transaction.

-- The batch's rows in the source table (file ids only grow, so the newest rows).
CREATE OR REPLACE TEMP VIEW loaded AS
SELECT file_id, line_no FROM query_table(getvariable('source_table')) WHERE file_id >= getvariable('batch_first_file');

-- The lines that did not make it, with their reasons. Found by line number first, so only
-- these few lines are parsed a second time.
CREATE OR REPLACE TEMP TABLE rejected AS
SELECT c.file_id, c.line_no, c.reason, c.raw
FROM checked c
WHERE (c.file_id, c.line_no) IN (
    SELECT file_id, line_no FROM lines
    EXCEPT
    SELECT file_id, line_no FROM loaded
);
INSERT INTO meta.quarantine
SELECT r.file_id, b.path, r.line_no, r.reason, r.raw, now()
FROM rejected r
JOIN batch_files b ON b.file_id = r.file_id;

-- A file with no line at all is quarantined as a whole (line 0).
INSERT INTO meta.quarantine
SELECT b.file_id, b.path, 0, 'file is empty: it holds no JSON line', NULL, now()
FROM batch_files b
WHERE b.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM lines l WHERE l.file_id = b.file_id);

INSERT INTO meta.files
SELECT b.file_id, b.kind, b.path, b.name, b.size, b.sha256,
       CASE
           WHEN b.duplicate_of IS NOT NULL THEN 'duplicate'
           WHEN coalesce(n.total, 0) = 0 THEN 'empty'
           WHEN n.good = 0 THEN 'rejected'
           ELSE 'loaded'
       END,
       b.duplicate_of,
       coalesce(n.good, 0),
       CASE WHEN b.duplicate_of IS NULL AND coalesce(n.total, 0) = 0 THEN 1 ELSE coalesce(n.total - n.good, 0) END,
       now(),
       NULL
FROM batch_files b
LEFT JOIN (
    SELECT file_id, count(*) AS total, count(*) FILTER (WHERE NOT bad) AS good
    FROM (SELECT file_id, false AS bad FROM loaded UNION ALL SELECT file_id, true FROM rejected)
    GROUP BY file_id
) n ON n.file_id = b.file_id;
