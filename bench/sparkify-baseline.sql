-- The baseline: what an expert writes by hand in ten minutes to build the Sparkify star schema
-- straight from the files with DuckDB. No file registry, no hashing, no lineage, no dedup, no
-- quarantine (bad lines are skipped), no checks. Run with the data folder in variable `data`:
--   soundstage sql -w /tmp/baseline.duckdb -f bench/sparkify-baseline.sql   (see bench/sparkify.sh)
-- DuckDB's default memory limit (80% of RAM: 19 GB on the 24 GB benchmark machine), as the expert
-- would have it; `soundstage sql` opens warehouses with Soundstage's 1 GB limit.
SET memory_limit = '19GB';

CREATE TABLE staging_events AS
SELECT * FROM read_json(getvariable('data') || '/log_data/**/*.json', format = 'newline_delimited', ignore_errors = true,
    columns = {artist: 'VARCHAR', auth: 'VARCHAR', firstName: 'VARCHAR', gender: 'VARCHAR', itemInSession: 'BIGINT',
               lastName: 'VARCHAR', length: 'DOUBLE', level: 'VARCHAR', location: 'VARCHAR', method: 'VARCHAR',
               page: 'VARCHAR', registration: 'DOUBLE', sessionId: 'BIGINT', song: 'VARCHAR', status: 'BIGINT',
               ts: 'BIGINT', userAgent: 'VARCHAR', userId: 'VARCHAR'});

CREATE TABLE staging_songs AS
SELECT * FROM read_json(getvariable('data') || '/song_data/**/*.json', format = 'newline_delimited', ignore_errors = true,
    columns = {num_songs: 'BIGINT', artist_id: 'VARCHAR', artist_latitude: 'DOUBLE', artist_longitude: 'DOUBLE',
               artist_location: 'VARCHAR', artist_name: 'VARCHAR', song_id: 'VARCHAR', title: 'VARCHAR',
               duration: 'DOUBLE', year: 'BIGINT'});

CREATE TABLE songs AS
SELECT DISTINCT ON (song_id) song_id, title, artist_id, year, duration FROM staging_songs;

CREATE TABLE artists AS
SELECT DISTINCT ON (artist_id) artist_id, artist_name AS name, artist_location AS location,
       artist_latitude AS latitude, artist_longitude AS longitude
FROM staging_songs;

CREATE TABLE users AS
SELECT CAST(userId AS INTEGER) AS user_id, arg_max(firstName, ts) AS first_name, arg_max(lastName, ts) AS last_name,
       arg_max(gender, ts) AS gender, arg_max(level, ts) AS level
FROM staging_events WHERE userId <> '' GROUP BY userId;

CREATE TABLE songplays AS
SELECT row_number() OVER () AS songplay_id, make_timestamp(e.ts * 1000) AS start_time,
       CAST(e.userId AS INTEGER) AS user_id, e.level, s.song_id, s.artist_id, e.sessionId AS session_id,
       e.location, e.userAgent AS user_agent
FROM staging_events e
LEFT JOIN (SELECT DISTINCT ON (title, artist_name, duration) * FROM staging_songs) s
       ON s.title = e.song AND s.artist_name = e.artist AND s.duration = e.length
WHERE e.page = 'NextSong';

CREATE TABLE time AS
SELECT DISTINCT start_time, hour(start_time) AS hour, day(start_time) AS day, week(start_time) AS week,
       month(start_time) AS month, year(start_time) AS year, isodow(start_time) - 1 AS weekday
FROM songplays;

SELECT (SELECT count(*) FROM songplays) AS songplays, (SELECT count(*) FROM users) AS users,
       (SELECT count(*) FROM songs) AS songs, (SELECT count(*) FROM artists) AS artists,
       (SELECT count(*) FROM time) AS time;
