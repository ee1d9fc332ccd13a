-- One row per distinct songplay start_time, broken into parts. weekday counts from Monday = 0
-- (as pandas' dt.weekday, which the classic Sparkify ETL used).
-- depends: analytics.songplays
DROP TABLE IF EXISTS analytics.time;
CREATE TABLE analytics.time AS
SELECT start_time,
       CAST(extract(hour FROM start_time) AS INTEGER) AS hour,
       CAST(extract(day FROM start_time) AS INTEGER) AS day,
       CAST(extract(week FROM start_time) AS INTEGER) AS week,
       CAST(extract(month FROM start_time) AS INTEGER) AS month,
       CAST(extract(year FROM start_time) AS INTEGER) AS year,
       CAST(extract(isodow FROM start_time) - 1 AS INTEGER) AS weekday
FROM (SELECT DISTINCT start_time FROM analytics.songplays) AS plays;
