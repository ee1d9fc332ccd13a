-- The most played songs of each day and of each span of 8, 64 and 512 days (span_days 1, 8, 64 or
-- 512; first_day the day or the span's first day), per source: the rows of song_days and
-- song_spans ranked 1 to 51 (plays_rank: song_days' own; a span's songs are ranked here the same
-- way, by plays, ties by song_key). The web dashboard's top songs of a date range are found
-- among the top 50 of its pieces, the 51st of each bounding what any other song has there (see
-- TopSongs in the serve module): reading these few rows instead of the pieces' every song.
-- (The spans' songs are ranked by their keys and plays alone, and only the 51 best of each span
-- are joined to their names: sorting whole rows took twice as long.)
-- depends: dashboard.song_days, dashboard.song_spans, dashboard.file_days
-- index: span_days, first_day
DROP TABLE IF EXISTS dashboard.song_tops;
CREATE TABLE dashboard.song_tops AS
SELECT 1 AS span_days, day AS first_day, source, song_key, song_title, artist_name, plays, ms_played, plays_rank
FROM dashboard.song_days WHERE plays_rank <= 51
UNION ALL
SELECT s.span_days, s.first_day, s.source, s.song_key, s.song_title, s.artist_name, s.plays, s.ms_played, r.plays_rank
FROM (
    SELECT span_days, first_day, source, song_key,
           row_number() OVER (PARTITION BY span_days, first_day, source ORDER BY plays DESC, song_key) AS plays_rank
    FROM dashboard.song_spans
) AS r
JOIN dashboard.song_spans s ON s.span_days = r.span_days AND s.first_day = r.first_day AND s.source = r.source AND s.song_key = r.song_key
WHERE r.plays_rank <= 51
ORDER BY span_days, first_day, source, plays_rank;

-- incremental: the days song_days counted again (the days of the new files in file_days) and the
-- spans that hold them are copied again.
CREATE TEMP TABLE changed_spans AS
SELECT DISTINCT s.span_days, meta.span_start(c.day, s.span_days) AS first_day
FROM (SELECT DISTINCT day FROM dashboard.file_days WHERE file_id > :low_file_id AND file_id <= :high_file_id) AS c
CROSS JOIN (SELECT 1 AS span_days UNION ALL SELECT 8 UNION ALL SELECT 64 UNION ALL SELECT 512) AS s;

DELETE FROM dashboard.song_tops
WHERE EXISTS (SELECT 1 FROM changed_spans c WHERE c.span_days = song_tops.span_days AND c.first_day = song_tops.first_day);

INSERT INTO dashboard.song_tops
SELECT 1, day, source, song_key, song_title, artist_name, plays, ms_played, plays_rank
FROM dashboard.song_days
WHERE plays_rank <= 51 AND day IN (SELECT first_day FROM changed_spans WHERE span_days = 1)
  AND day >= (SELECT min(first_day) FROM changed_spans WHERE span_days = 1)
  AND day <= (SELECT max(first_day) FROM changed_spans WHERE span_days = 1);

CREATE TEMP TABLE span_tops AS
SELECT span_days, first_day, source, song_key, plays_rank
FROM (
    SELECT s.span_days, s.first_day, s.source, s.song_key,
           row_number() OVER (PARTITION BY s.span_days, s.first_day, s.source ORDER BY s.plays DESC, s.song_key) AS plays_rank
    FROM dashboard.song_spans s
    WHERE EXISTS (SELECT 1 FROM changed_spans c WHERE c.span_days = s.span_days AND c.first_day = s.first_day)
      AND s.first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days > 1)
      AND s.first_day <= (SELECT max(first_day) FROM changed_spans WHERE span_days > 1)
) AS ranked
WHERE plays_rank <= 51;

INSERT INTO dashboard.song_tops
SELECT s.span_days, s.first_day, s.source, s.song_key, s.song_title, s.artist_name, s.plays, s.ms_played, t.plays_rank
FROM span_tops t
JOIN dashboard.song_spans s ON s.span_days = t.span_days AND s.first_day = t.first_day AND s.source = t.source AND s.song_key = t.song_key
WHERE s.first_day >= (SELECT min(first_day) FROM changed_spans WHERE span_days > 1)
  AND s.first_day <= (SELECT max(first_day) FROM changed_spans WHERE span_days > 1);

DROP TABLE span_tops;

DROP TABLE changed_spans;
