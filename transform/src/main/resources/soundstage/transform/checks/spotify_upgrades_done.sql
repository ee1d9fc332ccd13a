-- Central keeps no "Last 12 months" record that an extended record of the same listener,
-- creator, title and minute replaces, and one extended record per play (listener, ts,
-- ms_played, reason_start and reason_end, with the same creator and title, or the same URI, or the
-- same creator when one comes from a file that names no URI and the other has one): no copy from
-- an export in another format, or of another day that named the track otherwise; and
-- one 12-month record per listener, creator, title, minute and ms_played (music and podcasts in
-- one file, or in files of their own).
-- A missing creator or title matches only a missing one (compared as coalesce(..., '')).
-- blocking: true
SELECT not_replaced + copies + twelve_month_copies AS failures,
       not_replaced || ' of ' || twelve_month || ' 12-month records have an extended record in their minute; '
           || copies || ' extended and ' || twelve_month_copies || ' 12-month records repeat a play' AS detail
FROM (
    SELECT (SELECT count(*) FROM central.spotify_streams WHERE history = '12-month') AS twelve_month,
           (SELECT count(*)
            FROM central.spotify_streams t
            WHERE t.history = '12-month'
              AND EXISTS (
                  SELECT 1 FROM central.spotify_streams e
                  WHERE e.history = 'extended' AND e.listener = t.listener
                    AND coalesce(e.creator, '') = coalesce(t.creator, '') AND coalesce(e.title, '') = coalesce(t.title, '')
                    AND date_trunc('minute', e.ts) = t.ts)) AS not_replaced,
           (SELECT coalesce(sum(copies - 1), 0)
            FROM (SELECT count(*) AS copies
                  FROM central.spotify_streams
                  WHERE history = 'extended'
                  GROUP BY listener, creator, title, ts, ms_played, reason_start, reason_end
                  HAVING count(*) > 1 AND count(DISTINCT coalesce(track_uri, episode_uri, chapter_uri, audiobook_uri)) <= 1) AS repeated)
           + (SELECT coalesce(sum(copies - 1), 0)
              FROM (SELECT count(*) AS copies
                    FROM central.spotify_streams
                    WHERE history = 'extended' AND coalesce(track_uri, episode_uri, chapter_uri, audiobook_uri) IS NOT NULL
                    GROUP BY listener, ts, ms_played, reason_start, reason_end, coalesce(track_uri, episode_uri, chapter_uri, audiobook_uri)
                    HAVING count(*) > 1) AS renamed)
           -- (the pairs first, which are few, then their files: a filter of every URI-less record by
           -- its file first took 2 s for 1M records of the oldest format)
           + (SELECT count(DISTINCT p.stream_id)
              FROM (SELECT a.stream_id
                    FROM central.spotify_streams a
                    JOIN central.spotify_streams b
                      ON b.listener = a.listener AND b.ts = a.ts AND b.ms_played = a.ms_played
                     AND b.reason_start IS NOT DISTINCT FROM a.reason_start AND b.reason_end IS NOT DISTINCT FROM a.reason_end
                     AND coalesce(b.creator, '') = coalesce(a.creator, '') AND coalesce(b.title, '') <> coalesce(a.title, '')
                    WHERE a.history = 'extended' AND b.history = 'extended'
                      AND coalesce(a.track_uri, a.episode_uri, a.chapter_uri, a.audiobook_uri) IS NULL
                      AND coalesce(b.track_uri, b.episode_uri, b.chapter_uri, b.audiobook_uri) IS NOT NULL) AS p
              JOIN staging.spotify_streams s ON s.stream_id = p.stream_id
              WHERE s.file_id IN (SELECT file_id FROM staging.spotify_streams WHERE history = 'extended' GROUP BY file_id
                                  HAVING count(coalesce(track_uri, episode_uri, chapter_uri, audiobook_uri)) = 0)) AS copies,
           (SELECT coalesce(sum(copies - 1), 0)
              FROM (SELECT count(*) AS copies
                    FROM central.spotify_streams
                    WHERE history = '12-month'
                    GROUP BY listener, creator, title, ts, ms_played
                    HAVING count(*) > 1) AS twelve_month) AS twelve_month_copies
) AS counts;
