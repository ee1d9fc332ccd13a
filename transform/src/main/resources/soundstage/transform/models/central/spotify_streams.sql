-- The single source of truth of Spotify plays: every extended record, and every "Last 12
-- months" record that no extended record replaces.
--
-- Upgrade: a 12-month record (endTime, minute precision) is replaced by the extended records of
-- the same listener, creator and title (artist and track, show and episode, audiobook and
-- chapter) whose ts falls in the same minute. Real exports collapse several plays of one track
-- within a minute into one 12-month record, so one may be replaced by several extended ones; an
-- extended record is never replaced. upgrades_12_month marks the extended records that replaced
-- one. Rebuilt from staging on every build, so the result depends on the set of plays only: any
-- order of ingesting, and ingesting again, give the same table.
-- depends: staging.spotify_streams
DROP TABLE IF EXISTS central.spotify_streams;
CREATE TABLE central.spotify_streams AS
WITH twelve_month AS (
    SELECT stream_id, listener, creator, title, ts FROM staging.spotify_streams WHERE history = '12-month'
), extended_minutes AS (
    SELECT stream_id, listener, creator, title, date_trunc('minute', ts) AS minute FROM staging.spotify_streams WHERE history = 'extended'
), matches AS (
    SELECT t.stream_id AS replaced, e.stream_id AS replacing
    FROM twelve_month t
    JOIN extended_minutes e ON e.listener = t.listener AND e.creator = t.creator AND e.title = t.title AND e.minute = t.ts
)
SELECT s.stream_id, s.listener, s.history, s.content_type, s.ts, s.start_time, s.ms_played, s.creator, s.title,
       s.track_name, s.artist_name, s.album_name, s.track_uri, s.episode_name, s.show_name, s.episode_uri,
       s.audiobook_title, s.audiobook_uri, s.chapter_title, s.chapter_uri, s.author_name,
       s.platform, s.conn_country, s.reason_start, s.reason_end, s.shuffle, s.skipped, s.offline, s.offline_at, s.incognito,
       s.stream_id IN (SELECT replacing FROM matches) AS upgrades_12_month
FROM staging.spotify_streams s
WHERE s.stream_id NOT IN (SELECT replaced FROM matches);
