-- Version 1 of the warehouse: one schema per layer.
CREATE SCHEMA IF NOT EXISTS meta;
CREATE SCHEMA IF NOT EXISTS source;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS analytics;
CREATE SCHEMA IF NOT EXISTS dashboard;

-- Every file ever offered to ingest, loaded or not. sha256 identifies content: a file whose
-- content is already here is registered as a duplicate of the first and adds no rows.
CREATE TABLE meta.files (
    file_id            INTEGER PRIMARY KEY,
    kind               VARCHAR NOT NULL,
    path               VARCHAR NOT NULL,
    name               VARCHAR NOT NULL,
    size               BIGINT NOT NULL,
    sha256             VARCHAR NOT NULL,
    status             VARCHAR NOT NULL,   -- loaded | duplicate | empty | rejected
    duplicate_of       INTEGER,
    rows               BIGINT NOT NULL,    -- rows that reached the source layer
    quarantined        BIGINT NOT NULL,    -- rows that went to meta.quarantine
    loaded_at          TIMESTAMP NOT NULL,
    transformed_run_id INTEGER             -- the run that carried its rows to staging; NULL until then
);

-- Rows (or whole files, line 0) that could not be loaded, with the reason and the text as read.
CREATE TABLE meta.quarantine (
    file_id        INTEGER,
    path           VARCHAR NOT NULL,
    line_no        BIGINT NOT NULL,
    reason         VARCHAR NOT NULL,
    raw            VARCHAR,
    quarantined_at TIMESTAMP NOT NULL
);

CREATE TABLE meta.runs (
    run_id      INTEGER PRIMARY KEY,
    command     VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL,   -- running | succeeded | failed
    detail      VARCHAR
);

-- The runs that rebuilt the analytics and dashboard tables (a run commits staging first, then
-- builds; a run that died in between leaves staging ahead of the last build here).
CREATE TABLE meta.builds (
    run_id   INTEGER NOT NULL,
    built_at TIMESTAMP NOT NULL
);

CREATE TABLE meta.check_results (
    run_id      INTEGER NOT NULL,
    checked_at  TIMESTAMP NOT NULL,
    name        VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    blocking    BOOLEAN NOT NULL,
    failures    BIGINT NOT NULL,
    status      VARCHAR NOT NULL,   -- pass | FAIL | warn
    detail      VARCHAR NOT NULL
);

-- Source layer: each JSON line's fields as read, with lineage. Numbers are stored as numbers
-- (a line whose field has the wrong type is quarantined, so nothing is lost by typing them);
-- text is stored exactly as read. raw keeps the whole line when its keys differ from the known
-- ones, so unknown fields are kept too.
CREATE TABLE source.sparkify_events (
    file_id INTEGER NOT NULL, line_no BIGINT NOT NULL,
    artist VARCHAR, auth VARCHAR, first_name VARCHAR, gender VARCHAR, item_in_session INTEGER,
    last_name VARCHAR, length DOUBLE PRECISION, level VARCHAR, location VARCHAR, method VARCHAR, page VARCHAR,
    registration DOUBLE PRECISION, session_id INTEGER, song VARCHAR, status INTEGER, ts BIGINT NOT NULL,
    user_agent VARCHAR, user_id VARCHAR,
    raw VARCHAR
);

CREATE TABLE source.sparkify_songs (
    file_id INTEGER NOT NULL, line_no BIGINT NOT NULL,
    num_songs INTEGER, artist_id VARCHAR, artist_latitude DOUBLE PRECISION, artist_longitude DOUBLE PRECISION,
    artist_location VARCHAR, artist_name VARCHAR, song_id VARCHAR, title VARCHAR, duration DOUBLE PRECISION,
    year INTEGER,
    raw VARCHAR
);

-- Staging layer: typed, cleaned, deduplicated. Filled incrementally by the run's staging models.
CREATE TABLE staging.sparkify_events (
    event_id        BIGINT NOT NULL,    -- from the lineage of the first copy; becomes songplay_id
    file_id         INTEGER NOT NULL,   -- lineage: the first file and line the event came from
    line_no         BIGINT NOT NULL,
    ts              BIGINT NOT NULL,
    start_time      TIMESTAMP NOT NULL,
    user_id         INTEGER,            -- NULL for logged-out events
    first_name      VARCHAR,
    last_name       VARCHAR,
    gender          VARCHAR,
    level           VARCHAR,
    auth            VARCHAR,
    page            VARCHAR NOT NULL,
    method          VARCHAR,
    status          INTEGER,
    session_id      INTEGER,
    item_in_session INTEGER,
    artist          VARCHAR,
    song            VARCHAR,
    length          DOUBLE PRECISION,
    location        VARCHAR,
    user_agent      VARCHAR,
    registration    BIGINT,             -- epoch milliseconds
    repaired        BOOLEAN NOT NULL    -- artist or song was double-decoded UTF-8 and got repaired
);

CREATE TABLE staging.sparkify_songs (
    song_id          VARCHAR NOT NULL,  -- unique: a song seen again replaces the earlier version
    title            VARCHAR,
    artist_id        VARCHAR NOT NULL,
    artist_name      VARCHAR,
    artist_location  VARCHAR,
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    year             INTEGER,           -- NULL when the source says 0 (unknown)
    duration         DOUBLE PRECISION,
    file_id          INTEGER NOT NULL,
    line_no          BIGINT NOT NULL,
    repaired         BOOLEAN NOT NULL
);
