-- Skip rate per month (month is its first day, UTC) of the plays' start: plays, plays that say
-- whether they were skipped (known), skipped plays and skip_rate = skipped / known (three
-- decimals; NULL when no play of the month says). Only Spotify's extended histories say:
-- Sparkify plays and Spotify's 12-month records count in plays only.
-- depends: analytics.songplays
DROP TABLE IF EXISTS dashboard.skip_rate_by_month;
CREATE TABLE dashboard.skip_rate_by_month AS
SELECT month, plays, known, skipped, meta.share(skipped, known) AS skip_rate
FROM (
    SELECT CAST(date_trunc('month', start_time) AS DATE) AS month, count(*) AS plays, count(skipped) AS known,
           count(*) FILTER (WHERE skipped) AS skipped
    FROM analytics.songplays
    GROUP BY CAST(date_trunc('month', start_time) AS DATE)
) AS monthly
ORDER BY month;
