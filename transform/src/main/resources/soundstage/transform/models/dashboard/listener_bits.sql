-- The listeners of each day and of each span of 8, 64 and 512 days (span_days 1, 8, 64 or 512;
-- first_day the span's first day, spans aligned on 1970-01-01 by meta.span_start), per source, as
-- bitmaps: for each chunk of 256 user ids (meta.user_chunk) that has a listener there, users is a
-- BIT string with a 1 at the place of each (meta.one_user), and plays, ms_played and sessions are
-- the sums of those listeners' listener_days rows (so a session counts once per day, as there). The web dashboard's overview of a date range reads a few whole spans plus at most 7 days
-- or spans of each length at each end (see Spans in the serve module), ORs their bitmaps chunk by
-- chunk and counts the 1s: its listeners, with no distinct count over every listener of every day
-- of the range (3-4 ms for a third of 10M events' days; the OR reads a few hundred rows).
-- depends: dashboard.listener_days, dashboard.file_days
-- index: span_days, first_day
DROP TABLE IF EXISTS dashboard.listener_bits;
CREATE TABLE dashboard.listener_bits AS
SELECT 1 AS span_days, day AS first_day, source, meta.user_chunk(user_id) AS chunk, bit_or(meta.one_user(user_id)) AS users,
       CAST(sum(plays) AS BIGINT) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played, CAST(sum(sessions) AS BIGINT) AS sessions
FROM dashboard.listener_days
GROUP BY day, source, meta.user_chunk(user_id)
ORDER BY first_day, source, chunk;

INSERT INTO dashboard.listener_bits
SELECT 8, meta.span_start(first_day, 8), source, chunk, bit_or(users), CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_bits WHERE span_days = 1
GROUP BY meta.span_start(first_day, 8), source, chunk
ORDER BY 2, 3, 4;

INSERT INTO dashboard.listener_bits
SELECT 64, meta.span_start(first_day, 64), source, chunk, bit_or(users), CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_bits WHERE span_days = 8
GROUP BY meta.span_start(first_day, 64), source, chunk
ORDER BY 2, 3, 4;

INSERT INTO dashboard.listener_bits
SELECT 512, meta.span_start(first_day, 512), source, chunk, bit_or(users), CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_bits WHERE span_days = 64
GROUP BY meta.span_start(first_day, 512), source, chunk
ORDER BY 2, 3, 4;

-- incremental: the days listener_days counted again (the days of the new files in file_days) and
-- the spans that hold them are made again, each length from the one below.
CREATE TEMP TABLE changed_spans AS
SELECT DISTINCT s.span_days, meta.span_start(c.day, s.span_days) AS first_day
FROM (SELECT DISTINCT day FROM dashboard.file_days WHERE file_id > :low_file_id AND file_id <= :high_file_id) AS c
CROSS JOIN (SELECT 1 AS span_days UNION ALL SELECT 8 UNION ALL SELECT 64 UNION ALL SELECT 512) AS s;

DELETE FROM dashboard.listener_bits
WHERE EXISTS (SELECT 1 FROM changed_spans c WHERE c.span_days = listener_bits.span_days AND c.first_day = listener_bits.first_day);

INSERT INTO dashboard.listener_bits
SELECT 1, day, source, meta.user_chunk(user_id), bit_or(meta.one_user(user_id)), CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_days
WHERE day IN (SELECT first_day FROM changed_spans WHERE span_days = 1)
  AND day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 1)
  AND day <= (SELECT max(first_day) FROM changed_spans WHERE span_days = 1)
GROUP BY day, source, meta.user_chunk(user_id);

INSERT INTO dashboard.listener_bits
SELECT 8, meta.span_start(first_day, 8), source, chunk, bit_or(users), CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_bits
WHERE span_days = 1 AND meta.span_start(first_day, 8) IN (SELECT first_day FROM changed_spans WHERE span_days = 8)
  AND first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 8)
  AND first_day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 8) + 8
GROUP BY meta.span_start(first_day, 8), source, chunk;

INSERT INTO dashboard.listener_bits
SELECT 64, meta.span_start(first_day, 64), source, chunk, bit_or(users), CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_bits
WHERE span_days = 8 AND meta.span_start(first_day, 64) IN (SELECT first_day FROM changed_spans WHERE span_days = 64)
  AND first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 64)
  AND first_day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 64) + 64
GROUP BY meta.span_start(first_day, 64), source, chunk;

INSERT INTO dashboard.listener_bits
SELECT 512, meta.span_start(first_day, 512), source, chunk, bit_or(users), CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_bits
WHERE span_days = 64 AND meta.span_start(first_day, 512) IN (SELECT first_day FROM changed_spans WHERE span_days = 512)
  AND first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 512)
  AND first_day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 512) + 512
GROUP BY meta.span_start(first_day, 512), source, chunk;

DROP TABLE changed_spans;
