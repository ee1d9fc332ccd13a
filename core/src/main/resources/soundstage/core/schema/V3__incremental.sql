-- Version 3: incremental runs. One row per model: every file up to watermark (a meta.files
-- file_id) is reflected in the model's table. A model's rows and its row here commit in one
-- transaction, so a table and its watermark never disagree, whatever is killed when. A model
-- without a row is built from scratch by its next run (so is every model of a warehouse that
-- comes from version 2: its first run after the upgrade rebuilds every table once).
CREATE TABLE meta.model_state (
    model      VARCHAR PRIMARY KEY,   -- the table, e.g. analytics.songplays
    watermark  INTEGER NOT NULL,      -- the highest file_id whose rows the table reflects
    run_id     INTEGER NOT NULL,      -- the run that last changed it
    updated_at TIMESTAMP NOT NULL
);

-- Replaced by meta.model_state: each model now records how far it got.
DROP TABLE meta.builds;

-- One row per check that has an incremental part: every file up to watermark passed it, so a
-- run's checks need to look only at the rows of later files. A check that fails keeps its
-- watermark, so the next run looks at the failing rows again.
CREATE TABLE meta.check_state (
    check_name VARCHAR PRIMARY KEY,
    watermark  INTEGER NOT NULL,
    run_id     INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
