#!/usr/bin/env bash
# Benchmark: the dashboard API's latency under concurrent clients on loopback. Not a test: it
# prints figures for BENCHMARKS.md.
#
#   bench/serve.sh --warehouse W [--clients 8] [--requests 400] [--port 18080] [--work DIR]
#
# Starts `soundstage serve` on the warehouse W (built and run beforehand: see BENCHMARKS.md for
# the 10M-event one), waits until it answers, then runs bench/ApiLoad.java: CLIENTS clients send
# REQUESTS requests each, back to back, to /api/overview and then /api/top-songs, in two phases:
# the dashboard's own default view (every day, both sources: answered once, then reused until
# the warehouse changes), and a random date range and source per request (seeded), so that
# nearly every answer is a fresh query. Prints p50, p95, p99 and max latency and throughput.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

warehouse=""
clients=8
requests=400
port=18080
work=bench/out-serve
while [ $# -gt 0 ]; do
  case "$1" in
    --warehouse) warehouse="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "bench/serve.sh: unknown option '$1'. Use --warehouse W, --clients N, --requests N, --port P, --work DIR." >&2; exit 2 ;;
  esac
done
if [ -z "$warehouse" ]; then
  echo "bench/serve.sh: give --warehouse W, a warehouse that has been run (e.g. the one bench/incremental.sh leaves)." >&2
  exit 2
fi

./soundstage --version >/dev/null   # builds the jar first
mkdir -p "$work"
# A private copy, run by the launcher (its JVM options): a build during the benchmark must not
# change the jar under a running JVM.
cp cli/target/soundstage.jar "$work/soundstage.jar"
export SOUNDSTAGE_JAR="$work/soundstage.jar"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
echo "warehouse: $warehouse ($(du -h "$warehouse" 2>/dev/null | cut -f1 || echo PostgreSQL)), $(./soundstage sql --warehouse "$warehouse" "SELECT sum(plays) || ' plays' FROM dashboard.listener_days" | tail -1)"

./soundstage serve --warehouse "$warehouse" --port "$port" > "$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  if grep -q "^Dashboard of" "$work/serve.log"; then break; fi
  if ! kill -0 $server 2>/dev/null; then cat "$work/serve.log" >&2; exit 1; fi
  sleep 0.2
done
java bench/ApiLoad.java "http://127.0.0.1:$port/" "$clients" "$requests"
echo "server peak RSS: $(grep VmHWM /proc/$server/status | awk '{print $2/1024 " MB"}')"
