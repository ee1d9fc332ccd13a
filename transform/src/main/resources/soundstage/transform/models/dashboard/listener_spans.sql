-- listener_days rolled up over spans of 8, 64 and 512 days (span_days; first_day is the span's
-- first day, spans aligned on 1970-01-01 by meta.span_start), per source and listener (user_id):
-- plays, ms_played and sessions, the sums of the span's listener_days rows (so a session counts
-- once per day and level, as there). Any date range is a few whole spans plus at most 7 days at
-- each end of each span length: the dashboard's overview of a long range counts its listeners
-- over far fewer rows than its days hold (see Endpoints in the serve module).
-- depends: dashboard.listener_days, dashboard.file_days
-- index: span_days, first_day
DROP TABLE IF EXISTS dashboard.listener_spans;
CREATE TABLE dashboard.listener_spans AS
SELECT 8 AS span_days, meta.span_start(day, 8) AS first_day, source, user_id,
       CAST(sum(plays) AS BIGINT) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played, CAST(sum(sessions) AS BIGINT) AS sessions
FROM dashboard.listener_days
GROUP BY meta.span_start(day, 8), source, user_id
ORDER BY first_day, source, user_id;

INSERT INTO dashboard.listener_spans
SELECT 64, meta.span_start(first_day, 64), source, user_id, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_spans WHERE span_days = 8
GROUP BY meta.span_start(first_day, 64), source, user_id
ORDER BY 2, 3, 4;

INSERT INTO dashboard.listener_spans
SELECT 512, meta.span_start(first_day, 512), source, user_id, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_spans WHERE span_days = 64
GROUP BY meta.span_start(first_day, 512), source, user_id
ORDER BY 2, 3, 4;

-- incremental: the spans that hold a day listener_days counted again (the days of the new files in
-- file_days) are summed again, each length from the one below.
DROP TABLE IF EXISTS changed_spans;
CREATE TEMP TABLE changed_spans AS
SELECT DISTINCT s.span_days, meta.span_start(c.day, s.span_days) AS first_day
FROM (SELECT DISTINCT day FROM dashboard.file_days WHERE file_id > :low_file_id AND file_id <= :high_file_id) AS c
CROSS JOIN (SELECT 8 AS span_days UNION ALL SELECT 64 UNION ALL SELECT 512) AS s;

DELETE FROM dashboard.listener_spans
WHERE EXISTS (SELECT 1 FROM changed_spans c WHERE c.span_days = listener_spans.span_days AND c.first_day = listener_spans.first_day);

INSERT INTO dashboard.listener_spans
SELECT 8, meta.span_start(day, 8), source, user_id, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_days
WHERE meta.span_start(day, 8) IN (SELECT first_day FROM changed_spans WHERE span_days = 8)
  AND day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 8)
  AND day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 8) + 8
GROUP BY meta.span_start(day, 8), source, user_id;

INSERT INTO dashboard.listener_spans
SELECT 64, meta.span_start(first_day, 64), source, user_id, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_spans
WHERE span_days = 8 AND meta.span_start(first_day, 64) IN (SELECT first_day FROM changed_spans WHERE span_days = 64)
  AND first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 64)
  AND first_day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 64) + 64
GROUP BY meta.span_start(first_day, 64), source, user_id;

INSERT INTO dashboard.listener_spans
SELECT 512, meta.span_start(first_day, 512), source, user_id, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT), CAST(sum(sessions) AS BIGINT)
FROM dashboard.listener_spans
WHERE span_days = 64 AND meta.span_start(first_day, 512) IN (SELECT first_day FROM changed_spans WHERE span_days = 512)
  AND first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 512)
  AND first_day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 512) + 512
GROUP BY meta.span_start(first_day, 512), source, user_id;

DROP TABLE changed_spans;
