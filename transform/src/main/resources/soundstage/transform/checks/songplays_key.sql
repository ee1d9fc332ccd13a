-- songplays.songplay_id is never NULL and never repeats.
-- blocking: true
SELECT count(*) FILTER (WHERE songplay_id IS NULL) + (count(songplay_id) - count(DISTINCT songplay_id)) AS failures,
       count(*) FILTER (WHERE songplay_id IS NULL) || ' null, ' || (count(songplay_id) - count(DISTINCT songplay_id)) || ' duplicate of ' || count(*) || ' rows' AS detail
FROM analytics.songplays;

-- incremental: the songplays of the new files, and every Spotify songplay (a run may take out
-- and add again any of them), against every songplay.
WITH fresh AS (
    -- (Two scans rather than an OR: each then reads only the blocks of its rows.)
    SELECT songplay_id FROM analytics.songplays WHERE file_id > :low_file_id AND file_id <= :high_file_id
    UNION ALL
    SELECT songplay_id FROM analytics.songplays WHERE source = 'spotify'
), repeated AS (
    SELECT count(*) - 1 AS extra
    FROM analytics.songplays
    WHERE songplay_id IN (SELECT songplay_id FROM fresh)
    GROUP BY songplay_id
    HAVING count(*) > 1
)
SELECT (SELECT count(*) FROM fresh WHERE songplay_id IS NULL) + (SELECT coalesce(sum(extra), 0) FROM repeated) AS failures,
       (SELECT count(*) FROM fresh WHERE songplay_id IS NULL) || ' null, ' || (SELECT coalesce(sum(extra), 0) FROM repeated)
           || ' duplicate of ' || (SELECT count(*) FROM fresh) || ' new or Spotify rows' AS detail;
