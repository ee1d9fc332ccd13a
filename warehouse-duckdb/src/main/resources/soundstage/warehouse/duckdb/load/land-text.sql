-- The lines of the batch's UTF-8 files (their paths in variable batch_paths), read where they
-- are: DuckDB reads each file, splits it at line feeds and numbers the lines from 1, streaming
-- into whatever reads the view (a table in between cost more than all the parsing). CRLF line
-- endings become LF and a byte order mark is dropped; blank lines are skipped but keep their
-- numbers. Kept to cheap operations, as this view touches every byte: files are matched to their
-- ids before they are split (a join per line on the path cost more than parsing the JSON), and
-- a line that starts with '{' is known not to be blank.
-- The two places marked with a dollar sign are how a file finds its id; DuckDbLoader fills them: for a few
-- files, looked up in variable batch_ids (at the places of their paths in batch_paths), as a join
-- with batch_files cost 20% of loading 25 files of 19 MB; for many (5,000 song files), that join,
-- as looking up each path in a list of 5,000 cost more than loading them.
CREATE OR REPLACE TEMP VIEW text_lines AS
SELECT file_id, line_no, raw
FROM (
    SELECT file_id, generate_subscripts(lines, 1) AS line_no, unnest(lines) AS raw
    FROM (
        SELECT ${file_id} AS file_id,
               string_split(CASE WHEN contains(text, chr(13)) THEN replace(text, chr(13) || chr(10), chr(10)) ELSE text END, chr(10)) AS lines
        FROM (
            SELECT filename,
                   CASE WHEN starts_with(content, chr(65279)) THEN substr(content, 2) ELSE content END AS text
            FROM read_text(getvariable('batch_paths'))   -- each path once: a path given twice is a duplicate the second time
        ) f
        ${join}
    )
)
WHERE starts_with(raw, '{') OR (raw <> '' AND trim(raw, chr(32) || chr(9) || chr(13)) <> '');
