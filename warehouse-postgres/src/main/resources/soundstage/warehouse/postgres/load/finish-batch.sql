-- After a kind's load script (which filled batch_counts: good and total lines per file):
-- quarantine empty files and register the batch's files (temp table batch_files), all in the
-- batch's transaction. The same outcome as the DuckDB loader's finish-batch.sql.

-- A file with no line at all is quarantined as a whole (line 0).
INSERT INTO meta.quarantine
SELECT b.file_id, b.path, 0, 'file is empty: it holds no JSON line', NULL, CURRENT_TIMESTAMP
FROM batch_files b
WHERE b.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM batch_counts n WHERE n.file_id = b.file_id);

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
       CURRENT_TIMESTAMP,
       NULL
FROM batch_files b
LEFT JOIN batch_counts n ON n.file_id = b.file_id;
