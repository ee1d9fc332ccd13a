-- No event is staged twice: event_key (the content of the event) never repeats.
-- blocking: true
SELECT count(*) - count(DISTINCT event_key) AS failures,
       (count(*) - count(DISTINCT event_key)) || ' repeated events of ' || count(*) AS detail
FROM staging.sparkify_events;
