-- Version 4: the pipeline's tasks. A run of the DAG records each try of each task here, so a
-- run's history says what ran, how long, with how many rows, and why it failed.
CREATE TABLE meta.task_runs (
    run_id      INTEGER NOT NULL,
    task        VARCHAR NOT NULL,
    attempt     INTEGER NOT NULL,   -- 1, then 2... when a transient failure was retried
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL,   -- running | succeeded | failed | skipped
    rows_in     BIGINT,             -- rows the task read that were new to it
    rows_out    BIGINT,             -- rows it wrote (inserted, updated or deleted)
    detail      VARCHAR             -- the error, or why it was skipped, or a summary
);

-- What a run was asked to do, so that run --resume can take up a failed run's remaining tasks.
ALTER TABLE meta.runs ADD COLUMN tasks VARCHAR;          -- the selected tasks, comma separated, in order
ALTER TABLE meta.runs ADD COLUMN full_refresh BOOLEAN;
ALTER TABLE meta.runs ADD COLUMN resumes INTEGER;        -- the run this one resumed
ALTER TABLE meta.runs ADD COLUMN log_file VARCHAR;       -- the run's structured log
ALTER TABLE meta.runs ADD COLUMN scheduled_for TIMESTAMP; -- the schedule's fire time (UTC) a scheduled run is for

-- The files a configured source's folder held when its ingest task last looked: a file whose
-- size and modification time are still those recorded here is not read again (its content is
-- registered in meta.files either way), so a scheduled run costs what the new files cost.
CREATE TABLE meta.seen_files (
    kind        VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    size        BIGINT NOT NULL,
    modified_us BIGINT NOT NULL,       -- modification time, microseconds since 1970 UTC
    seen_at     TIMESTAMP NOT NULL
);
