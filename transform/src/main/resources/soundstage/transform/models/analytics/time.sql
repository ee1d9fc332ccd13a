-- One row per distinct songplay start_time, broken into parts. weekday counts from Monday = 0
-- (as pandas' dt.weekday, which the classic Sparkify ETL used).
-- depends: analytics.songplays
CREATE OR REPLACE TABLE analytics.time AS
SELECT start_time,
       CAST(hour(start_time) AS INTEGER) AS hour,
       CAST(day(start_time) AS INTEGER) AS day,
       CAST(week(start_time) AS INTEGER) AS week,
       CAST(month(start_time) AS INTEGER) AS month,
       CAST(year(start_time) AS INTEGER) AS year,
       CAST(isodow(start_time) - 1 AS INTEGER) AS weekday
FROM (SELECT DISTINCT start_time FROM analytics.songplays);
