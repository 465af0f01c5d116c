#!/usr/bin/env bash
# Ingest throughput on the local runner with wrk, beside the same run's bare DynamoDB Local writes.
#
# Starts the local runner (every beat stored: VIGIL_BEAT_RATE_LIMIT=0 unless RATE_LIMIT says otherwise),
# registers 100 applications over the admin API, then runs, one after the other, each for HTTP_SECONDS:
#   (a) plain   wrk POST /heartbeat/<uuid>, no body, the 100 UUIDs in turn (each wrk thread from its own offset)
#   (b) body    the same with a 10 KB text/plain body
#   (c) bulk    wrk POST /heartbeats, {"uuids": [the 100 UUIDs]}: 100 beats a request
#   (d) bare    dev.vigil.bench.BareWrites: the minimal handler's conditional UpdateItem in a loop, straight to
#               the runner's own DynamoDB Local (the baseline: what the database takes without HTTP or Vigil)
# and prints requests/s, p50/p99 latency, beats/s and each beats/s against (d)'s writes/s.
#
# Figures only: nothing here asserts on timing. Builds with the reactor into target/ when needed (never
# installs into ~/.m2). Needs wrk (apt-get install -y wrk).
#   scripts/bench-ingest.sh
# Environment: HTTP_SECONDS (per run, default 10), CONNECTIONS (wrk -c and BareWrites threads, default 8),
# BULK_CONNECTIONS (wrk -c for the bulk run, default 2: each request is 100 beats, 16 written at a time),
# RATE_LIMIT (the runner's beat rate, default 0: every beat stored), SKIP_BUILD=1 (run what is built),
# MVN_FLAGS (e.g. -o) for the build, BENCH_RUNNER_WAIT (seconds the runner may take to answer, default 180).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

http_seconds=${HTTP_SECONDS:-10}
connections=${CONNECTIONS:-8}
bulk_connections=${BULK_CONNECTIONS:-2}
rate_limit=${RATE_LIMIT:-0}
apps=100
command -v wrk >/dev/null || { echo "error: wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }

classpath_file=local/target/classpath.txt
bench_build_if_stale "$classpath_file" bench/target/classpath.txt bench/target/classes/dev/vigil/bench/BareWrites.class

tmp=$(mktemp -d)
runner_pid=""
cleanup() {
  bench_stop "$runner_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== Ingest on the local runner (wrk) vs bare DynamoDB Local writes =="
echo "JDK:     $JAVA_HOME"
echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
key="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
base="http://127.0.0.1:$port"
VIGIL_BEAT_RATE_LIMIT="$rate_limit" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -cp "local/target/classes:$(cat "$classpath_file")" dev.vigil.local.LocalRunner \
  --port "$port" --admin-key "$key" --log-format json >"$tmp/runner.log" 2>&1 &
runner_pid=$!
bench_wait_for_runner "$runner_pid" "$base" "$key" "$tmp/runner.log"
endpoint=$BENCH_RUNNER_ENDPOINT
[ -n "$endpoint" ] || { echo "error: the runner's DynamoDB Local endpoint is not in its banner" >&2; exit 1; }

for i in $(seq 1 "$apps"); do
  curl -s -f -X POST "$base/api/applications" -H "Authorization: Bearer $key" -H 'content-type: application/json' \
    -d "{\"name\":\"bench-ingest-$i\",\"intervalSeconds\":3600,\"graceSeconds\":60}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["uuid"])' >>"$tmp/uuids"
done
echo "Runner: $base, beat rate limit $rate_limit (0: every beat stored); $apps applications registered"
echo "Client: wrk -t2 -c$connections (bulk -c$bulk_connections) -d${http_seconds}s --timeout 30s --latency; bare: BareWrites, $connections threads, ${http_seconds} s after 3 s untimed"
echo

# Each wrk thread walks the UUIDs from its own offset, so concurrent requests beat different applications.
cat >"$tmp/beats.lua" <<LUA
local uuids = {}
for line in io.lines("$tmp/uuids") do uuids[#uuids + 1] = line end
local threads = 0
function setup(thread) thread:set("offset", threads * 37); threads = threads + 1 end
local i = 0
local body = string.rep("x", tonumber(os.getenv("BODY_BYTES") or "0"))
local headers = { ["Content-Type"] = "text/plain", ["Content-Length"] = tostring(#body) }
function request()
  i = i + 1
  return wrk.format("POST", "/heartbeat/" .. uuids[((offset or 0) + i) % #uuids + 1], headers, body)
end
LUA
python3 - "$tmp/uuids" >"$tmp/bulk.json" <<'PY'
import json, sys
print(json.dumps({"uuids": [line.strip() for line in open(sys.argv[1]) if line.strip()]}), end="")
PY
cat >"$tmp/bulk.lua" <<LUA
local f = io.open("$tmp/bulk.json"); local body = f:read("*a"); f:close()
wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
LUA

# One wrk run with $4 connections (2 threads): prints "req_per_s p50_ms p99_ms requests not_2xx_or_timed_out".
wrk_run() {
  local script=$1 path=$2 seconds=$3 conns=$4
  wrk -t2 -c"$conns" -d"${seconds}s" --timeout 30s --latency -s "$script" "$base$path" >"$tmp/wrk.out" 2>&1
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
       /Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
       /requests in/ { n = $1 } /Non-2xx/ { bad += $NF } /Socket errors/ { sub(/.*timeout /, ""); bad += $1 }
       END { printf "%s %.2f %.2f %s %d\n", rps, p50, p99, n, bad }' "$tmp/wrk.out"
}

# Untimed: class loading and the first compilations are not what is measured.
BODY_BYTES=0 wrk -t2 -c"$connections" -d3s -s "$tmp/beats.lua" "$base/heartbeat/" >/dev/null 2>&1 || true
wrk -t2 -c2 -d2s -s "$tmp/bulk.lua" "$base/heartbeats" >/dev/null 2>&1 || true

printf '  %-28s %10s %10s %8s %8s %9s %8s\n' run req_per_s beats_per_s p50_ms p99_ms requests vs_bare
declare -A beats_per_s
report() {
  local name=$1 per_request=$2 rps p50 p99 n bad
  read -r rps p50 p99 n bad
  beats_per_s[$name]=$(awk -v r="$rps" -v k="$per_request" 'BEGIN { printf "%.1f", r * k }')
  printf '  %-28s %10.1f %10.1f %8.2f %8.2f %9d %8s%s\n' "$name" "$rps" "${beats_per_s[$name]}" "$p50" "$p99" "$n" "@" \
    "$([ "${bad:-0}" -gt 0 ] && echo "  WARNING: $bad answers not 2xx or timed out" || true)" >>"$tmp/table"
}
: >"$tmp/table"
bench_settle "$runner_pid"
export BODY_BYTES=0
report "(a) plain POST beats" 1 < <(wrk_run "$tmp/beats.lua" "/heartbeat/" "$http_seconds" "$connections")
bench_settle "$runner_pid"
export BODY_BYTES=10240
report "(b) beats with a 10 KB body" 1 < <(wrk_run "$tmp/beats.lua" "/heartbeat/" "$http_seconds" "$connections")
bench_settle "$runner_pid"
report "(c) bulk, 100 UUIDs a request" "$apps" < <(wrk_run "$tmp/bulk.lua" "/heartbeats" "$http_seconds" "$bulk_connections")
bench_settle "$runner_pid"
"$JAVA_HOME/bin/java" -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.vigil.bench.BareWrites \
  "$endpoint" "$(head -1 "$tmp/uuids")" "$connections" "$http_seconds" 3 >"$tmp/bare.out" 2>"$tmp/bare.err" \
  || { cat "$tmp/bare.out" "$tmp/bare.err" >&2; exit 1; }
read -r wps bp50 bp99 bn < <(awk '/^BARE / { for (i = 2; i <= NF; i++) { split($i, p, "="); v[p[1]] = p[2] }
                print v["writes_per_s"], v["p50_ms"], v["p99_ms"], v["writes"] }' "$tmp/bare.out")

while IFS= read -r line; do
  for run in "(a) plain POST beats" "(b) beats with a 10 KB body" "(c) bulk, 100 UUIDs a request"; do
    if [[ "$line" == "  $run"* ]]; then
      line=${line/@/x$(bench_ratio "${beats_per_s[$run]}" "$wps")}
    fi
  done
  echo "$line"
done <"$tmp/table"
printf '  %-28s %10s %10.1f %8.2f %8.2f %9d %8s\n' "(d) bare UpdateItem loop" "-" "$wps" "$bp50" "$bp99" "$bn" "x1.00"
echo
echo "  beats/s = requests/s x beats per request; vs_bare = beats/s / bare writes/s; runs of ${http_seconds} s each"
hwm=$(awk '/^VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$runner_pid/status" 2>/dev/null || echo unknown)
echo "  runner JVM peak RSS $hwm; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) at the end"
echo
bench_result "ingest on the local runner, plain beats/s / bare writes/s" "$(bench_ratio "${beats_per_s["(a) plain POST beats"]}" "$wps")" ">=" 0.5
bench_result "ingest on the local runner, bulk beats/s / bare writes/s" "$(bench_ratio "${beats_per_s["(c) bulk, 100 UUIDs a request"]}" "$wps")" ">=" 0.5
exit 0
