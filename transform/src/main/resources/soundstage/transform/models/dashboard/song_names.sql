-- The name (title and artist, as the plays name them) of every song_key in song_days: what the
-- dashboard shows for the top songs it finds by key in song_spans and song_days.
-- depends: dashboard.song_days
DROP TABLE IF EXISTS dashboard.song_names;
CREATE TABLE dashboard.song_names AS
SELECT DISTINCT song_key, song_title, artist_name
FROM dashboard.song_days
ORDER BY song_key;

-- incremental: names song_days now has are added, names it no longer has (plays replaced or
-- renamed) removed. (No file bound: song_days has no file ids; its keys are one narrow column.)
DELETE FROM dashboard.song_names
WHERE NOT EXISTS (SELECT 1 FROM dashboard.song_days d WHERE d.song_key = song_names.song_key);

INSERT INTO dashboard.song_names
SELECT DISTINCT d.song_key, d.song_title, d.artist_name
FROM dashboard.song_days d
WHERE NOT EXISTS (SELECT 1 FROM dashboard.song_names n WHERE n.song_key = d.song_key);
