-- Share of time listened by platform: the operating system of the device (Android, iOS,
-- Windows, macOS, Linux), Speaker or TV (Spotify's partner devices and casts), Other or Unknown.
-- Spotify plays are classified by their platform (a web player by the system it ran on),
-- Sparkify plays by their user agent (Sparkify is a web player), so this works for both sources.
-- plays, listeners, ms_played, hours_listened, and share = ms_played / all ms_played (three
-- decimals).
-- depends: analytics.songplays
DROP TABLE IF EXISTS dashboard.platform_share;
CREATE TABLE dashboard.platform_share AS
WITH devices AS (
    -- Classified once per device and user rather than once per play.
    SELECT device, user_id, plays, ms_played
    FROM (
        SELECT coalesce(platform, user_agent) AS device, user_id, count(*) AS plays, CAST(sum(ms_played) AS BIGINT) AS ms_played
        FROM analytics.songplays
        GROUP BY coalesce(platform, user_agent), user_id
    ) AS grouped
), classified AS (
    SELECT user_id, plays, ms_played, meta.platform(device) AS platform
    FROM devices
)
SELECT platform, CAST(sum(plays) AS BIGINT) AS plays, count(DISTINCT user_id) AS listeners, CAST(sum(ms_played) AS BIGINT) AS ms_played,
       meta.hours(sum(ms_played)) AS hours_listened, meta.share(sum(ms_played), sum(sum(ms_played)) OVER ()) AS share
FROM classified
GROUP BY platform
ORDER BY ms_played DESC, platform;
