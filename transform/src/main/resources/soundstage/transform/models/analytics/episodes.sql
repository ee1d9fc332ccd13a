-- One row per podcast or video episode (kind 'podcast') and audiobook chapter (kind
-- 'audiobook') that Spotify plays name: what a songplay's episode_id points to, so that songs
-- hold only music. episode_id is the episode's or chapter's URI, else 'spotify:episode-name:'
-- (from show and episode) or 'spotify:chapter-name:' (from audiobook and chapter) and a derived
-- number (as in analytics.songplays). title is the episode or chapter, show_name the show or the
-- audiobook, author_name the audiobook's author, uri the episode's or chapter's URI and show_uri
-- the audiobook's (exports name no show URI); each from the latest play (by ts, then stream_id),
-- the author from the latest play that names one (only 12-month records do).
-- depends: central.spotify_streams, staging.spotify_streams
DROP TABLE IF EXISTS analytics.episodes;
CREATE TABLE analytics.episodes AS
WITH named AS (
    SELECT kind,
           CASE WHEN kind = 'podcast' THEN episode_uri ELSE chapter_uri END AS uri,
           CASE WHEN kind = 'podcast' THEN episode_name ELSE chapter_title END AS title,
           CASE WHEN kind = 'podcast' THEN show_name ELSE audiobook_title END AS show_name,
           CASE WHEN kind = 'audiobook' THEN author_name END AS author_name,
           CASE WHEN kind = 'audiobook' THEN audiobook_uri END AS show_uri,
           ts, stream_id
    FROM (
        SELECT CASE WHEN episode_uri IS NOT NULL OR episode_name IS NOT NULL THEN 'podcast' ELSE 'audiobook' END AS kind, *
        FROM central.spotify_streams
        WHERE episode_uri IS NOT NULL OR episode_name IS NOT NULL OR chapter_uri IS NOT NULL OR chapter_title IS NOT NULL
    ) AS plays
), items AS (
    -- Each distinct way plays name an episode or chapter once, so ids are derived once per name.
    SELECT kind, uri, title, show_name, author_name, show_uri, max(ts) AS last_played, max(stream_id) AS last_stream_id
    FROM named
    GROUP BY kind, uri, title, show_name, author_name, show_uri
), identified AS (
    SELECT CASE WHEN uri IS NOT NULL THEN uri
                WHEN kind = 'podcast' THEN 'spotify:episode-name:' || CAST(meta.id_of(coalesce(show_name, chr(30)) || chr(31) || title) AS VARCHAR)
                ELSE 'spotify:chapter-name:' || CAST(meta.id_of(coalesce(show_name, chr(30)) || chr(31) || title) AS VARCHAR)
           END AS episode_id,
           kind, title, show_name, author_name, uri, show_uri, last_played, last_stream_id
    FROM items
), latest AS (
    SELECT *, row_number() OVER (PARTITION BY episode_id ORDER BY last_played DESC, last_stream_id DESC) AS version_no
    FROM identified
), authors AS (
    SELECT episode_id, author_name,
           row_number() OVER (PARTITION BY episode_id ORDER BY last_played DESC, last_stream_id DESC) AS author_no
    FROM identified
    WHERE author_name IS NOT NULL
)
SELECT l.episode_id, l.kind, l.title, l.show_name, a.author_name, l.uri, l.show_uri
FROM latest l
LEFT JOIN authors a ON a.episode_id = l.episode_id AND a.author_no = 1
WHERE l.version_no = 1;

-- incremental: remade when new files bring Spotify plays.
DELETE FROM analytics.episodes WHERE EXISTS (SELECT 1 FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id);

INSERT INTO analytics.episodes
WITH named AS (
    SELECT kind,
           CASE WHEN kind = 'podcast' THEN episode_uri ELSE chapter_uri END AS uri,
           CASE WHEN kind = 'podcast' THEN episode_name ELSE chapter_title END AS title,
           CASE WHEN kind = 'podcast' THEN show_name ELSE audiobook_title END AS show_name,
           CASE WHEN kind = 'audiobook' THEN author_name END AS author_name,
           CASE WHEN kind = 'audiobook' THEN audiobook_uri END AS show_uri,
           ts, stream_id
    FROM (
        SELECT CASE WHEN episode_uri IS NOT NULL OR episode_name IS NOT NULL THEN 'podcast' ELSE 'audiobook' END AS kind, *
        FROM central.spotify_streams
        WHERE (episode_uri IS NOT NULL OR episode_name IS NOT NULL OR chapter_uri IS NOT NULL OR chapter_title IS NOT NULL)
          AND EXISTS (SELECT 1 FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id)
    ) AS plays
), items AS (
    -- Each distinct way plays name an episode or chapter once, so ids are derived once per name.
    SELECT kind, uri, title, show_name, author_name, show_uri, max(ts) AS last_played, max(stream_id) AS last_stream_id
    FROM named
    GROUP BY kind, uri, title, show_name, author_name, show_uri
), identified AS (
    SELECT CASE WHEN uri IS NOT NULL THEN uri
                WHEN kind = 'podcast' THEN 'spotify:episode-name:' || CAST(meta.id_of(coalesce(show_name, chr(30)) || chr(31) || title) AS VARCHAR)
                ELSE 'spotify:chapter-name:' || CAST(meta.id_of(coalesce(show_name, chr(30)) || chr(31) || title) AS VARCHAR)
           END AS episode_id,
           kind, title, show_name, author_name, uri, show_uri, last_played, last_stream_id
    FROM items
), latest AS (
    SELECT *, row_number() OVER (PARTITION BY episode_id ORDER BY last_played DESC, last_stream_id DESC) AS version_no
    FROM identified
), authors AS (
    SELECT episode_id, author_name,
           row_number() OVER (PARTITION BY episode_id ORDER BY last_played DESC, last_stream_id DESC) AS author_no
    FROM identified
    WHERE author_name IS NOT NULL
)
SELECT l.episode_id, l.kind, l.title, l.show_name, a.author_name, l.uri, l.show_uri
FROM latest l
LEFT JOIN authors a ON a.episode_id = l.episode_id AND a.author_no = 1
WHERE l.version_no = 1;
