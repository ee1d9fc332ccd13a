-- song_days rolled up over spans of 8, 64 and 512 days (span_days; first_day is the span's first
-- day, spans aligned on 1970-01-01 by meta.span_start), per source and song_key: plays and
-- ms_played, the sums of the span's song_days rows, with the song's names, so that the dashboard
-- names the top songs from these rows alone. Any date range is a few whole spans plus at most 7
-- days at each end of each span length, so the dashboard's top songs of a long range read a few
-- hundred thousand rows instead of every day's (see Endpoints in the serve module). No rank: a
-- span's ranks change with every play of the span, which would rewrite all of its rows on every
-- run; song_tops ranks the spans' songs.
-- depends: dashboard.song_days, dashboard.file_days
-- index: span_days, first_day
DROP TABLE IF EXISTS dashboard.song_spans;
CREATE TABLE dashboard.song_spans AS
SELECT 8 AS span_days, meta.span_start(day, 8) AS first_day, source, song_key, song_title, artist_name,
       CAST(sum(plays) AS BIGINT) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played
FROM dashboard.song_days
GROUP BY meta.span_start(day, 8), source, song_key, song_title, artist_name
ORDER BY first_day, source;

INSERT INTO dashboard.song_spans
SELECT 64, meta.span_start(first_day, 64), source, song_key, song_title, artist_name, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT)
FROM dashboard.song_spans WHERE span_days = 8
GROUP BY meta.span_start(first_day, 64), source, song_key, song_title, artist_name
ORDER BY 2, 3;

INSERT INTO dashboard.song_spans
SELECT 512, meta.span_start(first_day, 512), source, song_key, song_title, artist_name, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT)
FROM dashboard.song_spans WHERE span_days = 64
GROUP BY meta.span_start(first_day, 512), source, song_key, song_title, artist_name
ORDER BY 2, 3;

-- incremental: the 8-day spans that hold a day song_days counted again (the days of the new
-- files in file_days) are summed again from song_days. Only the songs whose sums there changed
-- can change in the 64- and 512-day spans above: their rows there are summed again, each length
-- from the one below, and the other songs' rows stay as they are. (Summing every song of the
-- 64- and 512-day spans again rewrote about 400,000 rows at 10M events: 0.5-0.8 s with the
-- commit and checkpoint, against 0.2 s.)
CREATE TEMP TABLE changed_spans AS
SELECT DISTINCT s.span_days, meta.span_start(c.day, s.span_days) AS first_day
FROM (SELECT DISTINCT day FROM dashboard.file_days WHERE file_id > :low_file_id AND file_id <= :high_file_id) AS c
CROSS JOIN (SELECT 8 AS span_days UNION ALL SELECT 64 UNION ALL SELECT 512) AS s;

CREATE TEMP TABLE fresh_spans AS
SELECT 8 AS span_days, meta.span_start(day, 8) AS first_day, source, song_key, song_title, artist_name,
       CAST(sum(plays) AS BIGINT) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played
FROM dashboard.song_days
WHERE meta.span_start(day, 8) IN (SELECT first_day FROM changed_spans WHERE span_days = 8)
  AND day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 8)
  AND day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 8) + 8
GROUP BY meta.span_start(day, 8), source, song_key, song_title, artist_name;

-- The songs whose row of a changed 8-day span is new, gone, or has other sums.
CREATE TEMP TABLE changed_songs AS
SELECT DISTINCT source, song_key
FROM (
    SELECT n.source, n.song_key
    FROM fresh_spans n
    LEFT JOIN dashboard.song_spans o ON o.span_days = 8 AND o.first_day = n.first_day AND o.source = n.source AND o.song_key = n.song_key
    WHERE o.plays IS DISTINCT FROM n.plays OR o.ms_played IS DISTINCT FROM n.ms_played
    UNION ALL
    SELECT o.source, o.song_key
    FROM dashboard.song_spans o
    WHERE o.span_days = 8 AND o.first_day IN (SELECT first_day FROM changed_spans WHERE span_days = 8)
      AND o.first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 8)
      AND o.first_day <= (SELECT max(first_day) FROM changed_spans WHERE span_days = 8)
      AND NOT EXISTS (SELECT 1 FROM fresh_spans n WHERE n.first_day = o.first_day AND n.source = o.source AND n.song_key = o.song_key)
) AS changed;

DELETE FROM dashboard.song_spans
WHERE span_days = 8 AND first_day IN (SELECT first_day FROM changed_spans WHERE span_days = 8);

INSERT INTO dashboard.song_spans
SELECT span_days, first_day, source, song_key, song_title, artist_name, plays, ms_played FROM fresh_spans;

DELETE FROM dashboard.song_spans
WHERE span_days = 64 AND first_day IN (SELECT first_day FROM changed_spans WHERE span_days = 64)
  AND (source, song_key) IN (SELECT source, song_key FROM changed_songs);

INSERT INTO dashboard.song_spans
SELECT 64, meta.span_start(first_day, 64), source, song_key, song_title, artist_name, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT)
FROM dashboard.song_spans
WHERE span_days = 8 AND meta.span_start(first_day, 64) IN (SELECT first_day FROM changed_spans WHERE span_days = 64)
  AND first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 64)
  AND first_day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 64) + 64
  AND (source, song_key) IN (SELECT source, song_key FROM changed_songs)
GROUP BY meta.span_start(first_day, 64), source, song_key, song_title, artist_name;

DELETE FROM dashboard.song_spans
WHERE span_days = 512 AND first_day IN (SELECT first_day FROM changed_spans WHERE span_days = 512)
  AND (source, song_key) IN (SELECT source, song_key FROM changed_songs);

INSERT INTO dashboard.song_spans
SELECT 512, meta.span_start(first_day, 512), source, song_key, song_title, artist_name, CAST(sum(plays) AS BIGINT), CAST(sum(ms_played) AS BIGINT)
FROM dashboard.song_spans
WHERE span_days = 64 AND meta.span_start(first_day, 512) IN (SELECT first_day FROM changed_spans WHERE span_days = 512)
  AND first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 512)
  AND first_day < (SELECT max(first_day) FROM changed_spans WHERE span_days = 512) + 512
  AND (source, song_key) IN (SELECT source, song_key FROM changed_songs)
GROUP BY meta.span_start(first_day, 512), source, song_key, song_title, artist_name;

DROP TABLE changed_songs;
DROP TABLE fresh_spans;
DROP TABLE changed_spans;
