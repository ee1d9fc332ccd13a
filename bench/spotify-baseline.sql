-- The hand-written baseline for bench/spotify.sh: what an expert writes to get extended
-- streaming history into DuckDB: read every JSON array file, one table. (No registry, no
-- quarantine, no dedup, no upgrade: the floor Soundstage's ingest + run is measured against.)
-- The variable data holds the folder of the JSON files.
CREATE TABLE plays AS SELECT * FROM read_json(getvariable('data') || '/*.json', format = 'array');
SELECT count(*) AS plays FROM plays;
