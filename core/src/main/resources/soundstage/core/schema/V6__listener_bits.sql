-- Version 6: dashboard.listener_spans (one row per listener and span) gives way to
-- dashboard.listener_bits (the listeners of each day and span as bitmaps), which the first run
-- after the upgrade builds. The old table and its model's state go.
DROP TABLE IF EXISTS dashboard.listener_spans;
DELETE FROM meta.model_state WHERE model = 'dashboard.listener_spans';
