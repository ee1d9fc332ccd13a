-- Skip rate per month (month is its first day, UTC) of the plays' start: plays, plays that say
-- whether they were skipped (known), skipped plays and skip_rate = skipped / known (three
-- decimals; NULL when no play of the month says). Only Spotify's extended histories say:
-- Sparkify plays and Spotify's 12-month records count in plays only.
-- depends: analytics.songplays, staging.spotify_streams
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

-- incremental: the months of the plays new files add or change (new Sparkify plays, new Spotify
-- plays and the 12-month plays a new extended play replaces) are counted again.
DROP TABLE IF EXISTS changed_months;
CREATE TEMP TABLE changed_months AS
SELECT DISTINCT CAST(date_trunc('month', start_time) AS DATE) AS month
FROM (
    SELECT start_time FROM analytics.songplays WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT start_time FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT t.start_time
    FROM staging.spotify_streams t
    JOIN staging.spotify_streams n
      ON n.listener = t.listener AND n.creator = t.creator AND n.title = t.title AND date_trunc('minute', n.ts) = t.ts
    WHERE t.history = '12-month' AND n.history = 'extended' AND n.file_id > :low_file_id AND n.file_id <= :high_file_id
) AS changed;

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
