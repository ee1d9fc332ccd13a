#!/usr/bin/env bash
# Benchmark: Soundstage against a hand-written DuckDB baseline, on the same generated data, in
# one run. Not a test: it prints figures for BENCHMARKS.md.
#
#   bench/sparkify.sh [--events N] [--songs M] [--no-baseline] [--work DIR]
#
# (a) baseline: bench/sparkify-baseline.sql (read_json into tables, CREATE TABLE AS per table),
#     run through `soundstage sql -f` in a fresh warehouse;
# (b) soundstage: `ingest sparkify-songs`, `ingest sparkify-events`, `run`, in a fresh warehouse.
# (c) soundstage as one process: `run` with a configuration naming both sources, fresh warehouse.
# Each process pays its JVM start-up. Prints wall time of each, the ratios (b)/(a) and (c)/(a), and the
# peak RSS of the largest soundstage process. Generated data is cached in the work folder by size.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

events=1000000
songs=20000
baseline=yes
work=bench/out
while [ $# -gt 0 ]; do
  case "$1" in
    --events) events="$2"; shift 2 ;;
    --songs) songs="$2"; shift 2 ;;
    --no-baseline) baseline=no; shift ;;
    --work) work="$2"; shift 2 ;;
    *) echo "bench/sparkify.sh: unknown option '$1'. Use --events N, --songs M, --no-baseline, --work DIR." >&2; exit 2 ;;
  esac
done
case "$work" in /*) ;; *) work="$PWD/$work" ;; esac
[ -x /usr/bin/time ] || { echo "bench/sparkify.sh: needs GNU time for peak memory; install it with: apt-get install -y time" >&2; exit 2; }

./soundstage --version >/dev/null   # builds the jar first, outside the timings
mkdir -p "$work"
# A private copy: a build during the benchmark must not change the jar under a running JVM.
export SOUNDSTAGE_JAR="$work/soundstage.jar"
cp cli/target/soundstage.jar "$SOUNDSTAGE_JAR"
data="$work/data-$events-$songs"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  ./soundstage generate --events "$events" --songs "$songs" --seed 1 --out "$data"
  touch "$data/.complete"
fi
size=$(du -sm "$data/log_data" 2>/dev/null | cut -f1)
# Read every file once, so that (a), which runs first, does not also pay for reading them from disk
# while (b) finds them in the page cache (measured: a baseline of 15.5 s with cold files, 8.6 s warm).
find "$data" -type f -exec cat {} + > /dev/null

# Runs a command under GNU time; prints "seconds peak_kb".
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/last.out"
  cat "$work/time.txt"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "data: $events events ($size MB of event files), $songs songs, in $data"

if [ "$baseline" = yes ]; then
  rm -f "$work/baseline.duckdb" "$work/baseline.duckdb.wal" "$work/baseline.duckdb.snapshot"
  abs=$(cd "$data" && pwd)
  sed "1i SET VARIABLE data = '$abs';" bench/sparkify-baseline.sql > "$work/baseline.sql"
  read -r a_s a_kb < <(timed ./soundstage sql -w "$work/baseline.duckdb" -f "$work/baseline.sql")
  echo "(a) baseline DuckDB SQL:        ${a_s} s, peak RSS $((a_kb / 1024)) MB   $(tail -1 "$work/last.out")"
fi

rm -f "$work/soundstage.duckdb" "$work/soundstage.duckdb.wal" "$work/soundstage.duckdb.snapshot"   # a snapshot left by an earlier run would be kept up to date
w="$work/soundstage.duckdb"
read -r s_s s_kb < <(timed ./soundstage ingest sparkify-songs "$data/song_data" -w "$w")
echo "    ingest sparkify-songs:      ${s_s} s, peak RSS $((s_kb / 1024)) MB   $(head -1 "$work/last.out")"
b_s=$s_s; b_kb=$s_kb
if [ "$events" -gt 0 ]; then
  read -r e_s e_kb < <(timed ./soundstage ingest sparkify-events "$data/log_data" -w "$w")
  echo "    ingest sparkify-events:     ${e_s} s, peak RSS $((e_kb / 1024)) MB   $(head -1 "$work/last.out")"
  read -r r_s r_kb < <(timed ./soundstage run -w "$w")
  echo "    run:                        ${r_s} s, peak RSS $((r_kb / 1024)) MB   $(head -1 "$work/last.out")"
  b_s=$(awk "BEGIN { print $s_s + $e_s + $r_s }")
  b_kb=$(printf '%s\n' "$s_kb" "$e_kb" "$r_kb" | sort -n | tail -1)
fi
echo "(b) soundstage ingest + run:    ${b_s} s, peak RSS $((b_kb / 1024)) MB"
if [ "$baseline" = yes ]; then
  echo "ratio (b)/(a): $(awk "BEGIN { printf \"%.2f\", $b_s / $a_s }")"
fi

# (c) the same work as one process, the way a scheduled pipeline runs it: `run` with a
# configuration that names both sources ingests them (tasks ingest.songs, ingest.events) and
# transforms, in a fresh warehouse. Saves the two JVM starts and warehouse opens of (b).
if [ "$events" -gt 0 ]; then
  one="$work/one-process.duckdb"
  rm -f "$one" "$one.wal" "$one.snapshot"
  cat > "$work/one-process.yml" <<YAML
sources:
  songs: {kind: sparkify-songs, path: '$data/song_data'}
  events: {kind: sparkify-events, path: '$data/log_data'}
logs: '$work/one-process-logs'
YAML
  read -r c_s c_kb < <(timed ./soundstage run --config "$work/one-process.yml" -w "$one")
  echo "(c) soundstage run with both sources configured (one process): ${c_s} s, peak RSS $((c_kb / 1024)) MB   $(grep '^run ' "$work/last.out" | tail -1)"
  if [ "$baseline" = yes ]; then
    echo "ratio (c)/(a): $(awk "BEGIN { printf \"%.2f\", $c_s / $a_s }")"
  fi
fi
