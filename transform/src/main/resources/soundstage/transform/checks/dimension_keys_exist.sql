-- Every songplay's song_id, artist_id and episode_id, and every song's album_id, where set, is a row of its table.
-- blocking: true
WITH missing AS (
    SELECT (SELECT count(*) FROM analytics.songplays p
            WHERE p.song_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM analytics.songs s WHERE s.song_id = p.song_id)) AS songs,
           (SELECT count(*) FROM analytics.songplays p
            WHERE p.artist_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM analytics.artists a WHERE a.artist_id = p.artist_id)) AS artists,
           (SELECT count(*) FROM analytics.songplays p
            WHERE p.episode_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM analytics.episodes e WHERE e.episode_id = p.episode_id)) AS episodes,
           (SELECT count(*) FROM analytics.songs s
            WHERE s.album_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM analytics.albums a WHERE a.album_id = s.album_id)) AS albums
)
SELECT songs + artists + episodes + albums AS failures,
       'not in their table: ' || songs || ' song_id, ' || artists || ' artist_id, ' || episodes || ' episode_id of songplays, '
       || albums || ' album_id of songs' AS detail
FROM missing;

-- incremental: the songplays of the new files and every Spotify songplay (and every Sparkify
-- songplay when new files add or replace songs, which may change its song_id), and every song.
WITH plays AS (
    SELECT song_id, artist_id, episode_id FROM analytics.songplays WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT song_id, artist_id, episode_id FROM analytics.songplays WHERE source = 'spotify'
    UNION ALL
    SELECT p.song_id, p.artist_id, p.episode_id
    FROM analytics.songplays p
    -- One row when new files add or replace songs, none otherwise (and then nothing is read).
    JOIN (SELECT DISTINCT 'sparkify' AS source FROM staging.sparkify_songs WHERE file_id > :low_file_id AND file_id <= :high_file_id) AS songs_changed ON songs_changed.source = p.source
), missing AS (
    SELECT (SELECT count(*) FROM plays p
            WHERE p.song_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM analytics.songs s WHERE s.song_id = p.song_id)) AS songs,
           (SELECT count(*) FROM plays p
            WHERE p.artist_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM analytics.artists a WHERE a.artist_id = p.artist_id)) AS artists,
           (SELECT count(*) FROM plays p
            WHERE p.episode_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM analytics.episodes e WHERE e.episode_id = p.episode_id)) AS episodes,
           (SELECT count(*) FROM analytics.songs s
            WHERE s.album_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM analytics.albums a WHERE a.album_id = s.album_id)) AS albums
)
SELECT songs + artists + episodes + albums AS failures,
       'not in their table: ' || songs || ' song_id, ' || artists || ' artist_id, ' || episodes || ' episode_id of new or Spotify songplays, '
       || albums || ' album_id of songs' AS detail
FROM missing;
