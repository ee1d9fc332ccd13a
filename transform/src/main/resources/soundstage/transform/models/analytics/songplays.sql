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
-- depends: staging.sparkify_events, staging.song_matches, central.spotify_streams, analytics.users
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
