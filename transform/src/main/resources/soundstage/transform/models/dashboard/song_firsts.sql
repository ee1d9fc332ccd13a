-- Each Sparkify song's first file: for each song_key of listener_songs (the title and artist as
-- the plays name them), the lowest file_id of its rows, the first file holding a play of it by
-- anyone. So, up to any file F, the song had been played when its file_id <= F: what top_artists
-- asks of every song of the new plays, answered from one row per song (about 100,000 at 10M
-- events) instead of every listener's row of it (6M in all; the popular songs of a day have 3M).
-- depends: dashboard.listener_songs
-- merge: adds
DROP TABLE IF EXISTS dashboard.song_firsts;
CREATE TABLE dashboard.song_firsts AS
SELECT song_key, min(file_id) AS file_id
FROM dashboard.listener_songs
WHERE file_id <= :high_file_id
GROUP BY song_key;

-- incremental: the songs of the new files' rows that the table does not hold yet. Files are
-- merged in the order of their ids, so a song's first file, once found, never changes.
INSERT INTO dashboard.song_firsts
SELECT song_key, min(file_id)
FROM dashboard.listener_songs l
WHERE file_id > :low_file_id AND file_id <= :high_file_id
  AND NOT EXISTS (SELECT 1 FROM dashboard.song_firsts f WHERE f.song_key = l.song_key)
GROUP BY song_key;
