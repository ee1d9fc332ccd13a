-- Version 2: Spotify streaming-history exports, and the central layer.
CREATE SCHEMA IF NOT EXISTS central;

-- Source layer: one row per play record of any export variant, as read, with lineage. A
-- record's keys are mapped to these columns whatever the variant calls them (endTime and ts,
-- artistName and master_metadata_album_artist_name, ip_addr_decrypted and ip_addr, ...).
-- record_no counts the records of the file's JSON array from 1; line_no is the line the record
-- starts on. raw keeps the whole record when it has keys this table has no column for.
-- ip_addr and user_agent are personal data: they live here only (and are NULL when ingest drops
-- personal data).
CREATE TABLE source.spotify_streams (
    file_id           INTEGER NOT NULL,
    record_no         BIGINT NOT NULL,
    line_no           BIGINT NOT NULL,
    listener          VARCHAR NOT NULL,   -- username of the record, else of the export's Userdata.json, else --listener
    history           VARCHAR NOT NULL,   -- '12-month' (endTime records) | 'extended' (ts records)
    file_content      VARCHAR,            -- what the file name says it holds: music | podcast | audiobook | video; NULL when mixed
    ts                TIMESTAMP NOT NULL, -- end of play, UTC (minute precision for 12-month records)
    ms_played         BIGINT NOT NULL,
    track_name        VARCHAR,
    artist_name       VARCHAR,
    album_name        VARCHAR,
    track_uri         VARCHAR,
    episode_name      VARCHAR,
    show_name         VARCHAR,
    episode_uri       VARCHAR,
    audiobook_title   VARCHAR,
    audiobook_uri     VARCHAR,
    chapter_title     VARCHAR,
    chapter_uri       VARCHAR,
    author_name       VARCHAR,
    platform          VARCHAR,
    conn_country      VARCHAR,
    ip_addr           VARCHAR,
    user_agent        VARCHAR,
    reason_start      VARCHAR,
    reason_end        VARCHAR,
    shuffle           BOOLEAN,
    skipped           BOOLEAN,
    offline           BOOLEAN,
    offline_timestamp BIGINT,             -- as read: epoch milliseconds in older exports, seconds in newer ones
    incognito_mode    BOOLEAN,
    city              VARCHAR,
    region            VARCHAR,
    metro_code        VARCHAR,
    longitude         DOUBLE PRECISION,
    latitude          DOUBLE PRECISION,
    raw               VARCHAR
);

-- Staging layer: typed and cleaned plays without personal data, each distinct play once.
-- Filled incrementally; stream_id identifies a play by its content, so it is the same whatever
-- order the exports arrive in.
CREATE TABLE staging.spotify_streams (
    stream_id         BIGINT NOT NULL,
    file_id           INTEGER NOT NULL,   -- lineage of the first copy
    record_no         BIGINT NOT NULL,
    listener          VARCHAR NOT NULL,
    history           VARCHAR NOT NULL,
    content_type      VARCHAR NOT NULL,   -- music | podcast | audiobook | video | unknown
    ts                TIMESTAMP NOT NULL,
    start_time        TIMESTAMP NOT NULL, -- ts minus ms_played
    ms_played         BIGINT NOT NULL,
    creator           VARCHAR,            -- artist, show or audiobook: what a 12-month record is matched on
    title             VARCHAR,            -- track, episode or chapter
    track_name        VARCHAR,
    artist_name       VARCHAR,
    album_name        VARCHAR,
    track_uri         VARCHAR,
    episode_name      VARCHAR,
    show_name         VARCHAR,
    episode_uri       VARCHAR,
    audiobook_title   VARCHAR,
    audiobook_uri     VARCHAR,
    chapter_title     VARCHAR,
    chapter_uri       VARCHAR,
    author_name       VARCHAR,
    platform          VARCHAR,
    conn_country      VARCHAR,
    reason_start      VARCHAR,
    reason_end        VARCHAR,
    shuffle           BOOLEAN,
    skipped           BOOLEAN,
    offline           BOOLEAN,
    offline_at        TIMESTAMP,          -- offline_timestamp as a time, whatever its unit; NULL for 0
    incognito         BOOLEAN
);
