-- Every play of central.spotify_streams is exactly one songplay (songplay_id = -stream_id), and every Spotify songplay is one;
-- central holds each play once (a play there twice made one songplay, and passed).
-- blocking: true
WITH plays AS (
    SELECT songplay_id, count(*) AS copies FROM analytics.songplays WHERE source = 'spotify' GROUP BY songplay_id
), missing AS (
    SELECT count(*) AS n FROM central.spotify_streams s WHERE NOT EXISTS (SELECT 1 FROM plays p WHERE p.songplay_id = -s.stream_id)
), extra AS (
    SELECT count(*) AS n FROM plays p WHERE NOT EXISTS (SELECT 1 FROM central.spotify_streams s WHERE -s.stream_id = p.songplay_id)
), repeated AS (
    SELECT coalesce(sum(copies - 1), 0) AS n FROM plays WHERE copies > 1
), repeated_plays AS (
    SELECT count(*) - count(DISTINCT stream_id) AS n FROM central.spotify_streams
)
SELECT missing.n + extra.n + repeated.n + repeated_plays.n AS failures,
       missing.n || ' plays without a songplay, ' || extra.n || ' songplays without a play, ' || repeated.n || ' repeated songplays, '
           || repeated_plays.n || ' repeated plays' AS detail
FROM missing, extra, repeated, repeated_plays;
