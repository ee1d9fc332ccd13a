-- Plays per hour of day and weekday (Monday = 0), the grid behind "when do people listen".
-- depends: analytics.songplays, analytics.time
CREATE OR REPLACE TABLE dashboard.busiest_hours AS
SELECT t.weekday, dayname(p.start_time) AS weekday_name, t.hour, count(*) AS plays
FROM analytics.songplays p JOIN analytics.time t ON t.start_time = p.start_time
GROUP BY ALL
ORDER BY t.weekday, t.hour;
