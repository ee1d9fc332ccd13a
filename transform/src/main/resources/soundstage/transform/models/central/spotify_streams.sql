-- The single source of truth of Spotify plays: every extended record, and every "Last 12
-- months" record that no extended record replaces.
--
-- Upgrade: a 12-month record (endTime, minute precision) is replaced by the extended records of
-- the same listener, creator and title (artist and track, show and episode, audiobook and
-- chapter) whose ts falls in the same minute. Real exports collapse several plays of one track
-- within a minute into one 12-month record, so one may be replaced by several extended ones; an
-- extended record is never replaced by a 12-month one. upgrades_12_month marks the extended
-- records that replaced one. Only the 12-month audiobook file names the author (authorName): an
-- extended record that replaces such a record takes its author_name.
--
-- One play, one record: the extended export's formats changed over the years (no track URI in
-- the oldest, skipped null or false, offline_timestamp in milliseconds or seconds), and Spotify
-- writes a track's name as it is on the day of the export ("Song" then "Song - Remastered
-- 2011"), so a lifetime history downloaded again repeats every play with other content, which
-- staging (equal content only) keeps. Extended records of the same listener, ts, ms_played,
-- reason_start and reason_end (which every extended format has) are one play when they name the
-- same URI, or the same creator and title, or the same creator when one comes from a file that
-- names no URI at all (the oldest format, which names a track as it was then: "T" for a later
-- "T - Remastered 2011") and the other names one (so two plays of one artist that end in the
-- same second in one file stay two, a local file without URI among tracks with one too): the one with a URI is kept, then the one that says
-- whether it was skipped, then the lowest stream_id (a hash of the content, so the choice does
-- not depend on the order the exports came in). (ts is to the second: two plays of one track by
-- one listener that end in the same second after the same time played, started and ended for
-- the same reasons, would be taken for one.)
--
-- Copies never name two different URIs (a newer format adds one where an older had none): records
-- of one creator and title that do are different plays (two episodes without names), none of
-- them taken for a copy by its names.
--
-- "Last 12 months" exports named their files StreamingHistoryN.json, music and podcasts mixed,
-- then StreamingHistory_music_N.json and StreamingHistory_podcast_N.json: the same play in one of
-- each is a music record (artistName, trackName) and a podcast one (podcastName, episodeName),
-- or an unknown one and a music one, which staging keeps apart. 12-month records of the same
-- listener, creator, title, minute and ms_played are one play (Spotify writes one record for the
-- plays of one track in a minute): the one a file name typed is kept (podcast, audiobook,
-- video; then music; then unknown), then the lowest stream_id.
--
-- A play without a creator (a 12-month record's empty artistName, an extended record's null
-- artist or show) or without a title is matched by the name it has: creator and title are
-- compared as coalesce(..., ''), which no name is (staging makes empty names NULL), so a
-- nameless side matches only a nameless side, and the joins stay hash joins.
--
-- The result depends on the set of plays only: any order of ingesting, and ingesting again,
-- give the same table.
-- depends: staging.spotify_streams
DROP TABLE IF EXISTS central.spotify_streams;
CREATE TABLE central.spotify_streams AS
-- Only the minutes that have plays of both histories change anything, and only the 12-month
-- records can bring one: those few minutes are found from the 12-month side (a join whose small
-- side is the 12-month records), instead of grouping every play by its minute (1M extended plays
-- without 12-month records: 2.3 s against 3.0 s).
WITH twelve_month AS (
    SELECT listener, coalesce(creator, '') AS creator, coalesce(title, '') AS title, ts AS minute, max(author_name) AS author_name
    FROM staging.spotify_streams
    WHERE history = '12-month'
    GROUP BY listener, coalesce(creator, ''), coalesce(title, ''), ts
), both_histories AS (
    -- Each play's match key: listener, creator, title and the minute it ended (12-month records
    -- are already minutes).
    SELECT DISTINCT t.listener, t.creator, t.title, t.minute, t.author_name
    FROM staging.spotify_streams s
    JOIN twelve_month t ON t.listener = s.listener AND t.creator = coalesce(s.creator, '') AND t.title = coalesce(s.title, '')
     AND t.minute = date_trunc('minute', s.ts)
    WHERE s.history = 'extended'
), marked AS (
    SELECT s.stream_id, s.history = '12-month' AS replaced, s.history = 'extended' AS upgrades_12_month,
           CASE WHEN s.history = 'extended' THEN b.author_name END AS twelve_month_author
    FROM staging.spotify_streams s
    JOIN both_histories b ON b.listener = s.listener AND b.creator = coalesce(s.creator, '') AND b.title = coalesce(s.title, '')
     AND b.minute = CASE WHEN s.history = '12-month' THEN s.ts ELSE date_trunc('minute', s.ts) END
), candidates AS (
    -- The extended records that end alike, the only ones that can be copies of each other (a
    -- hash aggregate over the extended records; only these few are then compared).
    SELECT listener, ts, ms_played, coalesce(reason_start, '') AS reason_start, coalesce(reason_end, '') AS reason_end
    FROM staging.spotify_streams
    WHERE history = 'extended'
    GROUP BY listener, ts, ms_played, coalesce(reason_start, ''), coalesce(reason_end, '')
    HAVING count(*) > 1
), uriless_files AS (
    -- the files of the oldest extended format, which names no URI
    SELECT file_id
    FROM staging.spotify_streams
    WHERE history = 'extended'
    GROUP BY file_id
    HAVING count(coalesce(track_uri, episode_uri, chapter_uri, audiobook_uri)) = 0
), alike AS (
    SELECT s.stream_id, s.listener, s.ts, s.ms_played, c.reason_start, c.reason_end,
           coalesce(s.creator, '') AS creator, coalesce(s.title, '') AS title,
           coalesce(s.track_uri, s.episode_uri, s.chapter_uri, s.audiobook_uri) AS uri, s.skipped IS NULL AS skipped_unknown,
           s.file_id IN (SELECT file_id FROM uriless_files) AS from_uriless_file
    FROM staging.spotify_streams s
    JOIN candidates c ON c.listener = s.listener AND c.ts = s.ts AND c.ms_played = s.ms_played
     AND c.reason_start = coalesce(s.reason_start, '') AND c.reason_end = coalesce(s.reason_end, '')
    WHERE s.history = 'extended'
), named_apart AS (
    -- creator and title whose records name different URIs: not copies (see above)
    SELECT listener, ts, ms_played, reason_start, reason_end, creator, title
    FROM alike
    GROUP BY listener, ts, ms_played, reason_start, reason_end, creator, title
    HAVING count(DISTINCT uri) > 1
), superseded AS (
    -- a record with a better copy: same URI, or same names that name no two URIs; better is with a
    -- URI, then saying whether it was skipped, then the lower stream_id
    SELECT DISTINCT a.stream_id
    FROM alike a
    JOIN alike b ON b.listener = a.listener AND b.ts = a.ts AND b.ms_played = a.ms_played
     AND b.reason_start = a.reason_start AND b.reason_end = a.reason_end AND b.stream_id <> a.stream_id
    LEFT JOIN named_apart n ON n.listener = a.listener AND n.ts = a.ts AND n.ms_played = a.ms_played
     AND n.reason_start = a.reason_start AND n.reason_end = a.reason_end AND n.creator = a.creator AND n.title = a.title
    WHERE (a.uri = b.uri OR (a.creator = b.creator AND a.title = b.title AND n.listener IS NULL)
           OR (a.creator = b.creator AND a.from_uriless_file AND b.uri IS NOT NULL))
      AND (b.uri IS NOT NULL AND a.uri IS NULL
           OR (b.uri IS NULL) = (a.uri IS NULL) AND (NOT b.skipped_unknown AND a.skipped_unknown
               OR b.skipped_unknown = a.skipped_unknown AND b.stream_id < a.stream_id))
), twelve_month_repeats AS (
    SELECT listener, coalesce(creator, '') AS creator, coalesce(title, '') AS title, ts, ms_played
    FROM staging.spotify_streams
    WHERE history = '12-month'
    GROUP BY listener, coalesce(creator, ''), coalesce(title, ''), ts, ms_played
    HAVING count(*) > 1
), twelve_month_copies AS (
    SELECT stream_id
    FROM (
        SELECT s.stream_id,
               row_number() OVER (PARTITION BY s.listener, r.creator, r.title, s.ts, s.ms_played
                                  ORDER BY CASE s.content_type WHEN 'music' THEN 1 WHEN 'unknown' THEN 2 ELSE 0 END, s.stream_id) AS copy_no
        FROM staging.spotify_streams s
        JOIN twelve_month_repeats r ON r.listener = s.listener AND r.creator = coalesce(s.creator, '') AND r.title = coalesce(s.title, '')
         AND r.ts = s.ts AND r.ms_played = s.ms_played
        WHERE s.history = '12-month'
    ) AS copies
    WHERE copy_no > 1
)
SELECT s.stream_id, s.listener, s.history, s.content_type, s.ts, s.start_time, s.ms_played, s.creator, s.title,
       s.track_name, s.artist_name, s.album_name, s.track_uri, s.episode_name, s.show_name, s.episode_uri,
       s.audiobook_title, s.audiobook_uri, s.chapter_title, s.chapter_uri, coalesce(s.author_name, m.twelve_month_author) AS author_name,
       s.platform, s.conn_country, s.reason_start, s.reason_end, s.shuffle, s.skipped, s.offline, s.offline_at, s.incognito,
       coalesce(m.upgrades_12_month, false) AS upgrades_12_month
FROM staging.spotify_streams s
LEFT JOIN marked m ON m.stream_id = s.stream_id
WHERE NOT coalesce(m.replaced, false)
  AND s.stream_id NOT IN (SELECT stream_id FROM superseded)
  AND s.stream_id NOT IN (SELECT stream_id FROM twelve_month_copies);

-- incremental: a new play can change only the plays of its own listener and minute (the
-- 12-month record it replaces, its copies, which end in the same second): those are taken out
-- and made again from staging.
CREATE TEMP TABLE changed_minutes AS
SELECT DISTINCT listener, CASE WHEN history = '12-month' THEN ts ELSE date_trunc('minute', ts) END AS minute
FROM staging.spotify_streams
WHERE file_id > :low_file_id AND file_id <= :high_file_id;

CREATE TEMP TABLE changed_streams AS
SELECT s.*
FROM staging.spotify_streams s
JOIN changed_minutes k
  ON k.listener = s.listener AND k.minute = CASE WHEN s.history = '12-month' THEN s.ts ELSE date_trunc('minute', s.ts) END;

DELETE FROM central.spotify_streams WHERE stream_id IN (SELECT stream_id FROM changed_streams);

INSERT INTO central.spotify_streams
WITH flags AS (
    SELECT listener, creator, title, minute,
           count(*) FILTER (WHERE history = '12-month') > 0 AS has_12_month,
           count(*) FILTER (WHERE history = 'extended') > 0 AS has_extended,
           max(author_name) FILTER (WHERE history = '12-month') AS twelve_month_author
    FROM (SELECT listener, coalesce(creator, '') AS creator, coalesce(title, '') AS title, history, author_name,
                 CASE WHEN history = '12-month' THEN ts ELSE date_trunc('minute', ts) END AS minute
          FROM changed_streams) AS keyed_streams
    GROUP BY listener, creator, title, minute
), uriless_files AS (
    SELECT file_id
    FROM staging.spotify_streams
    WHERE history = 'extended' AND file_id IN (SELECT file_id FROM changed_streams)
    GROUP BY file_id
    HAVING count(coalesce(track_uri, episode_uri, chapter_uri, audiobook_uri)) = 0
), alike AS (
    -- as in the full build, over the changed minutes, which hold every copy of their plays
    SELECT s.stream_id, s.listener, s.ts, s.ms_played, coalesce(s.reason_start, '') AS reason_start, coalesce(s.reason_end, '') AS reason_end,
           coalesce(s.creator, '') AS creator, coalesce(s.title, '') AS title,
           coalesce(s.track_uri, s.episode_uri, s.chapter_uri, s.audiobook_uri) AS uri, s.skipped IS NULL AS skipped_unknown,
           s.file_id IN (SELECT file_id FROM uriless_files) AS from_uriless_file
    FROM changed_streams s
    WHERE s.history = 'extended'
), named_apart AS (
    SELECT listener, ts, ms_played, reason_start, reason_end, creator, title
    FROM alike
    GROUP BY listener, ts, ms_played, reason_start, reason_end, creator, title
    HAVING count(DISTINCT uri) > 1
), superseded AS (
    SELECT DISTINCT a.stream_id
    FROM alike a
    JOIN alike b ON b.listener = a.listener AND b.ts = a.ts AND b.ms_played = a.ms_played
     AND b.reason_start = a.reason_start AND b.reason_end = a.reason_end AND b.stream_id <> a.stream_id
    LEFT JOIN named_apart n ON n.listener = a.listener AND n.ts = a.ts AND n.ms_played = a.ms_played
     AND n.reason_start = a.reason_start AND n.reason_end = a.reason_end AND n.creator = a.creator AND n.title = a.title
    WHERE (a.uri = b.uri OR (a.creator = b.creator AND a.title = b.title AND n.listener IS NULL)
           OR (a.creator = b.creator AND a.from_uriless_file AND b.uri IS NOT NULL))
      AND (b.uri IS NOT NULL AND a.uri IS NULL
           OR (b.uri IS NULL) = (a.uri IS NULL) AND (NOT b.skipped_unknown AND a.skipped_unknown
               OR b.skipped_unknown = a.skipped_unknown AND b.stream_id < a.stream_id))
), twelve_month_copies AS (
    SELECT stream_id
    FROM (
        SELECT stream_id,
               row_number() OVER (PARTITION BY listener, coalesce(creator, ''), coalesce(title, ''), ts, ms_played
                                  ORDER BY CASE content_type WHEN 'music' THEN 1 WHEN 'unknown' THEN 2 ELSE 0 END, stream_id) AS copy_no
        FROM changed_streams
        WHERE history = '12-month'
    ) AS copies
    WHERE copy_no > 1
), flagged AS (
    SELECT s.*,
           s.history = '12-month' AND coalesce(k.has_extended, false) AS replaced,
           s.history = 'extended' AND coalesce(k.has_12_month, false) AS upgrades_12_month,
           coalesce(s.author_name, CASE WHEN s.history = 'extended' THEN k.twelve_month_author END) AS kept_author
    FROM changed_streams s
    LEFT JOIN flags k ON k.listener = s.listener AND k.creator = coalesce(s.creator, '') AND k.title = coalesce(s.title, '')
     AND k.minute = CASE WHEN s.history = '12-month' THEN s.ts ELSE date_trunc('minute', s.ts) END
)
SELECT stream_id, listener, history, content_type, ts, start_time, ms_played, creator, title,
       track_name, artist_name, album_name, track_uri, episode_name, show_name, episode_uri,
       audiobook_title, audiobook_uri, chapter_title, chapter_uri, kept_author,
       platform, conn_country, reason_start, reason_end, shuffle, skipped, offline, offline_at, incognito,
       upgrades_12_month
FROM flagged
WHERE NOT replaced AND stream_id NOT IN (SELECT stream_id FROM superseded) AND stream_id NOT IN (SELECT stream_id FROM twelve_month_copies);

DROP TABLE changed_streams;
DROP TABLE changed_minutes;
