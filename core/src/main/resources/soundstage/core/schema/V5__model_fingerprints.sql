-- Version 5: each model's state records the fingerprint of the SQL that built its table (a hash
-- of the model's file and of the fingerprints of the models it reads). A run rebuilds from
-- scratch a model whose fingerprint changed (a new version of Soundstage changed its SQL, or the
-- SQL of a model upstream), so a table never mixes rows of two versions of its SQL, nor fails
-- an incremental merge into a table of another shape. States from before version 5 have none:
-- the first run after the upgrade rebuilds every model once.
ALTER TABLE meta.model_state ADD COLUMN fingerprint VARCHAR;
