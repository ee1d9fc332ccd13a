-- Every play of central.spotify_streams is exactly one songplay (songplay_id = -stream_id), and every Spotify songplay is one;
-- central holds each play once (a play there twice made one songplay, and passed), and no staged play is lost on the way
-- to central. Central leaves out a staged play only for a record of the same listener and minute that it keeps (the
-- extended record that upgrades a 12-month one, the better copy of a play): a staged play that is not in central while
-- central has nothing of its listener in its minute was lost (deleted from central and songplays, it passed every check).
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
), central_minutes AS (
    SELECT DISTINCT listener, date_trunc('minute', ts) AS minute FROM central.spotify_streams
), lost AS (
    SELECT count(*) AS n
    FROM staging.spotify_streams s
    WHERE NOT EXISTS (SELECT 1 FROM central_minutes c WHERE c.listener = s.listener AND c.minute = date_trunc('minute', s.ts))
)
SELECT missing.n + extra.n + repeated.n + repeated_plays.n + lost.n AS failures,
       missing.n || ' plays without a songplay, ' || extra.n || ' songplays without a play, ' || repeated.n || ' repeated songplays, '
           || repeated_plays.n || ' repeated plays, ' || lost.n || ' staged plays not in central' AS detail
FROM missing, extra, repeated, repeated_plays, lost;
