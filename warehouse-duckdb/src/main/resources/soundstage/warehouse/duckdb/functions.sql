-- Functions the SQL models use whose spelling differs between dialects. Created on every open,
-- so a warehouse always has the current definitions.

-- Text that was UTF-8, wrongly decoded as Latin-1 or Windows-1252 and stored again as UTF-8
-- ("BjÃ¶rk" for "Björk"). Maps each character back to the byte it came from and decodes the
-- bytes as UTF-8; text that does not look like that, or does not decode, is returned unchanged.
CREATE OR REPLACE MACRO meta.mojibake_codes(s) AS
    list_transform(string_split(s, ''), c -> coalesce(
        MAP {'€': 128, '‚': 130, 'ƒ': 131, '„': 132, '…': 133, '†': 134, '‡': 135, 'ˆ': 136, '‰': 137,
             'Š': 138, '‹': 139, 'Œ': 140, 'Ž': 142, '‘': 145, '’': 146, '“': 147, '”': 148, '•': 149,
             '–': 150, '—': 151, '˜': 152, '™': 153, 'š': 154, '›': 155, 'œ': 156, 'ž': 158, 'Ÿ': 159}[c],
        unicode(c)));

CREATE OR REPLACE MACRO meta.repair_mojibake(s) AS
    CASE
        -- Cheap test first: pure ASCII text (nearly all of it) cannot be mojibake.
        WHEN s IS NULL OR strlen(s) = length(s) THEN s
        WHEN NOT regexp_matches(s, '[\x{C2}-\x{F4}][\x{80}-\x{BF}\x{152}\x{153}\x{160}\x{161}\x{178}\x{17D}\x{17E}\x{192}\x{2C6}\x{2DC}\x{2013}\x{2014}\x{2018}-\x{201A}\x{201C}-\x{201E}\x{2020}-\x{2022}\x{2026}\x{2030}\x{2039}\x{203A}\x{20AC}\x{2122}]')
            THEN s
        WHEN list_bool_or(list_transform(meta.mojibake_codes(s), x -> x > 255))
            THEN s
        ELSE coalesce(try(decode(unhex(array_to_string(list_transform(meta.mojibake_codes(s), x -> printf('%02X', x)), '')))), s)
    END;

-- Text with surrounding white space removed; NULL when nothing is left (the source data's
-- many spellings of unknown). Only text that starts or ends with white space is trimmed: that
-- is rare, and trimming copies the text.
CREATE OR REPLACE MACRO meta.clean_text(s) AS
    CASE
        WHEN s = '' THEN NULL
        WHEN ascii(s) IN (32, 9, 10, 13) OR ascii(right(s, 1)) IN (32, 9, 10, 13) THEN nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13)), '')
        ELSE s
    END;

-- A stable row id from lineage: file 3, line 17 is 3000000017. Readable, the same on every
-- rebuild, and unique as long as files have fewer than a billion lines.
CREATE OR REPLACE MACRO meta.lineage_id(file_id, line_no) AS CAST(file_id AS BIGINT) * 1000000000 + line_no;

-- Text made comparable for matching: trimmed, white space runs collapsed, lower case.
CREATE OR REPLACE MACRO meta.match_key(s) AS
    lower(CASE WHEN contains(s, '  ') OR contains(s, chr(9)) THEN regexp_replace(trim(s), '\s+', ' ', 'g') ELSE trim(s) END);
