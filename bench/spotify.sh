#!/usr/bin/env bash
# Benchmark: Soundstage on Spotify extended streaming history against a hand-written DuckDB
# baseline, on the same generated files, in one run. Not a test: it prints figures for
# BENCHMARKS.md.
#
#   bench/spotify.sh [--plays N] [--work DIR]
#
# (a) baseline: bench/spotify-baseline.sql (read_json of every file into one table, CREATE TABLE
#     AS), run through `soundstage sql -f` in a fresh warehouse;
# (b) soundstage: `ingest spotify-export` of the same files, then `run`, in a fresh warehouse.
# Both pay the same JVM start-up. Prints wall time of each, the ratio (b)/(a), and the peak RSS
# of the largest soundstage process. Generated data is cached in the work folder by size.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

plays=1000000
work=bench/out
while [ $# -gt 0 ]; do
  case "$1" in
    --plays) plays="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "bench/spotify.sh: unknown option '$1'. Use --plays N, --work DIR." >&2; exit 2 ;;
  esac
done
case "$work" in /*) ;; *) work="$PWD/$work" ;; esac
[ -x /usr/bin/time ] || { echo "bench/spotify.sh: needs GNU time for peak memory; install it with: apt-get install -y time" >&2; exit 2; }

./soundstage --version >/dev/null   # builds the jar first, outside the timings
mkdir -p "$work"
export SOUNDSTAGE_JAR="$work/soundstage.jar"
cp cli/target/soundstage.jar "$SOUNDSTAGE_JAR"
data="$work/spotify-$plays"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  ./soundstage generate --spotify --listeners 1 --plays "$plays" --seed 1 --extracted --out "$data"
  touch "$data/.complete"
fi
# The extended export's JSON array files: one folder of endsong_N.json (the listener's name is in them).
files=$(dirname "$(find "$data" -name 'endsong_0.json' | head -1)")
records=$(grep -o '"ts"' -r "$files" | wc -l)
size=$(du -sm "$files" | cut -f1)

timed() {
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/last.out"
  cat "$work/time.txt"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "data: $records extended records in $(ls "$files" | wc -l) JSON array files, $size MB, in $files"

rm -f "$work/spotify-baseline.duckdb" "$work/spotify-baseline.duckdb.wal"
sed "1i SET VARIABLE data = '$files';" bench/spotify-baseline.sql > "$work/spotify-baseline.sql"
read -r a_s a_kb < <(timed ./soundstage sql -w "$work/spotify-baseline.duckdb" -f "$work/spotify-baseline.sql")
echo "(a) baseline DuckDB read_json + CREATE TABLE AS: ${a_s} s, peak RSS $((a_kb / 1024)) MB   $(tail -1 "$work/last.out") rows"

w="$work/spotify.duckdb"
rm -f "$w" "$w.wal" "$w.snapshot"
read -r i_s i_kb < <(timed ./soundstage ingest spotify-export "$files" -w "$w")
echo "    ingest spotify-export:    ${i_s} s, peak RSS $((i_kb / 1024)) MB   $(head -1 "$work/last.out")"
read -r r_s r_kb < <(timed ./soundstage run -w "$w")
echo "    run:                      ${r_s} s, peak RSS $((r_kb / 1024)) MB   $(head -2 "$work/last.out" | tail -1)"
b_s=$(awk "BEGIN { print $i_s + $r_s }")
b_kb=$(printf '%s\n' "$i_kb" "$r_kb" | sort -n | tail -1)
echo "(b) soundstage ingest + run: ${b_s} s, peak RSS $((b_kb / 1024)) MB"
echo "ratio (b)/(a): $(awk "BEGIN { printf \"%.2f\", $b_s / $a_s }")"
