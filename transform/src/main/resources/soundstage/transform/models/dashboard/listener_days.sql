-- Plays per day (UTC) of the plays' start, source and listener, with the level and location the
-- plays had (Sparkify; NULL for Spotify) and their platform (as in platform_share: Spotify's
-- device, Sparkify's user agent, classified by meta.platform: Android, iOS, ..., Unknown). plays,
-- ms_played (a Sparkify play counts its song's length), sessions (the Sparkify sessions whose
-- first play of the day is in the row: a day's rows add up to its distinct sessions with a play,
-- although a session may change level, location or platform; one that spans midnight counts on
-- both days; 0 for Spotify, whose exports have none), skips_known (plays that say whether they were skipped: only
-- Spotify's extended histories) and skipped. Every play of both sources and content types
-- counts; a play that runs past midnight counts for the day it started. With song_days and
-- hour_days, what the web dashboard's date range and source filters read: any range is a small
-- GROUP BY of its days.
-- depends: analytics.songplays, dashboard.file_days
-- index: day
DROP TABLE IF EXISTS dashboard.listener_days;
CREATE TABLE dashboard.listener_days AS
WITH devices AS (
    -- Each distinct device classified once, rather than every play.
    SELECT device, meta.platform(device) AS platform
    FROM (SELECT DISTINCT coalesce(platform, user_agent) AS device FROM analytics.songplays) AS distinct_devices
)
SELECT CAST(p.start_time AS DATE) AS day, p.source, p.user_id, p.level, p.location, coalesce(d.platform, 'Unknown') AS platform,
       count(*) AS plays, CAST(sum(p.ms_played) AS BIGINT) AS ms_played, count(*) FILTER (WHERE p.opens_session) AS sessions,
       count(p.skipped) AS skips_known, count(*) FILTER (WHERE p.skipped) AS skipped
FROM (SELECT *, session_id IS NOT NULL AND row_number() OVER (
                    PARTITION BY CAST(start_time AS DATE), source, user_id, session_id ORDER BY start_time, songplay_id) = 1 AS opens_session
      FROM analytics.songplays) AS p
LEFT JOIN devices d ON d.device = coalesce(p.platform, p.user_agent)
GROUP BY CAST(p.start_time AS DATE), p.source, p.user_id, p.level, p.location, coalesce(d.platform, 'Unknown')
ORDER BY day, source, user_id, level, location, platform;

-- incremental: the days of the plays new files add or change (their days in file_days) are counted again from every play
-- of those days. (No file bound, as in listening_by_day: a day made again whole is exact, and a
-- day that counted plays of files above the watermark is made again when they are merged.)
CREATE TEMP TABLE changed_days AS
SELECT DISTINCT day AS day
FROM dashboard.file_days
WHERE file_id > :low_file_id AND file_id <= :high_file_id;

DELETE FROM dashboard.listener_days WHERE day IN (SELECT day FROM changed_days);

INSERT INTO dashboard.listener_days
WITH plays AS (
    SELECT *
    FROM analytics.songplays
    WHERE CAST(start_time AS DATE) IN (SELECT day FROM changed_days)
      AND start_time >= (SELECT min(day) FROM changed_days)
      AND start_time < (SELECT max(day) FROM changed_days) + INTERVAL '1 day'
), devices AS (
    SELECT device, meta.platform(device) AS platform
    FROM (SELECT DISTINCT coalesce(platform, user_agent) AS device FROM plays) AS distinct_devices
)
SELECT CAST(p.start_time AS DATE) AS day, p.source, p.user_id, p.level, p.location, coalesce(d.platform, 'Unknown') AS platform,
       count(*) AS plays, CAST(sum(p.ms_played) AS BIGINT) AS ms_played, count(*) FILTER (WHERE p.opens_session) AS sessions,
       count(p.skipped) AS skips_known, count(*) FILTER (WHERE p.skipped) AS skipped
FROM (SELECT *, session_id IS NOT NULL AND row_number() OVER (
                    PARTITION BY CAST(start_time AS DATE), source, user_id, session_id ORDER BY start_time, songplay_id) = 1 AS opens_session
      FROM plays) AS p
LEFT JOIN devices d ON d.device = coalesce(p.platform, p.user_agent)
GROUP BY CAST(p.start_time AS DATE), p.source, p.user_id, p.level, p.location, coalesce(d.platform, 'Unknown');

DROP TABLE changed_days;
