-- Fact table: one row per NextSong event. songplay_id is the staged event_id, so it never
-- changes between runs. song_id and artist_id are set when the play matched the catalogue
-- (see staging.song_matches); song_title and artist_name keep the names the event carried.
-- depends: staging.sparkify_events, staging.song_matches
DROP TABLE IF EXISTS analytics.songplays;
CREATE TABLE analytics.songplays AS
SELECT e.event_id AS songplay_id,
       e.start_time,
       e.user_id,
       e.level,
       m.song_id,
       m.artist_id,
       e.session_id,
       e.location,
       e.user_agent,
       e.song AS song_title,
       e.artist AS artist_name,
       e.length,
       'sparkify' AS source,
       e.file_id,
       e.line_no
FROM staging.sparkify_events e
LEFT JOIN staging.song_matches m ON m.song = e.song AND m.artist = e.artist AND m.length = e.length
WHERE e.page = 'NextSong';
