-- Functions the SQL models use whose spelling differs between dialects. A writer creates them
-- when it opens a warehouse that does not hold this version of this file (meta.functions_version()
-- names the version it holds), so a warehouse always has the current definitions.

-- Text that was UTF-8, wrongly decoded as Latin-1 or Windows-1252 and stored again as UTF-8
-- ("BjÃ¶rk" for "Björk"). meta.mojibake_bytes turns the Windows-1252 characters back into the
-- Latin-1 code points of their bytes, so every character of such text stands for one byte;
-- meta.repair_mojibake decodes those bytes as UTF-8. Text that does not look like that, or does
-- not decode, is returned unchanged. The cheap tests come first: nearly all text is ASCII.
-- (Kept to translate and hex: a MAP literal here cost 200 µs per string.)
CREATE OR REPLACE MACRO meta.mojibake_bytes(s) AS
    translate(s, '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ', chr(128) || chr(130) || chr(131) || chr(132) || chr(133) || chr(134) || chr(135) || chr(136) || chr(137) || chr(138) || chr(139) || chr(140) || chr(142) || chr(145) || chr(146) || chr(147) || chr(148) || chr(149) || chr(150) || chr(151) || chr(152) || chr(153) || chr(154) || chr(155) || chr(156) || chr(158) || chr(159));

CREATE OR REPLACE MACRO meta.repair_mojibake(s) AS
    CASE
        WHEN s IS NULL OR strlen(s) = length(s) THEN s
        WHEN NOT regexp_matches(s, '[\x{C2}-\x{F4}][\x{80}-\x{BF}\x{152}\x{153}\x{160}\x{161}\x{178}\x{17D}\x{17E}\x{192}\x{2C6}\x{2DC}\x{2013}\x{2014}\x{2018}-\x{201A}\x{201C}-\x{201E}\x{2020}-\x{2022}\x{2026}\x{2030}\x{2039}\x{203A}\x{20AC}\x{2122}]')
            THEN s
        WHEN regexp_matches(meta.mojibake_bytes(s), '[^\x{00}-\x{FF}]') THEN s
        ELSE coalesce(try(decode(unhex(array_to_string(
                 list_transform(string_split(meta.mojibake_bytes(s), ''), c -> lpad(hex(unicode(c)), 2, '0')), '')))), s)
    END;

-- Text with surrounding white space removed; NULL when nothing is left (the source data's
-- many spellings of unknown). Only text that starts or ends with white space is trimmed: that
-- is rare, and trimming copies the text (prefix and suffix tests cost a third of a trim).
CREATE OR REPLACE MACRO meta.clean_text(s) AS
    CASE
        WHEN s = '' THEN NULL
        WHEN starts_with(s, ' ') OR ends_with(s, ' ') OR starts_with(s, chr(9)) OR ends_with(s, chr(9))
             OR starts_with(s, chr(10)) OR ends_with(s, chr(10)) OR starts_with(s, chr(13)) OR ends_with(s, chr(13))
            THEN nullif(trim(s, ' ' || chr(9) || chr(10) || chr(13)), '')
        ELSE s
    END;

-- A stable row id from lineage: file 3, line 17 is 3000000017. Readable, the same on every
-- rebuild, and unique as long as files have fewer than a billion lines.
CREATE OR REPLACE MACRO meta.lineage_id(file_id, line_no) AS CAST(file_id AS BIGINT) * 1000000000 + line_no;

-- Text made comparable for matching: trimmed, white space runs collapsed, lower case. White space
-- is ASCII's (space, tab, line feed, vertical tab, form feed, carriage return), named, as in
-- PostgreSQL's: a pattern's \s is RE2's here and the locale's there, and a play's "Line\nBreak"
-- was not collapsed at all (only two spaces or a tab set the replace off).
CREATE OR REPLACE MACRO meta.match_key(s) AS
    lower(CASE WHEN contains(s, '  ') OR regexp_matches(s, '[\t\n\v\f\r]') THEN trim(regexp_replace(s, '[ \t\n\v\f\r]+', ' ', 'g')) ELSE trim(s) END);

-- A user agent without the literal double quotes the event simulator wraps most of them in: only
-- text that both starts and ends with one loses them, one at each end ('abc"' and
-- 'Mozilla 5.0 "x"' are kept as they are).
CREATE OR REPLACE MACRO meta.unquote(s) AS
    CASE WHEN starts_with(s, '"') AND ends_with(s, '"') AND length(s) >= 2 THEN substr(s, 2, length(s) - 2) ELSE s END;

-- A 64-bit hash of an event's numbers, which copies of an event share: a superset of the events
-- that may be copies, found without cleaning any text (see staging.sparkify_events). Typed, so
-- that the new events' values and the staged ones hash alike.
CREATE OR REPLACE MACRO meta.event_numbers_hash(ts, user_id, status, session_id, item_in_session, length, registration) AS
    hash(CAST(ts AS BIGINT), CAST(user_id AS INTEGER), CAST(status AS INTEGER), CAST(session_id AS INTEGER),
         CAST(item_in_session AS INTEGER), CAST(length AS DOUBLE), CAST(registration AS BIGINT));

-- Epoch milliseconds as a UTC timestamp.
CREATE OR REPLACE MACRO meta.epoch_ms(ms) AS make_timestamp(ms * 1000);

-- The text of key `key`'s value as line `line` writes it, when that value is a JSON number with a
-- point or an exponent: DuckDB's map of the line gives such a number as the double it reads
-- ('1541030707132.0' for 1541030707132.0001), which may have lost a fraction. `value` is the
-- map's text; it is returned as it is when it is plain digits (nearly always, on one GLOB) or the
-- line writes no number there. The number is found with a pattern on the line and must read as
-- the same double, so that the same key in a nested object is not taken for it.
CREATE OR REPLACE MACRO meta.number_as_written(value, line, key) AS
    CASE
        WHEN value GLOB '*[!0-9]*' THEN
            CASE
                WHEN try_cast(regexp_extract(line, '[{,][ \t\n\r]*"' || key || '"[ \t\n\r]*:[ \t\n\r]*(-?[0-9][-+0-9.eE]*)', 1) AS DOUBLE) = try_cast(value AS DOUBLE)
                    THEN regexp_extract(line, '[{,][ \t\n\r]*"' || key || '"[ \t\n\r]*:[ \t\n\r]*(-?[0-9][-+0-9.eE]*)', 1)
                ELSE value
            END
        ELSE value
    END;

-- True when text that reads as a number has a fractional part ('1541030428.305', '12.5',
-- '1541030707132.0001'): the loader refuses it where an integer is expected, instead of letting the
-- cast round it. Decided on the digits, not on a double (which rounds away a fraction below its
-- precision), as LineRules does for PostgreSQL: the digits of the integer and fractional parts
-- without their trailing zeros must fit before the point the exponent moves ('1.5e1' is 15,
-- '150e-1' is 15). Only text with a point or an exponent is looked at.
CREATE OR REPLACE MACRO meta.has_fraction(s) AS
    CASE
        WHEN contains(s, '.') OR contains(s, 'e') OR contains(s, 'E') THEN
            length(rtrim(regexp_extract(s, '^[ \t\n\v\f\r]*[-+]?([0-9]*)\.?([0-9]*)', 1) || regexp_extract(s, '^[ \t\n\v\f\r]*[-+]?([0-9]*)\.?([0-9]*)', 2), '0'))
                > length(regexp_extract(s, '^[ \t\n\v\f\r]*[-+]?([0-9]*)', 1)) + coalesce(try_cast(regexp_extract(s, '[eE]([-+]?[0-9]+)', 1) AS INTEGER), 0)
        ELSE false
    END;

-- True when text is an integer as the loader means it, given that DuckDB's cast reads it as one:
-- decimal digits, optionally signed, with a decimal point or an exponent of up to three digits
-- only when there is no fraction ('12', ' 12 ', '+12', '12.0', '1.2e1'), as LineRules reads them
-- for PostgreSQL. The cast also reads hexadecimal ('0x10'), binary ('0b11') and digit separators
-- ('1_1'), which would load as other numbers. `value` is the map's text of key `key` of `line`
-- (see meta.number_as_written). Plain digits, nearly every value, pass on one GLOB.
CREATE OR REPLACE MACRO meta.is_integer(value, line, key) AS
    CASE
        WHEN value GLOB '*[!0-9]*' THEN
            regexp_full_match(meta.number_as_written(value, line, key), '[ \t\n\v\f\r]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?[ \t\n\v\f\r]*')
                AND NOT meta.has_fraction(meta.number_as_written(value, line, key))
        ELSE true
    END;

-- The start of the reason of a value that is not an integer of its column: `out_of_range` when it
-- has an integer's form (so the cast failed on its size: 99999999999 for an INTEGER column),
-- `not_integer` otherwise. LineRules words it the same for PostgreSQL.
CREATE OR REPLACE MACRO meta.integer_reason(value, line, key, not_integer, out_of_range) AS
    CASE WHEN meta.is_integer(value, line, key) AND regexp_matches(value, '[0-9]') THEN out_of_range ELSE not_integer END;

-- True when text that DuckDB's cast reads as a double is one as the loader means it: the cast
-- also reads digit separators ('1_000.5'), which LineRules refuses for PostgreSQL.
CREATE OR REPLACE MACRO meta.is_double(s) AS NOT contains(s, '_');

-- 'an object' or 'an array' when key `key` of JSON object `line` is one, else NULL: where text
-- belongs, the loader refuses it rather than store its JSON as the text. The loader's map gives
-- such a value (`value`) as its JSON text, so meta.may_be_structure, a cheap test, finds the few
-- values (a string may start so too) that are then looked up in the line.
CREATE OR REPLACE MACRO meta.may_be_structure(value) AS starts_with(value, '{') OR starts_with(value, '[');

CREATE OR REPLACE MACRO meta.structure(value, line, key) AS
    CASE
        WHEN meta.may_be_structure(value) THEN
            CASE json_type(line, '$."' || key || '"') WHEN 'OBJECT' THEN 'an object' WHEN 'ARRAY' THEN 'an array' END
    END;

-- The first key of a list that repeats an earlier one (in the order of the repeat), or NULL: a
-- line whose object gives a key twice is refused, since its value is ambiguous.
CREATE OR REPLACE MACRO meta.repeated_key(keys) AS
    keys[list_filter(range(1, len(keys) + 1), lambda i: list_position(keys, keys[i]) < i)[1]];

-- Text the loader has checked to be an integer, as an integer.
CREATE OR REPLACE MACRO meta.to_integer(s) AS CAST(s AS INTEGER);

-- A 60-bit id from text: the first 15 hex digits of its MD5, the same number in every dialect.
CREATE OR REPLACE MACRO meta.id_of(s) AS CAST(('0x' || substr(md5(s), 1, 15)) AS BIGINT);

-- A timestamp as epoch microseconds.
CREATE OR REPLACE MACRO meta.epoch_us(t) AS epoch_us(t);

-- A timestamp minus a number of milliseconds.
CREATE OR REPLACE MACRO meta.minus_ms(t, ms) AS t - to_milliseconds(ms);

-- Milliseconds as hours, rounded to two decimals: the dashboards' unit of time listened. (Half
-- up by floor: round's ties differ between dialects, and these operations are IEEE in both.)
CREATE OR REPLACE MACRO meta.hours(ms) AS floor(CAST(ms AS DOUBLE) / 36000 + 0.5) / 100;

-- part / whole rounded to three decimals (a rate or share); NULL when whole is 0.
CREATE OR REPLACE MACRO meta.share(part, whole) AS floor(CAST(part AS DOUBLE) * 1000 / nullif(CAST(whole AS DOUBLE), 0) + 0.5) / 1000;

-- The platform a play's device names (Spotify's platform, or Sparkify's user agent): the
-- operating system (Android, iOS, Windows, macOS, Linux), Speaker or TV (Spotify's partner devices
-- and casts), Other, or Unknown when there is none. Classify once per distinct device, not per play.
CREATE OR REPLACE MACRO meta.platform(device) AS
    CASE
        WHEN lower(device) IS NULL THEN 'Unknown'
        WHEN lower(device) LIKE 'partner%' OR lower(device) LIKE '%cast%' THEN 'Speaker or TV'
        WHEN lower(device) LIKE '%android%' THEN 'Android'
        WHEN lower(device) LIKE 'ios%' OR lower(device) LIKE '%iphone%' OR lower(device) LIKE '%ipad%' THEN 'iOS'
        WHEN lower(device) LIKE '%windows%' THEN 'Windows'
        WHEN lower(device) LIKE 'os x%' OR lower(device) LIKE 'osx%' OR lower(device) LIKE '% osx%' OR lower(device) LIKE '%macos%' OR lower(device) LIKE '%macintosh%' THEN 'macOS'
        WHEN lower(device) LIKE '%linux%' THEN 'Linux'
        ELSE 'Other'
    END;

-- The first day of the span of `span` days that holds `day`: spans are aligned on 1970-01-01, so
-- every day is in exactly one span of each length (the dashboard's 8-, 64- and 512-day roll-ups).
CREATE OR REPLACE MACRO meta.span_start(day, span) AS
    day - CAST((((day - DATE '1970-01-01') % span) + span) % span AS INTEGER);

-- A song as the plays name it (title and artist) as a 60-bit number (meta.id_of), so that the
-- dashboard groups numbers, not text. Two names with one key are as unlikely as an MD5 collision
-- of their first 60 bits (about 1 in 10^8 for a million names).
CREATE OR REPLACE MACRO meta.song_key(title, artist) AS meta.id_of(title || chr(31) || coalesce(artist, chr(30)));

-- Listeners as bitmaps (dashboard.listener_bits): user ids in chunks of 256 consecutive ids, and
-- for each chunk a BIT string of 256 with a 1 at each listener's place (meta.user_place, 0 for the
-- chunk's lowest id). The OR of two bitmaps of a chunk has a 1 for each listener of either, so the
-- listeners of many days are the 1s of their bitmaps OR'ed chunk by chunk: no distinct count over
-- every listener of every day. Negative ids (Spotify's) floor to their chunk like the others.
CREATE OR REPLACE MACRO meta.user_place(user_id) AS CAST(((user_id % 256) + 256) % 256 AS INTEGER);
CREATE OR REPLACE MACRO meta.user_chunk(user_id) AS CAST((user_id - meta.user_place(user_id)) // 256 AS BIGINT);
CREATE OR REPLACE MACRO meta.one_user(user_id) AS set_bit(bitstring('0', 256), meta.user_place(user_id), 1);
