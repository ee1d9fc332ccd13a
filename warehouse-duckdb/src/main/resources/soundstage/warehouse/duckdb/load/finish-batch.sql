-- After count-batch.sql and the rejected lines (temp table rejected): quarantine the lines that
-- did not make it and register the batch's files (temp table batch_files), all in the batch's
-- transaction.
INSERT INTO meta.quarantine
SELECT r.file_id, b.path, r.line_no, r.reason, r.raw, now()
FROM rejected r
JOIN batch_files b ON b.file_id = r.file_id;

-- A file with no line at all is quarantined as a whole (line 0).
INSERT INTO meta.quarantine
SELECT b.file_id, b.path, 0, 'file is empty: it holds no JSON line', NULL, now()
FROM batch_files b
WHERE b.duplicate_of IS NULL AND NOT EXISTS (SELECT 1 FROM line_counts n WHERE n.file_id = b.file_id AND n.total > 0);

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
LEFT JOIN line_counts n ON n.file_id = b.file_id;
