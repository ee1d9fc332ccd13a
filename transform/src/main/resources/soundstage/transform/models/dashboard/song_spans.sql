-- song_days rolled up over spans of 8, 64 and 512 days (span_days; first_day is the span's first
-- day, spans aligned on 1970-01-01 by meta.span_start), per source and song_key: plays and
-- ms_played, the sums of the span's song_days rows, and plays_rank, as in song_days; with the
-- song's names, so that the dashboard names the top songs from these rows alone. Any date range is a few whole spans plus at
-- most 7 days at each end of each span length, so the dashboard's top songs of a long range read
-- a few hundred thousand rows instead of every day's (see Endpoints in the serve module).
-- depends: dashboard.song_days, dashboard.file_days
-- index: span_days, first_day
DROP TABLE IF EXISTS dashboard.song_spans;
CREATE TABLE dashboard.song_spans AS
SELECT 8 AS span_days, meta.span_start(day, 8) AS first_day, source, song_key, song_title, artist_name,
       CAST(sum(plays) AS BIGINT) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played,
       row_number() OVER (PARTITION BY meta.span_start(day, 8), source ORDER BY sum(plays) DESC, song_key) AS plays_rank
FROM dashboard.song_days
GROUP BY meta.span_start(day, 8), source, song_key, song_title, artist_name
ORDER BY first_day, source, plays_rank;

INSERT INTO dashboard.song_spans
SELECT 64, meta.span_start(first_day, 64), source, song_key, song_title, artist_name, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT),
       row_number() OVER (PARTITION BY meta.span_start(first_day, 64), source ORDER BY sum(plays) DESC, song_key)
FROM dashboard.song_spans WHERE span_days = 8
GROUP BY meta.span_start(first_day, 64), source, song_key, song_title, artist_name
ORDER BY 2, 3, 9;

INSERT INTO dashboard.song_spans
SELECT 512, meta.span_start(first_day, 512), source, song_key, song_title, artist_name, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT),
       row_number() OVER (PARTITION BY meta.span_start(first_day, 512), source ORDER BY sum(plays) DESC, song_key)
FROM dashboard.song_spans WHERE span_days = 64
GROUP BY meta.span_start(first_day, 512), source, song_key, song_title, artist_name
ORDER BY 2, 3, 9;

-- incremental: the spans that hold a day song_days counted again (the days of the new files in
-- file_days) are summed again, each length from the one below.
CREATE TEMP TABLE changed_spans AS
SELECT DISTINCT s.span_days, meta.span_start(c.day, s.span_days) AS first_day
FROM (SELECT DISTINCT day FROM dashboard.file_days WHERE file_id > :low_file_id AND file_id <= :high_file_id) AS c
CROSS JOIN (SELECT 8 AS span_days UNION ALL SELECT 64 UNION ALL SELECT 512) AS s;

DELETE FROM dashboard.song_spans
WHERE EXISTS (SELECT 1 FROM changed_spans c WHERE c.span_days = song_spans.span_days AND c.first_day = song_spans.first_day);

INSERT INTO dashboard.song_spans
SELECT 8, meta.span_start(day, 8), source, song_key, song_title, artist_name, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT),
       row_number() OVER (PARTITION BY meta.span_start(day, 8), source ORDER BY sum(plays) DESC, song_key)
FROM dashboard.song_days
WHERE meta.span_start(day, 8) IN (SELECT first_day FROM changed_spans WHERE span_days = 8)
  AND day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 8)
  AND day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 8) + 8
GROUP BY meta.span_start(day, 8), source, song_key, song_title, artist_name;

INSERT INTO dashboard.song_spans
SELECT 64, meta.span_start(first_day, 64), source, song_key, song_title, artist_name, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT),
       row_number() OVER (PARTITION BY meta.span_start(first_day, 64), source ORDER BY sum(plays) DESC, song_key)
FROM dashboard.song_spans
WHERE span_days = 8 AND meta.span_start(first_day, 64) IN (SELECT first_day FROM changed_spans WHERE span_days = 64)
  AND first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 64)
  AND first_day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 64) + 64
GROUP BY meta.span_start(first_day, 64), source, song_key, song_title, artist_name;

INSERT INTO dashboard.song_spans
SELECT 512, meta.span_start(first_day, 512), source, song_key, song_title, artist_name, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT),
       row_number() OVER (PARTITION BY meta.span_start(first_day, 512), source ORDER BY sum(plays) DESC, song_key)
FROM dashboard.song_spans
WHERE span_days = 64 AND meta.span_start(first_day, 512) IN (SELECT first_day FROM changed_spans WHERE span_days = 512)
  AND first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 512)
  AND first_day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 512) + 512
GROUP BY meta.span_start(first_day, 512), source, song_key, song_title, artist_name;

DROP TABLE changed_spans;
