-- Plays per hour of day and weekday (Monday = 0), the grid behind "when do people listen".
-- depends: analytics.songplays, analytics.time
DROP TABLE IF EXISTS dashboard.busiest_hours;
CREATE TABLE dashboard.busiest_hours AS
SELECT t.weekday,
       CASE t.weekday WHEN 0 THEN 'Monday' WHEN 1 THEN 'Tuesday' WHEN 2 THEN 'Wednesday' WHEN 3 THEN 'Thursday'
                      WHEN 4 THEN 'Friday' WHEN 5 THEN 'Saturday' ELSE 'Sunday' END AS weekday_name,
       t.hour, count(*) AS plays
FROM analytics.songplays p JOIN analytics.time t ON t.start_time = p.start_time
GROUP BY t.weekday, t.hour
ORDER BY t.weekday, t.hour;
