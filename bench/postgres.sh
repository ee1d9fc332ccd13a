#!/usr/bin/env bash
# Benchmark: Soundstage on PostgreSQL against two baselines, on the same generated data, in one
# run. Not a test: it prints figures for BENCHMARKS.md.
#
#   bench/postgres.sh [--events N] [--songs M] [--classic-events K] [--skip-classic] [--work DIR]
#
# Server: $SOUNDSTAGE_BENCH_POSTGRES (an admin address, postgresql://USER:PASSWORD@HOST:PORT/DB,
# of a user with CREATEDB), else the local server scripts/test-postgres starts.
#
# 1. classic: bench/classic (one INSERT per row, a commit per file, through JDBC) on K events
#    (default 100,000) against soundstage ingest + run of the same data, end to end.
# 2. raw COPY: every event line, as is, into an UNLOGGED one-column table (psql \copy; CSV
#    format with quote and delimiter bytes that never occur, so each line is one value), against
#    `soundstage ingest sparkify-events` of the same files (songs ingested first, untimed for
#    the ratio), then `soundstage run`. Rows per second of each.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

events=1000000
songs=20000
classic_events=100000
classic=yes
work=bench/out-postgres
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --songs) songs="$2"; shift 2 ;;
    --classic-events) classic_events="$2"; shift 2 ;;
    --skip-classic) classic=no; shift ;;
    --work) work="$2"; shift 2 ;;
    *) echo "bench/postgres.sh: unknown option '$1'. Use --events N, --songs M, --classic-events K, --skip-classic, --work DIR." >&2; exit 2 ;;
  esac
done
case "$work" in /*) ;; *) work="$PWD/$work" ;; esac
command -v psql >/dev/null || { echo "bench/postgres.sh: needs psql (apt-get install -y postgresql-client)" >&2; exit 2; }

admin="${SOUNDSTAGE_BENCH_POSTGRES:-$(scripts/test-postgres)}"
[ -n "$admin" ] || { echo "bench/postgres.sh: no PostgreSQL server; set SOUNDSTAGE_BENCH_POSTGRES" >&2; exit 2; }
# An address for database $1 on the same server, with the same credentials.
db() { echo "${admin%/*}/$1"; }
fresh() {   # a new, empty database $1 (retried: an autovacuum worker may hold the old one a moment)
  for _ in $(seq 1 30); do
    psql -q "$admin" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" 2>/dev/null && break
    sleep 2
  done
  psql -q "$admin" -c "CREATE DATABASE $1" >/dev/null
}

./soundstage --version >/dev/null   # builds the jar first, outside the timings
mkdir -p "$work"
export SOUNDSTAGE_JAR="$work/soundstage.jar"
cp cli/target/soundstage.jar "$SOUNDSTAGE_JAR"

generate() {   # events songs -> data folder
  local data="$work/data-$1-$2"
  if [ ! -f "$data/.complete" ]; then
    rm -rf "$data"
    ./soundstage generate --events "$1" --songs "$2" --seed 1 --out "$data" >&2
    touch "$data/.complete"
  fi
  echo "$data"
}

# Waits (at most 5 minutes) until no autovacuum worker is at work on the server, so that a timed
# step does not pay for the maintenance of an earlier step's tables (the raw COPY's million rows
# were vacuumed and analyzed in the middle of the ingest that followed it: 1.3-1.6 s more).
quiet() {
  for _ in $(seq 1 300); do
    [ "$(psql "$admin" -Atc "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")" = 0 ] && return
    sleep 1
  done
}

seconds() { awk "BEGIN { printf \"%.2f\", ($(date +%s%N) - $1) / 1e9 }"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(psql "$admin" -Atc 'SHOW server_version') (shared_buffers $(psql "$admin" -Atc 'SHOW shared_buffers'), synchronous_commit $(psql "$admin" -Atc 'SHOW synchronous_commit'))"

# The classic comparison first, on a quiet server (after the 1M load, autovacuum and checkpoints
# of that load would slow whatever runs next).
if [ "$classic" = yes ]; then
  mvn -q -B -ntp -f bench/classic/pom.xml package dependency:build-classpath -Dmdep.outputFile="$work/classic.classpath" -DskipTests >&2
  small=$(generate "$classic_events" 2000)
  fresh bench_classic
  user=$(echo "$admin" | sed -E 's|^[a-z]+://([^:@]+).*|\1|')
  password=$(echo "$admin" | sed -nE 's|^[a-z]+://[^:@]+:([^@]*)@.*|\1|p')
  hostport=$(echo "$admin" | sed -E 's|^[a-z]+://[^@]*@([^/]+)/.*|\1|')
  t=$(date +%s%N)
  classic_out=$(java -cp "bench/classic/target/classes:$(cat "$work/classic.classpath")" soundstage.bench.ClassicEtl \
      "jdbc:postgresql://$hostport/bench_classic" "$user" "${password:-${PGPASSWORD:-}}" "$small")
  classic_s=$(seconds "$t")
  fresh bench_soundstage_small
  ws="$(db bench_soundstage_small)"
  t=$(date +%s%N)
  ./soundstage ingest -w "$ws" sparkify-songs "$small/song_data" >/dev/null
  ./soundstage ingest -w "$ws" sparkify-events "$small/log_data" >/dev/null
  ./soundstage run -w "$ws" >/dev/null
  small_s=$(seconds "$t")
  echo "1. classic row-by-row INSERT, commit per file, $classic_events events, 2000 songs: $classic_s s   ($classic_out)"
  echo "   soundstage ingest songs + ingest events + run, same data: $small_s s"
  echo "   speed-up: $(awk "BEGIN { printf \"%.1f\", $classic_s / $small_s }") x"
fi

data=$(generate "$events" "$songs")
lines=$(find "$data/log_data" -name '*.json' -exec sh -c 'for f; do cat "$f"; echo; done' _ {} + | grep -c .)
size=$(du -sm "$data/log_data" | cut -f1)
echo "data: $events events ($lines non-blank lines, $size MB of event files), $songs songs, in $data"

fresh bench_raw_copy
psql -q "$(db bench_raw_copy)" -c "CREATE UNLOGGED TABLE raw_lines (line text)"
quiet; t=$(date +%s%N)
# (echo after each file: a last line without its line feed must not run into the next file's first)
find "$data/log_data" -name '*.json' -print0 | sort -z | xargs -0 sh -c 'for f; do cat "$f"; echo; done' _ | grep . \
  | tr -d '\r' | psql -q "$(db bench_raw_copy)" -c "\copy raw_lines FROM STDIN WITH (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')"
copy_s=$(seconds "$t")
copied=$(psql "$(db bench_raw_copy)" -Atc "SELECT count(*) FROM raw_lines")
psql -q "$admin" -c "DROP DATABASE bench_raw_copy WITH (FORCE)"   # measured and counted: its autovacuum must not run during the next steps
echo "2. raw COPY into an UNLOGGED one-column table: $copied lines in $copy_s s = $(awk "BEGIN { printf \"%.0f\", $copied / $copy_s }") rows/s"

fresh bench_soundstage
w="$(db bench_soundstage)"
quiet; t=$(date +%s%N); ./soundstage ingest -w "$w" sparkify-songs "$data/song_data" >/dev/null; songs_s=$(seconds "$t")
quiet; t=$(date +%s%N); out=$(./soundstage ingest -w "$w" sparkify-events "$data/log_data"); ingest_s=$(seconds "$t")
quiet; t=$(date +%s%N); run_out=$(./soundstage run -w "$w"); run_s=$(seconds "$t")
run_out="${run_out%%$'\n'*}"   # its first line (not `| head -1`: a reader that stops early fails the command)
echo "   soundstage ingest sparkify-songs: $songs_s s"
echo "   soundstage ingest sparkify-events: $ingest_s s = $(awk "BEGIN { printf \"%.0f\", $lines / $ingest_s }") rows/s   ($out)"
echo "   soundstage run: $run_s s   ($run_out)"
echo "   ingest rate / raw COPY rate: $(awk "BEGIN { printf \"%.2f\", $copy_s / $ingest_s }")   (ingest + run: $(awk "BEGIN { printf \"%.0f\", $lines / ($ingest_s + $run_s) }") rows/s)"

