-- Share of time listened by platform: the operating system of the device (Android, iOS,
-- Windows, macOS, Linux), Speaker or TV (Spotify's partner devices and casts), Other or Unknown.
-- Spotify plays are classified by their platform (a web player by the system it ran on),
-- Sparkify plays by their user agent (Sparkify is a web player), so this works for both sources.
-- plays, listeners, ms_played, hours_listened, and share = ms_played / all ms_played (three
-- decimals).
-- depends: dashboard.listener_days
-- (From listener_days, whose plays are already classified and counted per day and listener: built
-- in full on every run, as listeners cannot be added up, it reads those rows and not every play.)
DROP TABLE IF EXISTS dashboard.platform_share;
CREATE TABLE dashboard.platform_share AS
WITH per_user AS (
    SELECT platform, user_id, sum(plays) AS plays, sum(ms_played) AS ms_played
    FROM dashboard.listener_days
    GROUP BY platform, user_id
)
SELECT platform, CAST(sum(plays) AS BIGINT) AS plays, count(DISTINCT user_id) AS listeners, CAST(sum(ms_played) AS BIGINT) AS ms_played,
       meta.hours(sum(ms_played)) AS hours_listened, meta.share(sum(ms_played), sum(sum(ms_played)) OVER ()) AS share
FROM per_user
GROUP BY platform
ORDER BY ms_played DESC, platform;
