-- Lands the lines of the batch's UTF-8 files (their paths in variable batch_paths) in one
-- parallel scan: DuckDB reads each file, splits it at line feeds and numbers the lines from 1.
-- CRLF line endings become LF and a byte order mark is dropped; blank lines are skipped but
-- keep their numbers. (Kept to cheap operations: this statement touches every byte.)
INSERT INTO landing_text
SELECT filename, line_no, raw
FROM (
    SELECT filename, generate_subscripts(lines, 1) AS line_no, unnest(lines) AS raw
    FROM (
        SELECT filename,
               string_split(CASE WHEN contains(text, chr(13)) THEN replace(text, chr(13) || chr(10), chr(10)) ELSE text END, chr(10)) AS lines
        FROM (
            SELECT filename,
                   CASE WHEN starts_with(content, chr(65279)) THEN substr(content, 2) ELSE content END AS text
            FROM read_text(getvariable('batch_paths'))
        )
    )
)
WHERE raw <> '' AND (ascii(raw) NOT IN (32, 9, 13) OR trim(raw, chr(32) || chr(9) || chr(13)) <> '');
