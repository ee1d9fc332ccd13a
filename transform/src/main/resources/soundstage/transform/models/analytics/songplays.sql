-- Fact table: one row per play, of both sources (source says which).
--
-- Sparkify: one row per NextSong event. songplay_id is the staged event_id (file 3, line 17 gives
-- 3000000017), so it never changes between runs. song_id and artist_id are set when the play
-- matched the catalogue (see staging.song_matches); song_title, artist_name and length keep what
-- the event carried. ms_played is the length in milliseconds (rounded), content_type 'music';
-- the other Spotify columns are NULL.
--
-- Spotify: one row per play of central.spotify_streams, of every content type. songplay_id is
-- minus stream_id: never positive, so never one of Sparkify's ids, and as stable as stream_id
-- (it depends on the play's content, not on the order of ingesting). user_id is the listener's
-- in analytics.users. start_time is the start of the play (ts minus ms_played). A track's play
-- has song_id (the track URI, else 'spotify:track-name:' and a number derived from artist, track
-- and album: see analytics.songs, which also holds the album) and artist_id
-- ('spotify:artist-name:' and a number derived from the artist's name: exports carry no artist
-- URI); song_title and artist_name are the track's. A podcast or video episode's or an audiobook
-- chapter's play has episode_id instead (see analytics.episodes) and no song columns. level,
-- session_id, location, user_agent, length and the lineage (file_id, line_no) are NULL: the
-- play's lineage is the staged play with stream_id = -songplay_id. skipped is false where an
-- extended history leaves it NULL (older exports write only true), NULL in 12-month records,
-- which do not say.
-- depends: staging.sparkify_events, staging.song_matches, central.spotify_streams, analytics.users, staging.sparkify_songs, staging.spotify_streams
DROP TABLE IF EXISTS analytics.songplays;
CREATE TABLE analytics.songplays AS
-- Spotify's derived ids (see analytics.songs, analytics.artists and analytics.episodes), once per
-- distinct name rather than once per play: a join costs less than an MD5 per play. A URI, where
-- a play has one, comes first in the coalesce below, so the maps need not be joined on its absence.
WITH named_tracks AS (
    SELECT track_key, 'spotify:track-name:' || CAST(meta.id_of(track_key) AS VARCHAR) AS song_id
    FROM (SELECT DISTINCT coalesce(artist_name, chr(30)) || chr(31) || track_name || chr(31) || coalesce(album_name, chr(30)) AS track_key
          FROM central.spotify_streams WHERE track_uri IS NULL AND track_name IS NOT NULL) AS names
), named_artists AS (
    SELECT artist_name, 'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR) AS artist_id
    FROM (SELECT DISTINCT artist_name FROM central.spotify_streams WHERE artist_name IS NOT NULL) AS names
), named_episodes AS (
    SELECT episode_key, 'spotify:episode-name:' || CAST(meta.id_of(episode_key) AS VARCHAR) AS episode_id
    FROM (SELECT DISTINCT coalesce(show_name, chr(30)) || chr(31) || episode_name AS episode_key
          FROM central.spotify_streams WHERE episode_uri IS NULL AND episode_name IS NOT NULL) AS names
), named_chapters AS (
    SELECT chapter_key, 'spotify:chapter-name:' || CAST(meta.id_of(chapter_key) AS VARCHAR) AS episode_id
    FROM (SELECT DISTINCT coalesce(audiobook_title, chr(30)) || chr(31) || chapter_title AS chapter_key
          FROM central.spotify_streams WHERE episode_uri IS NULL AND episode_name IS NULL AND chapter_uri IS NULL AND chapter_title IS NOT NULL) AS names
)
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
       e.line_no,
       CAST(NULL AS VARCHAR) AS episode_id,
       'music' AS content_type,
       CAST(floor(e.length * 1000 + 0.5) AS BIGINT) AS ms_played,
       CAST(NULL AS VARCHAR) AS platform,
       CAST(NULL AS VARCHAR) AS conn_country,
       CAST(NULL AS VARCHAR) AS reason_start,
       CAST(NULL AS VARCHAR) AS reason_end,
       CAST(NULL AS BOOLEAN) AS shuffle,
       CAST(NULL AS BOOLEAN) AS skipped,
       CAST(NULL AS BOOLEAN) AS offline,
       CAST(NULL AS BOOLEAN) AS incognito
FROM staging.sparkify_events e
LEFT JOIN staging.song_matches m ON m.song = e.song AND m.artist = e.artist AND m.length = e.length
WHERE e.page = 'NextSong'
UNION ALL
SELECT -s.stream_id,
       s.start_time,
       u.user_id,
       CAST(NULL AS VARCHAR),
       coalesce(s.track_uri, t.song_id),
       a.artist_id,
       CAST(NULL AS INTEGER),
       CAST(NULL AS VARCHAR),
       CAST(NULL AS VARCHAR),
       s.track_name,
       s.artist_name,
       CAST(NULL AS DOUBLE PRECISION),
       'spotify',
       CAST(NULL AS INTEGER),
       CAST(NULL AS BIGINT),
       coalesce(s.episode_uri, ep.episode_id, s.chapter_uri, ch.episode_id),
       s.content_type,
       s.ms_played,
       s.platform,
       s.conn_country,
       s.reason_start,
       s.reason_end,
       s.shuffle,
       CASE WHEN s.history = 'extended' THEN coalesce(s.skipped, false) END,
       s.offline,
       s.incognito
FROM central.spotify_streams s
JOIN analytics.users u ON u.username = s.listener AND u.source = 'spotify'
LEFT JOIN named_tracks t ON t.track_key = coalesce(s.artist_name, chr(30)) || chr(31) || s.track_name || chr(31) || coalesce(s.album_name, chr(30))
LEFT JOIN named_artists a ON a.artist_name = s.artist_name
LEFT JOIN named_episodes ep ON ep.episode_key = coalesce(s.show_name, chr(30)) || chr(31) || s.episode_name
LEFT JOIN named_chapters ch ON ch.chapter_key = coalesce(s.audiobook_title, chr(30)) || chr(31) || s.chapter_title;
-- Not sorted: incremental runs look rows up by file_id and start_time, and DuckDB skips the
-- blocks whose ranges are outside; the rows come out in about the order staging holds them
-- (file after file, and Sparkify files hold days in order), which keeps those ranges narrow, and
-- the rows of later runs, of later files, are appended after them. An ORDER BY file_id, line_no,
-- start_time here cost 0.75 s of 2.6 s at 1M plays.

-- incremental: the NextSong events of the new files are added (taken out first, so that running
-- again over the same files changes nothing); when new files add or replace songs, every
-- Sparkify play whose match changed takes its new song_id and artist_id. The Spotify plays that
-- new files change (their own plays, and the 12-month plays a new extended play replaces) are
-- taken out and added again as central has them.
DELETE FROM analytics.songplays WHERE source = 'sparkify' AND file_id > :low_file_id AND file_id <= :high_file_id;

INSERT INTO analytics.songplays
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
       e.line_no,
       CAST(NULL AS VARCHAR) AS episode_id,
       'music' AS content_type,
       CAST(floor(e.length * 1000 + 0.5) AS BIGINT) AS ms_played,
       CAST(NULL AS VARCHAR) AS platform,
       CAST(NULL AS VARCHAR) AS conn_country,
       CAST(NULL AS VARCHAR) AS reason_start,
       CAST(NULL AS VARCHAR) AS reason_end,
       CAST(NULL AS BOOLEAN) AS shuffle,
       CAST(NULL AS BOOLEAN) AS skipped,
       CAST(NULL AS BOOLEAN) AS offline,
       CAST(NULL AS BOOLEAN) AS incognito
FROM staging.sparkify_events e
LEFT JOIN staging.song_matches m ON m.song = e.song AND m.artist = e.artist AND m.length = e.length
WHERE e.page = 'NextSong' AND e.file_id > :low_file_id AND e.file_id <= :high_file_id;

-- (The plays to change first, in a table of their own: with its true size, none, the update
-- then reads nothing.)
CREATE TEMP TABLE rematched_plays AS
SELECT sp.songplay_id, m.song_id, m.artist_id
FROM analytics.songplays sp
-- One row when new files add or replace songs, none otherwise (and then nothing is read).
JOIN (SELECT DISTINCT 'sparkify' AS source FROM staging.sparkify_songs WHERE file_id > :low_file_id AND file_id <= :high_file_id) AS songs_changed
  ON songs_changed.source = sp.source
LEFT JOIN staging.song_matches m ON m.song = sp.song_title AND m.artist = sp.artist_name AND m.length = sp.length
WHERE sp.song_id IS DISTINCT FROM m.song_id OR sp.artist_id IS DISTINCT FROM m.artist_id;

UPDATE analytics.songplays AS p
SET song_id = r.song_id, artist_id = r.artist_id
FROM rematched_plays AS r
WHERE p.songplay_id = r.songplay_id;

DROP TABLE rematched_plays;

CREATE TEMP TABLE changed_plays AS
SELECT stream_id FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id
UNION
SELECT t.stream_id
FROM staging.spotify_streams t
JOIN staging.spotify_streams n
  ON n.listener = t.listener AND coalesce(n.creator, '') = coalesce(t.creator, '') AND coalesce(n.title, '') = coalesce(t.title, '') AND date_trunc('minute', n.ts) = t.ts
WHERE t.history = '12-month' AND n.history = 'extended' AND n.file_id > :low_file_id AND n.file_id <= :high_file_id
UNION
-- and the earlier copies of a new play of either history (which end alike, under the same names
-- or others), one of which central keeps (see central.spotify_streams)
SELECT t.stream_id
FROM staging.spotify_streams t
JOIN staging.spotify_streams n
  ON n.listener = t.listener AND n.history = t.history AND n.ts = t.ts AND n.ms_played = t.ms_played
WHERE n.file_id > :low_file_id AND n.file_id <= :high_file_id;

DELETE FROM analytics.songplays WHERE source = 'spotify' AND songplay_id IN (SELECT -stream_id FROM changed_plays);

INSERT INTO analytics.songplays
WITH named_tracks AS (
    SELECT track_key, 'spotify:track-name:' || CAST(meta.id_of(track_key) AS VARCHAR) AS song_id
    FROM (SELECT DISTINCT coalesce(artist_name, chr(30)) || chr(31) || track_name || chr(31) || coalesce(album_name, chr(30)) AS track_key
          FROM central.spotify_streams WHERE stream_id IN (SELECT stream_id FROM changed_plays) AND track_uri IS NULL AND track_name IS NOT NULL) AS names
), named_artists AS (
    SELECT artist_name, 'spotify:artist-name:' || CAST(meta.id_of(artist_name) AS VARCHAR) AS artist_id
    FROM (SELECT DISTINCT artist_name FROM central.spotify_streams WHERE stream_id IN (SELECT stream_id FROM changed_plays) AND artist_name IS NOT NULL) AS names
), named_episodes AS (
    SELECT episode_key, 'spotify:episode-name:' || CAST(meta.id_of(episode_key) AS VARCHAR) AS episode_id
    FROM (SELECT DISTINCT coalesce(show_name, chr(30)) || chr(31) || episode_name AS episode_key
          FROM central.spotify_streams WHERE stream_id IN (SELECT stream_id FROM changed_plays) AND episode_uri IS NULL AND episode_name IS NOT NULL) AS names
), named_chapters AS (
    SELECT chapter_key, 'spotify:chapter-name:' || CAST(meta.id_of(chapter_key) AS VARCHAR) AS episode_id
    FROM (SELECT DISTINCT coalesce(audiobook_title, chr(30)) || chr(31) || chapter_title AS chapter_key
          FROM central.spotify_streams WHERE stream_id IN (SELECT stream_id FROM changed_plays) AND episode_uri IS NULL AND episode_name IS NULL AND chapter_uri IS NULL AND chapter_title IS NOT NULL) AS names
)
SELECT -s.stream_id,
       s.start_time,
       u.user_id,
       CAST(NULL AS VARCHAR),
       coalesce(s.track_uri, t.song_id),
       a.artist_id,
       CAST(NULL AS INTEGER),
       CAST(NULL AS VARCHAR),
       CAST(NULL AS VARCHAR),
       s.track_name,
       s.artist_name,
       CAST(NULL AS DOUBLE PRECISION),
       'spotify',
       CAST(NULL AS INTEGER),
       CAST(NULL AS BIGINT),
       coalesce(s.episode_uri, ep.episode_id, s.chapter_uri, ch.episode_id),
       s.content_type,
       s.ms_played,
       s.platform,
       s.conn_country,
       s.reason_start,
       s.reason_end,
       s.shuffle,
       CASE WHEN s.history = 'extended' THEN coalesce(s.skipped, false) END,
       s.offline,
       s.incognito
FROM central.spotify_streams s
JOIN analytics.users u ON u.username = s.listener AND u.source = 'spotify'
LEFT JOIN named_tracks t ON t.track_key = coalesce(s.artist_name, chr(30)) || chr(31) || s.track_name || chr(31) || coalesce(s.album_name, chr(30))
LEFT JOIN named_artists a ON a.artist_name = s.artist_name
LEFT JOIN named_episodes ep ON ep.episode_key = coalesce(s.show_name, chr(30)) || chr(31) || s.episode_name
LEFT JOIN named_chapters ch ON ch.chapter_key = coalesce(s.audiobook_title, chr(30)) || chr(31) || s.chapter_title
WHERE s.stream_id IN (SELECT stream_id FROM changed_plays);

DROP TABLE changed_plays;
