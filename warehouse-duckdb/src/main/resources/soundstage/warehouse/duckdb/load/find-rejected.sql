-- The lines that did not make it, with their reasons (run only when count-batch.sql found a file
-- whose rows are not its lines; view `lines` then holds only those files): only their missing
-- lines are parsed a second time. A line too long to parse keeps its first characters, as the
-- lines Java splits do (DuckDbLoader fills in the two numbers, LineReader's).
CREATE OR REPLACE TEMP TABLE rejected AS
SELECT c.file_id, c.line_no, c.reason, CASE WHEN strlen(c.raw) > ${max_line_bytes} THEN left(c.raw, ${kept_prefix}) ELSE c.raw END AS raw
FROM checked c
WHERE c.file_id IN (SELECT file_id FROM line_counts WHERE good <> total)
  AND (c.file_id, c.line_no) IN (
    SELECT file_id, line_no FROM lines WHERE file_id IN (SELECT file_id FROM line_counts WHERE good <> total)
    EXCEPT
    SELECT file_id, line_no FROM loaded WHERE file_id IN (SELECT file_id FROM line_counts WHERE good <> total)
);

-- What was found is what the registry says: a file's lines are its loaded rows and its rejected
-- lines, whatever the count made while hashing said.
UPDATE line_counts SET total = good + (SELECT count(*) FROM rejected r WHERE r.file_id = line_counts.file_id)
WHERE good <> total;
