-- The PostgreSQL spelling of the functions the SQL models use (the DuckDB module's functions.sql
-- says what each one means; the two must give the same results, which the conformance suite
-- checks). A writer creates them when it opens a database that does not hold this version of
-- this file (meta.functions_version() names the version it holds), so a warehouse always has the
-- current definitions. The SQL functions are IMMUTABLE one-expression functions, which
-- PostgreSQL inlines into the query.

CREATE OR REPLACE FUNCTION meta.mojibake_bytes(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(s, '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ', chr(128) || chr(130) || chr(131) || chr(132) || chr(133) || chr(134) || chr(135) || chr(136) || chr(137) || chr(138) || chr(139) || chr(140) || chr(142) || chr(145) || chr(146) || chr(147) || chr(148) || chr(149) || chr(150) || chr(151) || chr(152) || chr(153) || chr(154) || chr(155) || chr(156) || chr(158) || chr(159))
$$;

-- The bytes of text whose every character is one byte (see mojibake_bytes), decoded as UTF-8;
-- NULL when they are not UTF-8. Only called for the rare text that looks double-decoded. The
-- pattern is UTF-8's well-formed byte sequences (RFC 3629; what convert_from accepts), each byte
-- written as the character of its code: testing first instead of catching convert_from's error
-- keeps the function free of a subtransaction, which PostgreSQL cannot start inside a parallel
-- query ("cannot start subtransactions during a parallel operation").
CREATE OR REPLACE FUNCTION meta.decode_latin1_bytes(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN s ~ ('^(?:[\u0001-\u007F]|[\u00C2-\u00DF][\u0080-\u00BF]|\u00E0[\u00A0-\u00BF][\u0080-\u00BF]'
                          '|[\u00E1-\u00EC\u00EE\u00EF][\u0080-\u00BF]{2}|\u00ED[\u0080-\u009F][\u0080-\u00BF]'
                          '|\u00F0[\u0090-\u00BF][\u0080-\u00BF]{2}|[\u00F1-\u00F3][\u0080-\u00BF]{3}|\u00F4[\u0080-\u008F][\u0080-\u00BF]{2})*$')
        THEN convert_from(convert_to(s, 'LATIN1'), 'UTF8')
    END
$$;

CREATE OR REPLACE FUNCTION meta.repair_mojibake(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN s IS NULL OR octet_length(s) = char_length(s) THEN s
        WHEN s !~ '[\u00C2-\u00F4][\u0080-\u00BF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\u2013\u2014\u2018-\u201A\u201C-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]'
            THEN s
        WHEN meta.mojibake_bytes(s) ~ '[^\u0001-\u00FF]' THEN s
        ELSE coalesce(meta.decode_latin1_bytes(meta.mojibake_bytes(s)), s)
    END
$$;

-- One btrim is cheaper here than DuckDB's prefix and suffix tests (each left() or right()
-- allocates), and gives the same result.
CREATE OR REPLACE FUNCTION meta.clean_text(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT nullif(btrim(s, E' \t\n\r'), '')
$$;

CREATE OR REPLACE FUNCTION meta.lineage_id(file_id integer, line_no bigint) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CAST(file_id AS bigint) * 1000000000 + line_no
$$;

CREATE OR REPLACE FUNCTION meta.match_key(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT lower(CASE WHEN strpos(s, '  ') > 0 OR s ~ '[\t\n\v\f\r]' THEN btrim(regexp_replace(s, '[ \t\n\v\f\r]+', ' ', 'g')) ELSE btrim(s) END)
$$;

-- A user agent without the literal double quotes wrapped around it: only text that both starts
-- and ends with one loses them, one at each end, as in DuckDB. (LIKE '"%"' needs two characters
-- and tests bytes; length(), left() and right() each count the characters of the whole text:
-- 0.82 s against 0.55 s for 1M user agents.)
CREATE OR REPLACE FUNCTION meta.unquote(s text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN s LIKE '"%"' THEN substr(s, 2, length(s) - 2) ELSE s END
$$;

-- DuckDB's TRY_CAST from text to integer (as LineRules.typed in the loader): surrounding spaces
-- are allowed, a decimal or exponent rounds to the nearest integer, out of range is NULL.
-- (DuckDB also reads hexadecimal and digit separators; real event data has neither.)
CREATE OR REPLACE FUNCTION meta.try_numeric(s text) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN s ~ '^\s*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]{1,3})?\s*$' THEN CAST(btrim(s) AS numeric) END
$$;

CREATE OR REPLACE FUNCTION meta.try_integer(s text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN round(n) BETWEEN -2147483648 AND 2147483647 THEN CAST(round(n) AS integer) END
    FROM (SELECT meta.try_numeric(s) AS n) AS parsed
$$;

-- A 64-bit hash of an event's numbers, which copies of an event share: a superset of the events
-- that may be copies, found without cleaning any text (see staging.sparkify_events). Each field's
-- own hash, with a seed of its position, combined by XOR; a NULL field counts as its seed. Built
-- from immutable functions only, so PostgreSQL inlines it (hashing the text of ROW(...) calls
-- record_out, which is only STABLE, and an IMMUTABLE function with such a body is not inlined:
-- 7.3 s against 0.8 s for 1M events).
CREATE OR REPLACE FUNCTION meta.event_numbers_hash(ts bigint, user_id integer, status integer, session_id integer,
                                                   item_in_session integer, length double precision, registration bigint)
    RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(hashint8extended(ts, 1), 1) # coalesce(hashint4extended(user_id, 2), 2)
         # coalesce(hashint4extended(status, 10), 10) # coalesce(hashint4extended(session_id, 11), 11)
         # coalesce(hashint4extended(item_in_session, 12), 12) # coalesce(hashfloat8extended(length, 15), 15)
         # coalesce(hashint8extended(registration, 18), 18)
$$;

-- Epoch milliseconds as a timestamp, exactly: an interval times a number is computed in double
-- precision, exact only below 2^53 microseconds (the year 2255), so whole seconds and the
-- milliseconds left are multiplied apart (each product stays exact up to the year 9999).
CREATE OR REPLACE FUNCTION meta.epoch_ms(ms bigint) RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT TIMESTAMP '1970-01-01 00:00:00' + (ms / 1000) * INTERVAL '1 second' + (ms % 1000) * INTERVAL '1 millisecond'
$$;

-- Text the loader has checked to be an integer (as DuckDB reads integers: '26.0' too), as an integer.
CREATE OR REPLACE FUNCTION meta.to_integer(s text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN s ~ '^-?[0-9]{1,9}$' THEN CAST(s AS integer) ELSE meta.try_integer(s) END
$$;

-- A 60-bit id from text: the first 15 hex digits of its MD5, the same number in every dialect.
CREATE OR REPLACE FUNCTION meta.id_of(s text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ('x' || substr(md5(s), 1, 15))::bit(60)::bigint
$$;

-- A timestamp as epoch microseconds.
CREATE OR REPLACE FUNCTION meta.epoch_us(t timestamp) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (extract(epoch FROM t) * 1000000)::bigint
$$;

-- A timestamp minus a number of milliseconds.
CREATE OR REPLACE FUNCTION meta.minus_ms(t timestamp, ms bigint) RETURNS timestamp LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT t - ms * interval '1 millisecond'
$$;

-- Milliseconds as hours, rounded to two decimals.
CREATE OR REPLACE FUNCTION meta.hours(ms numeric) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT floor(CAST(ms AS double precision) / 36000 + 0.5) / 100
$$;

-- part / whole rounded to three decimals; NULL when whole is 0.
CREATE OR REPLACE FUNCTION meta.share(part numeric, whole numeric) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT floor(CAST(part AS double precision) * 1000 / nullif(CAST(whole AS double precision), 0) + 0.5) / 1000
$$;

-- The platform a play's device names (Spotify's platform, or Sparkify's user agent): the
-- operating system (Android, iOS, Windows, macOS, Linux), Speaker or TV (Spotify's partner devices
-- and casts), Other, or Unknown when there is none. Classify once per distinct device, not per play.
CREATE OR REPLACE FUNCTION meta.platform(device text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
            WHEN lower(device) IS NULL THEN 'Unknown'
            WHEN lower(device) LIKE 'partner%' OR lower(device) LIKE '%cast%' THEN 'Speaker or TV'
            WHEN lower(device) LIKE '%android%' THEN 'Android'
            WHEN lower(device) LIKE 'ios%' OR lower(device) LIKE '%iphone%' OR lower(device) LIKE '%ipad%' THEN 'iOS'
            WHEN lower(device) LIKE '%windows%' THEN 'Windows'
            WHEN lower(device) LIKE 'os x%' OR lower(device) LIKE 'osx%' OR lower(device) LIKE '% osx%' OR lower(device) LIKE '%macos%' OR lower(device) LIKE '%macintosh%' THEN 'macOS'
            WHEN lower(device) LIKE '%linux%' THEN 'Linux'
            ELSE 'Other'
        END
$$;

-- The first day of the span of `span` days that holds `day`, spans aligned on 1970-01-01.
CREATE OR REPLACE FUNCTION meta.span_start(day date, span integer) RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT day - ((((day - DATE '1970-01-01') % span) + span) % span)
$$;

-- A song as the plays name it (title and artist) as a 60-bit number.
CREATE OR REPLACE FUNCTION meta.song_key(title text, artist text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT meta.id_of(title || chr(31) || coalesce(artist, chr(30)))
$$;

-- Listeners as bitmaps: the chunk of 256 consecutive user ids, the place of user_id in it, and a
-- bit(256) with a 1 at that place.
CREATE OR REPLACE FUNCTION meta.user_place(user_id bigint) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CAST(((user_id % 256) + 256) % 256 AS integer)
$$;

CREATE OR REPLACE FUNCTION meta.user_chunk(user_id bigint) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (user_id - meta.user_place(user_id)) / 256
$$;

CREATE OR REPLACE FUNCTION meta.one_user(user_id bigint) RETURNS bit(256) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT set_bit(B'0'::bit(256), meta.user_place(user_id), 1)
$$;
