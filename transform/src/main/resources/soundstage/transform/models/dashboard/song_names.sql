-- The name (title and artist, as the plays name them) of every song_key in song_days: what the
-- dashboard shows for the top songs it finds by key in song_spans and song_days.
-- depends: dashboard.song_days, dashboard.file_days, staging.spotify_streams
DROP TABLE IF EXISTS dashboard.song_names;
CREATE TABLE dashboard.song_names AS
SELECT DISTINCT song_key, song_title, artist_name
FROM dashboard.song_days
ORDER BY song_key;

-- incremental: names are added from the days the new files changed (file_days): a name that
-- song_days gains is on one of them. Names song_days no longer has are looked for only when the
-- new files bring Spotify plays, the only plays ever replaced (Sparkify plays are only added, and
-- a song file changes a play's song_id, not its name). So an ordinary day reads a day of
-- song_days, not all of it.
CREATE TEMP TABLE spotify_changed AS
SELECT DISTINCT true AS changed FROM staging.spotify_streams WHERE file_id > :low_file_id AND file_id <= :high_file_id;

-- (Joined with spotify_changed, which is empty unless Spotify plays arrived: then nothing is read.)
DELETE FROM dashboard.song_names
WHERE song_key IN (SELECT n.song_key FROM dashboard.song_names n JOIN spotify_changed c ON c.changed)
  AND song_key NOT IN (SELECT d.song_key FROM dashboard.song_days d JOIN spotify_changed c ON c.changed);

INSERT INTO dashboard.song_names
SELECT DISTINCT d.song_key, d.song_title, d.artist_name
FROM dashboard.song_days d
WHERE d.day IN (SELECT day FROM dashboard.file_days WHERE file_id > :low_file_id AND file_id <= :high_file_id)
  AND NOT EXISTS (SELECT 1 FROM dashboard.song_names n WHERE n.song_key = d.song_key);

DROP TABLE spotify_changed;
