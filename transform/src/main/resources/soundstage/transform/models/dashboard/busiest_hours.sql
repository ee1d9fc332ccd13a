-- Plays and hours listened per hour of day and weekday (Monday = 0) of the plays' start, the grid
-- behind "when do people listen": every play of both sources (a Sparkify play counts its song's
-- length), in UTC.
-- depends: analytics.songplays, analytics.time
DROP TABLE IF EXISTS dashboard.busiest_hours;
CREATE TABLE dashboard.busiest_hours AS
SELECT t.weekday,
       CASE t.weekday WHEN 0 THEN 'Monday' WHEN 1 THEN 'Tuesday' WHEN 2 THEN 'Wednesday' WHEN 3 THEN 'Thursday'
                      WHEN 4 THEN 'Friday' WHEN 5 THEN 'Saturday' ELSE 'Sunday' END AS weekday_name,
       t.hour, count(*) AS plays, CAST(sum(p.ms_played) AS BIGINT) AS ms_played, meta.hours(sum(p.ms_played)) AS hours_listened
FROM analytics.songplays p JOIN analytics.time t ON t.start_time = p.start_time
GROUP BY t.weekday, t.hour
ORDER BY t.weekday, t.hour;
