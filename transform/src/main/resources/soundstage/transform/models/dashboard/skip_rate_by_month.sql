-- Skip rate per month (month is its first day, UTC) of the plays' start: plays, plays that say
-- whether they were skipped (known), skipped plays and skip_rate = skipped / known (three
-- decimals; NULL when no play of the month says). Only Spotify's extended histories say:
-- Sparkify plays and Spotify's 12-month records count in plays only.
-- depends: analytics.songplays, dashboard.file_days
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

-- incremental: the months of the plays new files add or change (their days in file_days) are counted again.
CREATE TEMP TABLE changed_months AS
SELECT DISTINCT CAST(date_trunc('month', day) AS DATE) AS month
FROM dashboard.file_days
WHERE file_id > :low_file_id AND file_id <= :high_file_id;

DELETE FROM dashboard.skip_rate_by_month WHERE month IN (SELECT month FROM changed_months);

INSERT INTO dashboard.skip_rate_by_month
SELECT month, plays, known, skipped, meta.share(skipped, known) AS skip_rate
FROM (
    SELECT CAST(date_trunc('month', start_time) AS DATE) AS month, count(*) AS plays, count(skipped) AS known,
           count(*) FILTER (WHERE skipped) AS skipped
    FROM analytics.songplays
    WHERE CAST(date_trunc('month', start_time) AS DATE) IN (SELECT month FROM changed_months)
      AND start_time >= (SELECT min(month) FROM changed_months)
      AND start_time < (SELECT max(month) FROM changed_months) + INTERVAL '1 month'
    GROUP BY CAST(date_trunc('month', start_time) AS DATE)
) AS monthly;

DROP TABLE changed_months;
