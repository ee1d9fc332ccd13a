-- Every play of central.spotify_streams is exactly one songplay (songplay_id = -stream_id), and every Spotify songplay is one;
-- central holds each play once (a play there twice made one songplay, and passed), and no staged play is lost on the way
-- to central (deleted from central and songplays together, it passed every check). Central leaves a staged play out only
-- for a record it keeps in its place: a 12-month record for an extended record of its listener, creator and title in its
-- minute (the upgrade), or for a 12-month copy (same listener, creator, title, minute and ms_played); an extended record
-- for a better copy (same listener, ts, ms_played, reason_start and reason_end). A staged play left out with none of
-- these in central was lost. The plays left out are few (found by stream_id first), so their reasons cost little.
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
), left_out AS (
    SELECT s.listener, s.history, coalesce(s.creator, '') AS creator, coalesce(s.title, '') AS title, s.ts, s.ms_played,
           coalesce(s.reason_start, '') AS reason_start, coalesce(s.reason_end, '') AS reason_end
    FROM staging.spotify_streams s
    WHERE NOT EXISTS (SELECT 1 FROM central.spotify_streams c WHERE c.stream_id = s.stream_id)
), lost AS (
    SELECT count(*) AS n
    FROM left_out l
    WHERE NOT EXISTS (SELECT 1 FROM central.spotify_streams c
                      WHERE l.history = '12-month' AND c.history = 'extended' AND c.listener = l.listener
                        AND coalesce(c.creator, '') = l.creator AND coalesce(c.title, '') = l.title AND date_trunc('minute', c.ts) = l.ts)
      AND NOT EXISTS (SELECT 1 FROM central.spotify_streams c
                      WHERE l.history = '12-month' AND c.history = '12-month' AND c.listener = l.listener
                        AND coalesce(c.creator, '') = l.creator AND coalesce(c.title, '') = l.title AND c.ts = l.ts AND c.ms_played = l.ms_played)
      AND NOT EXISTS (SELECT 1 FROM central.spotify_streams c
                      WHERE l.history = 'extended' AND c.history = 'extended' AND c.listener = l.listener AND c.ts = l.ts AND c.ms_played = l.ms_played
                        AND coalesce(c.reason_start, '') = l.reason_start AND coalesce(c.reason_end, '') = l.reason_end)
)
SELECT missing.n + extra.n + repeated.n + repeated_plays.n + lost.n AS failures,
       missing.n || ' plays without a songplay, ' || extra.n || ' songplays without a play, ' || repeated.n || ' repeated songplays, '
           || repeated_plays.n || ' repeated plays, ' || lost.n || ' staged plays not in central' AS detail
FROM missing, extra, repeated, repeated_plays, lost;
