-- Version 7: meta.seen_files also records each file's status change time (its ctime), which
-- every write sets and no user can set back: a file rewritten with its size and modification
-- time kept (cp -p, rsync -t, touch -r) was taken for unchanged and never loaded. Rows recorded
-- before have none (NULL): their files are read once more, found registered, and recorded.
ALTER TABLE meta.seen_files ADD COLUMN changed_us BIGINT;   -- status change time, microseconds since 1970 UTC; 0 where the system has none
