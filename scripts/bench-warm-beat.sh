#!/usr/bin/env bash
# Warm beat path through the local runner: starts scripts/local.sh (DynamoDB Local in memory, every
# function of template.yaml in one JVM, the HTTP API), registers one application over the admin API,
# then sends POST /heartbeat/<uuid> over keep-alive HTTP connections and prints latency (p50, p90, p99,
# max) and beats per second for
#   sequential  one connection, one beat at a time
#   concurrent  several threads, one connection each
# after an untimed warm-up. Also prints how long the runner took to start: from launch until the API
# answers, and the "started in N ms" of its banner. Figures only: nothing here asserts on timing; a beat
# that does not get 200 fails the script. The client is Python's http.client and shares the CPUs with
# the runner.
#   scripts/bench-warm-beat.sh [sequential beats, default 2000] [concurrent beats, default 2000]
# Environment: THREADS (concurrent clients, default 8), WARMUP (untimed beats first, default 300).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk

sequential=${1:-2000}
concurrent=${2:-2000}
threads=${THREADS:-8}
warmup=${WARMUP:-300}

# Build now if scripts/local.sh would (same test), so that no build falls inside the timed start.
classpath_file=local/target/classpath.txt
newest_source=$(find pom.xml template.yaml shared testkit local functions -newer "$classpath_file" \
  \( -name '*.java' -o -name 'pom.xml' -o -name '*.yaml' \) -print -quit 2>/dev/null || true)
if [ ! -f "$classpath_file" ] || [ -n "$newest_source" ]; then
  echo "Building Vigil (mvn -DskipTests install)..." >&2
  mvn -q -B -DskipTests install >&2
  # maven-dependency-plugin leaves classpath.txt untouched when its content is unchanged, so its age
  # (local.sh's "last build" stamp) would still be older than the sources and local.sh would build again.
  touch "$classpath_file"
fi

tmp=$(mktemp -d)
runner_pid=""
stop_runner() {
  if [ -n "$runner_pid" ] && kill -0 "$runner_pid" 2>/dev/null; then
    kill "$runner_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$runner_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$runner_pid" 2>/dev/null && kill -9 "$runner_pid" 2>/dev/null || true
    wait "$runner_pid" 2>/dev/null || true
  fi
  runner_pid=""
}
cleanup() {
  stop_runner
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
key="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
base="http://127.0.0.1:$port"

echo "== Warm beat path: POST /heartbeat/{uuid} through the local runner (scripts/local.sh) =="
echo "JDK:     $JAVA_HOME"
"$JAVA_HOME/bin/java" -version 2>&1 | sed 's/^/         /'
echo "Beats:   $warmup warm-up (untimed), $sequential sequential on 1 connection, $concurrent over $threads threads (1 connection each)"
echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"
echo

launched=$(date +%s%N)
scripts/local.sh --port "$port" --admin-key "$key" >"$tmp/runner.log" 2>&1 &
runner_pid=$!
code=000
for _ in $(seq 1 2400); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -m 2 -H "Authorization: Bearer $key" "$base/api/applications" || true)
  [ "$code" != 000 ] && break
  if ! kill -0 "$runner_pid" 2>/dev/null; then break; fi
  sleep 0.05
done
answered=$(date +%s%N)
if [ "$code" = 000 ]; then
  echo "error: the local runner did not answer on $base; its output:" >&2
  cat "$tmp/runner.log" >&2
  exit 1
fi
banner=""
for _ in $(seq 1 100); do
  banner=$(sed -n 's/.*(started in \([0-9]*\) ms).*/\1/p' "$tmp/runner.log" | head -1)
  [ -n "$banner" ] && break
  sleep 0.1
done
echo "Runner start: API answered (HTTP $code on GET /api/applications) $(( (answered - launched) / 1000000 )) ms after launch;" \
  "the runner's banner says \"started in ${banner:-?} ms\" (from main, without JVM boot)"
if grep -q 'Building Vigil' "$tmp/runner.log"; then
  echo "  note: scripts/local.sh rebuilt the project first, so the figure above includes a Maven build"
fi

created=$(curl -s -f -X POST "$base/api/applications" -H "Authorization: Bearer $key" \
  -H 'content-type: application/json' -d '{"name":"bench-warm","intervalSeconds":60,"graceSeconds":10}')
uuid=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["uuid"])' "$created")
echo "Registered application $(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["id"])' "$created") (uuid ${uuid:0:4}****)"
echo

python3 - "$port" "$uuid" "$warmup" "$sequential" "$concurrent" "$threads" <<'PY'
import http.client
import sys
import threading
import time

port, uuid = int(sys.argv[1]), sys.argv[2]
warmup, sequential, concurrent, threads = (int(a) for a in sys.argv[3:7])
path = "/heartbeat/" + uuid
headers = {"content-length": "0", "user-agent": "vigil-bench"}


def beats(count, latencies, failures):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for _ in range(count):
            start = time.perf_counter_ns()
            conn.request("POST", path, body=b"", headers=headers)
            response = conn.getresponse()
            body = response.read()
            latencies.append(time.perf_counter_ns() - start)
            if response.status != 200:
                failures.append((response.status, body[:200]))
    finally:
        conn.close()


def pct(sorted_ns, p):
    index = max(0, min(len(sorted_ns) - 1, int(round(p / 100 * len(sorted_ns) + 0.5)) - 1))
    return sorted_ns[index] / 1e6


def report(label, latencies, elapsed_ns):
    s = sorted(latencies)
    print(f"{label:<34} p50 {pct(s, 50):7.2f} ms  p90 {pct(s, 90):7.2f}  p99 {pct(s, 99):7.2f}  max {s[-1] / 1e6:7.2f}"
          f"  mean {sum(s) / len(s) / 1e6:6.2f}  ->  {len(s) / (elapsed_ns / 1e9):7.1f} beats/s"
          f"  ({len(s)} beats in {elapsed_ns / 1e9:.2f} s)")


def fail_if(failures):
    if failures:
        print(f"FAIL: {len(failures)} beats did not get 200, e.g. {failures[:3]}")
        sys.exit(1)


failures = []
if warmup > 0:
    lat = []
    start = time.perf_counter_ns()
    beats(warmup, lat, failures)
    fail_if(failures)
    print(f"Warm-up: first beat {lat[0] / 1e6:.1f} ms, second {lat[1] / 1e6 if len(lat) > 1 else 0:.1f} ms,"
          f" beats 2-{warmup}: mean {sum(lat[1:]) / max(1, len(lat) - 1) / 1e6:.2f} ms (not counted below)")

lat = []
start = time.perf_counter_ns()
beats(sequential, lat, failures)
elapsed = time.perf_counter_ns() - start
fail_if(failures)
report("sequential (1 connection)", lat, elapsed)

per_thread = [concurrent // threads + (1 if i < concurrent % threads else 0) for i in range(threads)]
lists = [[] for _ in range(threads)]
barrier = threading.Barrier(threads + 1)


def worker(i):
    barrier.wait()
    beats(per_thread[i], lists[i], failures)


workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
for w in workers:
    w.start()
barrier.wait()
start = time.perf_counter_ns()
for w in workers:
    w.join()
elapsed = time.perf_counter_ns() - start
fail_if(failures)
report(f"concurrent ({threads} threads/connections)", [x for l in lists for x in l], elapsed)
PY

hwm=$(awk '/^VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$runner_pid/status" 2>/dev/null || echo unknown)
rss=$(awk '/^VmRSS/ {printf "%.1f MiB", $2 / 1024}' "/proc/$runner_pid/status" 2>/dev/null || echo unknown)
cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f s", ($14 + $15) / hz}' "/proc/$runner_pid/stat" 2>/dev/null || echo unknown)
echo
echo "Runner JVM: peak RSS $hwm, RSS now $rss, CPU time used $cpu (start included)"
stopping=$(date +%s%N)
stop_runner
echo "Runner stopped in $(( ($(date +%s%N) - stopping) / 1000000 )) ms; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) at the end"

echo
echo "Runner output: $(grep -c '^{' "$tmp/runner.log" || true) JSON log lines; other lines besides its banner:"
awk '/^Vigil is running locally/ {skip = 1} /^Press Ctrl\+C to stop/ {skip = 0; next} !skip && !/^\{/ && NF' "$tmp/runner.log" \
  | head -20 | sed 's/^/  | /'
