-- The lines of the batch's UTF-8 files (their paths in variable batch_paths, their ids at the
-- same places in variable batch_ids), read where they are: DuckDB reads each file, splits it at
-- line feeds and numbers the lines from 1, streaming into whatever reads the view (a table in
-- between cost more than all the parsing). CRLF line endings become LF and a byte order mark is
-- dropped; blank lines are skipped but keep their numbers. Kept to cheap operations, as this view
-- touches every byte: a file's id is looked up in the lists (a join per line on the path cost
-- more than parsing the JSON, and a join per file with batch_files still cost 20% of the load of
-- 1M lines), and a line that starts with '{' is known not to be blank.
CREATE OR REPLACE TEMP VIEW text_lines AS
SELECT file_id, line_no, raw
FROM (
    SELECT file_id, generate_subscripts(lines, 1) AS line_no, unnest(lines) AS raw
    FROM (
        SELECT getvariable('batch_ids')[list_position(getvariable('batch_paths'), filename)] AS file_id,
               string_split(CASE WHEN contains(text, chr(13)) THEN replace(text, chr(13) || chr(10), chr(10)) ELSE text END, chr(10)) AS lines
        FROM (
            SELECT filename,
                   CASE WHEN starts_with(content, chr(65279)) THEN substr(content, 2) ELSE content END AS text
            FROM read_text(getvariable('batch_paths'))   -- each path once: a path given twice is a duplicate the second time
        ) f
    )
)
WHERE starts_with(raw, '{') OR (raw <> '' AND trim(raw, chr(32) || chr(9) || chr(13)) <> '');
