-- Central keeps no "Last 12 months" record that an extended record of the same listener,
-- creator, title and minute replaces.
-- blocking: true
SELECT count(*) AS failures,
       count(*) || ' of ' || (SELECT count(*) FROM central.spotify_streams WHERE history = '12-month')
           || ' 12-month records have an extended record in their minute' AS detail
FROM central.spotify_streams t
WHERE t.history = '12-month'
  AND EXISTS (
      SELECT 1 FROM central.spotify_streams e
      WHERE e.history = 'extended' AND e.listener = t.listener AND e.creator = t.creator AND e.title = t.title
        AND date_trunc('minute', e.ts) = t.ts);
