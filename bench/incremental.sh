#!/usr/bin/env bash
# Benchmark: an incremental run against a full refresh, as the warehouse grows. Not a test: it
# prints figures for BENCHMARKS.md.
#
#   bench/incremental.sh [--at "1 3 10"] [--songs M] [--work DIR]
#
# Generates Sparkify data once (30,000 events a day, so one daily log file is 30,000 events),
# then in one DuckDB warehouse, for each size N (millions of events) in --at:
#   1. ingests the daily files up to N million events and runs (catching up; not timed),
#   2. ingests the next daily file (30,000 events) and times `run` (incremental),
#   3. times `run --full-refresh` on the same warehouse (every table rebuilt from the source layer).
# Each timing is the whole command (JVM start and opening the warehouse included) and the
# pipeline's own time, as `run` prints it. The incremental run's statements are timed too
# (SOUNDSTAGE_SQL_TIMING), into incremental-<N>M.sql-timing.txt in the work folder.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

at="1 3 10"
songs=20000
work=bench/out-incr
while [ $# -gt 0 ]; do
  case "$1" in
    --at) at="$2"; shift 2 ;;
    --songs) songs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "bench/incremental.sh: unknown option '$1'. Use --at \"1 3 10\", --songs M, --work DIR." >&2; exit 2 ;;
  esac
done
case "$work" in /*) ;; *) work="$PWD/$work" ;; esac
per_file=30000
largest=$(printf '%s\n' $at | sort -n | tail -1)
events=$(( (largest * 1000000 / per_file + 2) * per_file ))

./soundstage --version >/dev/null   # builds the jar first, outside the timings
mkdir -p "$work"
# A private copy: a build during the benchmark must not change the jar under a running JVM.
export SOUNDSTAGE_JAR="$work/soundstage.jar"
cp cli/target/soundstage.jar "$SOUNDSTAGE_JAR"
data="$work/data-$events"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  ./soundstage generate --events "$events" --songs "$songs" --seed 1 --max-events-per-day "$per_file" --out "$data"
  touch "$data/.complete"
fi
mapfile -t logs < <(find "$data/log_data" -name '*.json' | sort)

# Runs a command; prints its wall time in seconds.
timed() {
  local started ended
  started=$(date +%s.%N)
  "$@" > "$work/last.out"
  ended=$(date +%s.%N)
  awk "BEGIN { printf \"%.2f\", $ended - $started }"
}
# The pipeline's own time, from the first line `run` prints ("..., 1.2 s").
own() {
  head -1 "$work/last.out" | sed -E 's/.*, ([0-9.]+) s$/\1/'
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "data: ${#logs[@]} daily files of $per_file events, $songs songs, in $data"
w="$work/incremental.duckdb"
rm -f "$w" "$w.wal" "$w.snapshot"
./soundstage ingest sparkify-songs "$data/song_data" -w "$w" > /dev/null
loaded=0
printf '%-9s %-16s %-28s %-28s %-32s %s\n' "loaded" "ingest 1 file" "run (incremental)" "run --full-refresh" "incremental / full" "load average"
for n in $at; do
  files=$(( n * 1000000 / per_file ))
  if [ "$files" -gt "$loaded" ]; then
    ./soundstage ingest sparkify-events "${logs[@]:$loaded:$((files - loaded))}" -w "$w" > /dev/null
    ./soundstage run -w "$w" > /dev/null
    loaded=$files
  fi
  i_s=$(timed ./soundstage ingest sparkify-events "${logs[$loaded]}" -w "$w")
  loaded=$((loaded + 1))
  r_s=$(SOUNDSTAGE_SQL_TIMING=1 timed ./soundstage run -w "$w" 2> "$work/incremental-${n}M.sql-timing.txt")
  r_own=$(own)
  cp "$work/last.out" "$work/incremental-${n}M.out"
  f_s=$(timed ./soundstage run --full-refresh -w "$w")
  f_own=$(own)
  printf '%-9s %-16s %-28s %-28s %-32s %s\n' "$((loaded * per_file))" "${i_s} s" "${r_s} s (pipeline ${r_own} s)" "${f_s} s (pipeline ${f_own} s)" \
    "$(awk "BEGIN { printf \"%.1f%% (pipeline %.1f%%)\", 100 * $r_s / $f_s, 100 * $r_own / $f_own }")" "$(cut -d' ' -f1-3 /proc/loadavg)"
done
