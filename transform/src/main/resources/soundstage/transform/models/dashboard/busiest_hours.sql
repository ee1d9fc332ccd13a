-- Plays and hours listened per hour of day and weekday (Monday = 0) of the plays' start, the grid
-- behind "when do people listen": every play of both sources (a Sparkify play counts its song's
-- length), in UTC.
-- depends: analytics.songplays, analytics.time, staging.spotify_streams
-- merge: adds
DROP TABLE IF EXISTS dashboard.busiest_hours;
CREATE TABLE dashboard.busiest_hours AS
SELECT t.weekday,
       CASE t.weekday WHEN 0 THEN 'Monday' WHEN 1 THEN 'Tuesday' WHEN 2 THEN 'Wednesday' WHEN 3 THEN 'Thursday'
                      WHEN 4 THEN 'Friday' WHEN 5 THEN 'Saturday' ELSE 'Sunday' END AS weekday_name,
       t.hour, count(*) AS plays, CAST(sum(p.ms_played) AS BIGINT) AS ms_played, meta.hours(sum(p.ms_played)) AS hours_listened
FROM analytics.songplays p JOIN analytics.time t ON t.start_time = p.start_time
WHERE p.source = 'spotify' OR p.file_id <= :high_file_id
GROUP BY t.weekday, t.hour
ORDER BY t.weekday, t.hour;

-- incremental: the new Sparkify plays are added to their hours (a play's weekday and hour are
-- those of its start_time, as in analytics.time); the hours of the Spotify plays that new files
-- change (their own, and the 12-month plays a new extended play replaces) are counted again from
-- every play. Only Sparkify plays of files up to the watermark count, so the merge is exact
-- whatever runs ahead.
CREATE TEMP TABLE recount AS
SELECT DISTINCT CAST(extract(isodow FROM start_time) - 1 AS INTEGER) AS weekday, CAST(extract(hour FROM start_time) AS INTEGER) AS hour
FROM (
    SELECT start_time FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT t.start_time
    FROM staging.spotify_streams t
    JOIN staging.spotify_streams n
      ON n.listener = t.listener AND coalesce(n.creator, '') = coalesce(t.creator, '') AND coalesce(n.title, '') = coalesce(t.title, '') AND date_trunc('minute', n.ts) = t.ts
    WHERE t.history = '12-month' AND n.history = 'extended' AND n.file_id > :low_file_id AND n.file_id <= :high_file_id
) AS changed;

CREATE TEMP TABLE added AS
SELECT weekday, hour, count(*) AS plays, sum(ms_played) AS ms_played
FROM (
    SELECT CAST(extract(isodow FROM start_time) - 1 AS INTEGER) AS weekday, CAST(extract(hour FROM start_time) AS INTEGER) AS hour, ms_played
    FROM analytics.songplays
    WHERE source = 'sparkify' AND file_id > :low_file_id AND file_id <= :high_file_id
) AS plays
WHERE (weekday, hour) NOT IN (SELECT weekday, hour FROM recount)
GROUP BY weekday, hour;

UPDATE dashboard.busiest_hours AS b
SET plays = b.plays + a.plays, ms_played = coalesce(b.ms_played + a.ms_played, b.ms_played, a.ms_played), hours_listened = meta.hours(coalesce(b.ms_played + a.ms_played, b.ms_played, a.ms_played))
FROM added a
WHERE a.weekday = b.weekday AND a.hour = b.hour;

INSERT INTO dashboard.busiest_hours
SELECT weekday,
       CASE weekday WHEN 0 THEN 'Monday' WHEN 1 THEN 'Tuesday' WHEN 2 THEN 'Wednesday' WHEN 3 THEN 'Thursday'
                    WHEN 4 THEN 'Friday' WHEN 5 THEN 'Saturday' ELSE 'Sunday' END,
       hour, plays, CAST(ms_played AS BIGINT), meta.hours(ms_played)
FROM added a
WHERE NOT EXISTS (SELECT 1 FROM dashboard.busiest_hours b WHERE b.weekday = a.weekday AND b.hour = a.hour);

DELETE FROM dashboard.busiest_hours WHERE (weekday, hour) IN (SELECT weekday, hour FROM recount);

INSERT INTO dashboard.busiest_hours
SELECT t.weekday,
       CASE t.weekday WHEN 0 THEN 'Monday' WHEN 1 THEN 'Tuesday' WHEN 2 THEN 'Wednesday' WHEN 3 THEN 'Thursday'
                      WHEN 4 THEN 'Friday' WHEN 5 THEN 'Saturday' ELSE 'Sunday' END AS weekday_name,
       t.hour, count(*) AS plays, CAST(sum(p.ms_played) AS BIGINT) AS ms_played, meta.hours(sum(p.ms_played)) AS hours_listened
FROM recount r
JOIN analytics.time t ON t.weekday = r.weekday AND t.hour = r.hour
JOIN analytics.songplays p ON p.start_time = t.start_time
WHERE p.source = 'spotify' OR p.file_id <= :high_file_id
GROUP BY t.weekday, t.hour;

DROP TABLE added;
DROP TABLE recount;
