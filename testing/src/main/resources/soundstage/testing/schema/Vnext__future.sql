-- The version after the newest, which no Soundstage has yet, for the test that an older warehouse is migrated
-- forward: it adds a column to a table that has rows and a new table.
ALTER TABLE meta.files ADD COLUMN note VARCHAR;
UPDATE meta.files SET note = 'kept through the next version';
CREATE TABLE meta.future (id INTEGER NOT NULL);
