#!/usr/bin/env bash
# Benchmark: the incremental run of two builds side by side, on copies of one warehouse. Not a
# test: it prints figures for BENCHMARKS.md. Use it to tell whether a change to the models makes
# the incremental run faster: one build's runs vary by 0.5 s from one to the next on this machine,
# so each build runs several times, alternating with the other.
#
#   bench/incremental-ab.sh OLD.jar NEW.jar [--at M] [--runs N] [--songs S] [--work DIR]
#
# Build each jar first (mvn -q -o package -DskipTests -pl cli -am, then copy
# cli/target/soundstage.jar away; `git stash` or a worktree gives the old code).
#
# Generates Sparkify data once (30,000 events a day, as bench/incremental.sh), ingests the songs
# and M million events (default 10) with OLD and runs it. Then a copy of that warehouse per jar
# is brought up to the jar's models (a `run` with nothing new: a model whose SQL changed is built
# again there, outside the timings). Then N times (default 5), for OLD then NEW: a fresh copy of
# the jar's warehouse, `ingest` of the next daily file, and a timed `run`. Prints each run's wall
# time and pipeline time, and the models whose time differs by more than 20 ms between the two
# (median of the runs; SOUNDSTAGE_SQL_TIMING, kept in the work folder).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() { echo "usage: bench/incremental-ab.sh OLD.jar NEW.jar [--at M] [--runs N] [--songs S] [--work DIR]" >&2; exit 2; }
[ $# -ge 2 ] || usage
old="$(readlink -f "$1")"; new="$(readlink -f "$2")"; shift 2
for jar in "$old" "$new"; do
  [ -f "$jar" ] || { echo "bench/incremental-ab.sh: no jar at '$jar'. Build one with mvn -q -o package -DskipTests -pl cli -am and copy cli/target/soundstage.jar." >&2; exit 2; }
done
at=10
runs=5
songs=20000
work=bench/out-ab
while [ $# -gt 0 ]; do
  case "$1" in
    --at) at="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --songs) songs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "bench/incremental-ab.sh: unknown option '$1'. Use --at M, --runs N, --songs S, --work DIR." >&2; exit 2 ;;
  esac
done
case "$work" in /*) ;; *) work="$PWD/$work" ;; esac
per_file=30000
files=$(( at * 1000000 / per_file ))
events=$(( (files + 1) * per_file ))
mkdir -p "$work"
# Private copies: a build during the benchmark must not change a jar under a running JVM.
cp "$old" "$work/old.jar"
cp "$new" "$work/new.jar"

data="$work/data-$events"
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"
  SOUNDSTAGE_JAR="$work/old.jar" ./soundstage generate --events "$events" --songs "$songs" --seed 1 --max-events-per-day "$per_file" --out "$data" > /dev/null
  touch "$data/.complete"
fi
mapfile -t logs < <(find "$data/log_data" -name '*.json' | sort)

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "data: $files daily files of $per_file events loaded, $songs songs; the next file timed; $runs runs per jar"
base="$work/base-$events.duckdb"
if [ ! -f "$base.complete" ]; then
  rm -f "$base" "$base.wal" "$base.complete"
  SOUNDSTAGE_JAR="$work/old.jar" ./soundstage ingest sparkify-songs "$data/song_data" -w "$base" > /dev/null
  SOUNDSTAGE_JAR="$work/old.jar" ./soundstage ingest sparkify-events "${logs[@]:0:$files}" -w "$base" > /dev/null
  SOUNDSTAGE_JAR="$work/old.jar" ./soundstage run -w "$base" > /dev/null
  touch "$base.complete"
fi
for side in old new; do
  rm -f "$work/$side.duckdb" "$work/$side.duckdb.wal"
  cp "$base" "$work/$side.duckdb"
  SOUNDSTAGE_JAR="$work/$side.jar" ./soundstage run -w "$work/$side.duckdb" > /dev/null
done

seconds() { awk "BEGIN { printf \"%.2f\", ($2 - $1) / 1000000000 }"; }
declare -A walls pipelines
for i in $(seq 1 "$runs"); do
  for side in old new; do
    w="$work/try.duckdb"
    rm -f "$w" "$w.wal"
    cp "$work/$side.duckdb" "$w"
    SOUNDSTAGE_JAR="$work/$side.jar" ./soundstage ingest sparkify-events "${logs[$files]}" -w "$w" > /dev/null
    started=$(date +%s%N)
    SOUNDSTAGE_JAR="$work/$side.jar" SOUNDSTAGE_SQL_TIMING=1 ./soundstage run -w "$w" > "$work/$side-$i.out" 2> "$work/$side-$i.sql-timing.txt"
    ended=$(date +%s%N)
    wall=$(seconds "$started" "$ended")
    pipeline=$(head -1 "$work/$side-$i.out" | sed -E 's/.*, ([0-9.]+) s$/\1/')
    walls[$side]="${walls[$side]:-} $wall"
    pipelines[$side]="${pipelines[$side]:-} $pipeline"
    echo "run $i, $side: $wall s (pipeline $pipeline s)"
  done
done
rm -f "$work/try.duckdb" "$work/try.duckdb.wal"
for side in old new; do
  echo "$side: run${walls[$side]} s; pipeline${pipelines[$side]} s"
done
# Each model's median time over the runs, old against new, where they differ by more than 20 ms.
for side in old new; do
  cat "$work/$side"-*.sql-timing.txt | sed -n -E 's/^\[model +([0-9.]+) s\] ModelRun\[model=([^,]+),.*/\2 \1/p' | sort > "$work/$side.models"
done
echo "models whose median differs by more than 0.02 s (old -> new):"
join <(awk '{t[$1] = t[$1] " " $2} END {for (m in t) print m t[m]}' "$work/old.models" | sort) \
     <(awk '{t[$1] = t[$1] " " $2} END {for (m in t) print m t[m]}' "$work/new.models" | sort) |
  awk -v n="$runs" '
    function median(from,   k, i, j, v, a) {
      k = 0; for (i = from; i < from + n; i++) a[++k] = $i
      for (i = 2; i <= k; i++) { v = a[i]; for (j = i - 1; j >= 1 && a[j] > v; j--) a[j + 1] = a[j]; a[j + 1] = v }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
    }
    { o = median(2); w = median(2 + n); if (o - w > 0.02 || w - o > 0.02) printf "  %-36s %.3f -> %.3f s\n", $1, o, w }'
