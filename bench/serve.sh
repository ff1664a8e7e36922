#!/usr/bin/env bash
# Load on `handout serve`: the seed handout (English and Arabic, A4) posted to /render by
# ApacheBench (apt-get install apache2-utils) at concurrency 1, 8 and 64, on 127.0.0.1.
# What it measures:
# - ab is a closed loop: it keeps CONC requests in flight (a new one as soon as one is
#   answered), one connection per request (no keep-alive). req/s is answered requests over
#   the run's wall time; p50/p99 are ab's connect-to-last-byte times.
# - The client runs on the same cores as the server. "server CPU" is the server process's
#   user + system time per request (/proc/PID/stat), "ab CPU" the client's (bash `time`): what
#   the figures cost, apart from what the rest of a shared machine takes (the load average
#   is printed before and after).
# - "floor" is the mean latency that the closed loop cannot beat with this server CPU per
#   request on these cores: max(1, CONC / cores) x server CPU per request (Little's law;
#   requests queue for a core). p50 near the floor means the time is rendering, not waiting
#   on the server's design; p99 above it is the spread of the queueing.
# Prints those per language and concurrency, and the server's peak resident memory (VmHWM).
#   bash bench/serve.sh [REQUESTS_PER_RUN]     (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${HANDOUT:-build/handout}
requests=${1:-1000}
workers=${WORKERS:-$(nproc)}
command -v ab >/dev/null || { echo "bench/serve.sh needs ab (apt-get install apache2-utils)"; exit 1; }
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
for lang in en ar; do
  python3 -c "import json,sys; print(json.dumps({'articles': [json.load(open(sys.argv[1]))], 'layout': 'a4'}))" \
    "content/stem-cell-therapy/$lang.json" >"$work/$lang.json"
done
"$bin" serve --listen 127.0.0.1:0 --workers "$workers" --connections 64 --quiet 2>"$work/server.log" &
server=$!
port=""
for _ in $(seq 100); do
  port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/server.log" | sed 's/.*://' || true)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { cat "$work/server.log"; exit 1; }
echo "handout serve, $workers workers, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg); $requests requests per run, no keep-alive"
# Server CPU time (user + system, clock ticks) from /proc, to tell work from waiting on a
# shared machine.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; }
ticks_per_s=$(getconf CLK_TCK)
cores=$(nproc)
printf "%-4s %5s %10s %8s %8s %8s %16s %12s\n" lang conc "req/s" "p50 ms" "p99 ms" "floor ms" "server CPU ms/req" "ab CPU ms/req"
for lang in en ar; do
  ab -q -n 50 -c 1 -p "$work/$lang.json" -T application/json "http://127.0.0.1:$port/render" >/dev/null  # warm-up
  for c in 1 8 64; do
    before=$(cpu_ticks)
    TIMEFORMAT='%3U %3S'
    { time ab -q -n "$requests" -c "$c" -p "$work/$lang.json" -T application/json \
      "http://127.0.0.1:$port/render" >"$work/ab.txt"; } 2>"$work/ab-time.txt"
    cpu=$(awk -v a="$before" -v b="$(cpu_ticks)" -v n="$requests" -v hz="$ticks_per_s" \
      'BEGIN {printf "%.1f", (b - a) * 1000 / hz / n}')
    ab_cpu=$(awk -v n="$requests" '{printf "%.2f", ($1 + $2) * 1000 / n}' "$work/ab-time.txt")
    floor=$(awk -v c="$c" -v k="$cores" -v cpu="$cpu" 'BEGIN {q = c / k; if (q < 1) q = 1; printf "%.1f", q * cpu}')
    if ! grep -q "^Non-2xx responses" "$work/ab.txt" && grep -q "^Failed requests: *0" "$work/ab.txt"; then :; else
      echo "errors at concurrency $c:"; grep -E "Failed|Non-2xx" "$work/ab.txt"; fi
    rps=$(awk '/^Requests per second/ {print $4}' "$work/ab.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$work/ab.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$work/ab.txt")
    printf "%-4s %5s %10s %8s %8s %8s %16s %12s\n" "$lang" "$c" "$rps" "$p50" "$p99" "$floor" "$cpu" "$ab_cpu"
  done
done
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' /proc/$server/status); load average $(cut -d' ' -f1 /proc/loadavg)"
