-- time.start_time is never NULL and never repeats.
-- blocking: true
SELECT count(*) FILTER (WHERE start_time IS NULL) + (count(start_time) - count(DISTINCT start_time)) AS failures,
       count(*) FILTER (WHERE start_time IS NULL) || ' null, ' || (count(start_time) - count(DISTINCT start_time)) || ' duplicate of ' || count(*) || ' rows' AS detail
FROM analytics.time;
