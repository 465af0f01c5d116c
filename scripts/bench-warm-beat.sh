#!/usr/bin/env bash
# Warm beats, Vigil against baselines, in two parts.
#
# 1. Handler time per beat. dev.vigil.bench.WarmBeats loads, in one JVM and each in its own class loader,
#    Vigil's BeatIngestHandler (functions/beat-ingest/target/beat-ingest.jar) and the minimal handler
#    (bench/target/vigil-bench.jar: one conditional UpdateItem), and invokes both with
#    events/heartbeat-post.json against the same DynamoDB Local, block by block in turns, at 1 and at 8
#    threads. Prints p50/p99/max per beat and beats/s, and the ratios vigil/minimal (target: <= x1.15).
#
# 2. The local runner over HTTP. Starts scripts/local.sh, registers one application over the admin API,
#    then takes turns, in the same window, between
#      runner  wrk -t2 -c8 -d<s>s --latency, POST /heartbeat/<uuid> (Python's http.client, 8 threads, if
#              wrk is missing)
#      bare    dev.vigil.bench.BareWrites: 8 threads of the minimal handler's UpdateItem straight to the
#              runner's own DynamoDB Local, on the same item
#    and prints requests/s, p99 and the ratio runner req/s / bare writes/s (target: >= x0.5).
#
# Figures only: nothing here asserts on timing; a beat that does not get 200 fails part 1, and is reported
# in part 2.
#   scripts/bench-warm-beat.sh
# Environment: WARM_BEATS (beats per block, default 1000), WARM_ROUNDS (default 4), WARM_WARMUP (untimed
# beats per handler, default 3000), HTTP_SECONDS (per turn, default 10), HTTP_ROUNDS (turns of each, default 2),
# BENCH_JAVA_OPTS (JVM options for WarmBeats and BareWrites), SKIP_HANDLERS=1 or SKIP_HTTP=1 to run one part,
# SKIP_BUILD=1 (run what is built), MVN_FLAGS (e.g. -o) for the build, BENCH_RUNNER_WAIT (default 180 s).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

event_file=events/heartbeat-post.json
vigil_jar=functions/beat-ingest/target/beat-ingest.jar
minimal_jar=bench/target/vigil-bench.jar
http_seconds=${HTTP_SECONDS:-10}
http_rounds=${HTTP_ROUNDS:-2}
java_opts=()
[ -n "${BENCH_JAVA_OPTS:-}" ] && read -r -a java_opts <<<"$BENCH_JAVA_OPTS"

bench_build_if_stale "$vigil_jar" "$minimal_jar" bench/target/classpath.txt bench/target/classes/dev/vigil/bench/WarmBeats.class \
  local/target/classpath.txt local/target/classes/dev/vigil/local/DynamoLocalServer.class

tmp=$(mktemp -d)
DDB_PID=""
runner_pid=""
cleanup() {
  bench_stop "$DDB_PID"
  bench_stop "$runner_pid"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== Warm beats: Vigil vs the minimal handler, and the local runner vs bare DynamoDB writes =="
echo "JDK:     $JAVA_HOME"
"$JAVA_HOME/bin/java" -version 2>&1 | sed 's/^/         /'
echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"
echo

# ---- Part 1: handler time per beat -------------------------------------------------------------------
if [ "${SKIP_HANDLERS:-0}" != 1 ]; then
  uuid=$(sed -n 's/.*"uuid"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$event_file" | head -1)
  bench_start_dynamo "$uuid" "$tmp/dynamodb.log"
  bench_handler_env "$DDB_ENDPOINT"
  echo "-- Part 1: handler time per beat, both handlers in one JVM, DynamoDB Local at $DDB_ENDPOINT --"
  bench_settle "$DDB_PID"
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" LANG="${LANG:-C.UTF-8}" "${BENCH_HANDLER_ENV[@]}" \
    "$JAVA_HOME/bin/java" ${java_opts[@]+"${java_opts[@]}"} -cp bench/target/classes dev.vigil.bench.WarmBeats \
    --beats "${WARM_BEATS:-1000}" --rounds "${WARM_ROUNDS:-4}" --warmup "${WARM_WARMUP:-3000}" --threads 1,8 "$event_file" \
    "vigil=dev.vigil.ingest.BeatIngestHandler@$vigil_jar" "minimal=dev.vigil.bench.MinimalBeatHandler@$minimal_jar" \
    >"$tmp/warm.out" 2>"$tmp/warm.err" || { cat "$tmp/warm.out" "$tmp/warm.err" >&2; exit 1; }
  sed 's/^/  /' "$tmp/warm.out"
  grep -v '^SLF4J' "$tmp/warm.err" | sed 's/^/  stderr | /' || true
  bench_stop "$DDB_PID"
  DDB_PID=""
  echo
  # RATIO vigil/minimal threads=1 p50=x1.93 p99=x1.48 beats_per_s=x0.53
  while read -r _ _ threads p50 p99 _; do
    bench_result "warm beat, handler time p50, ${threads#threads=} thread(s) (vigil/minimal)" "${p50#p50=x}" "<=" 1.15 \
      "p99 ${p99#p99=}"
  done < <(grep '^RATIO vigil/minimal' "$tmp/warm.out") >"$tmp/results"
fi

# ---- Part 2: the local runner over HTTP vs bare writes ----------------------------------------------
if [ "${SKIP_HTTP:-0}" != 1 ]; then
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  key="bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  base="http://127.0.0.1:$port"
  echo "-- Part 2: the local runner (scripts/local.sh) over HTTP vs bare DynamoDB writes, turn by turn --"
  launched=$(date +%s%N)
  scripts/local.sh --port "$port" --admin-key "$key" >"$tmp/runner.log" 2>&1 &
  runner_pid=$!
  bench_wait_for_runner "$runner_pid" "$base" "$key" "$tmp/runner.log"
  endpoint=$BENCH_RUNNER_ENDPOINT
  echo "Runner: API answered $(( ($(date +%s%N) - launched) / 1000000 )) ms after launch; its DynamoDB Local: ${endpoint:-not found}"
  created=$(curl -s -f -X POST "$base/api/applications" -H "Authorization: Bearer $key" \
    -H 'content-type: application/json' -d '{"name":"bench-warm","intervalSeconds":60,"graceSeconds":10}')
  uuid=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["uuid"])' "$created")
  echo "Registered one application (uuid ${uuid:0:4}****); every request below is a beat of it"

  if command -v wrk >/dev/null; then
    client="wrk -t2 -c8 -d${http_seconds}s --latency"
    printf 'wrk.method = "POST"\nwrk.headers["Content-Length"] = "0"\n' >"$tmp/post.lua"
  else
    client="python3 http.client, 8 threads (1 keep-alive connection each), ${http_seconds} s"
    echo "NOTE: wrk is not installed (apt-get install -y wrk); using a Python client, which itself needs much of the CPU"
  fi
  echo "Client: $client; bare: BareWrites, 8 threads, ${http_seconds} s after 3 s untimed"

  # One runner turn: prints "req_per_s p50_ms p99_ms requests non_2xx".
  runner_turn() {
    if command -v wrk >/dev/null; then
      wrk -t2 -c8 -d"${http_seconds}s" --latency -s "$tmp/post.lua" "$base/heartbeat/$uuid" >"$tmp/wrk.out" 2>&1
      awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /m$/) return v * 60000; return v * 1000 }
           /Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
           /requests in/ { n = $1 } /Non-2xx/ { bad = $NF }
           END { printf "%s %.2f %.2f %s %d\n", rps, p50, p99, n, bad }' "$tmp/wrk.out"
    else
      python3 - "$port" "$uuid" "$http_seconds" <<'PY'
import http.client, sys, threading, time
port, uuid, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
lat, bad, lock = [], [0], threading.Lock()
def worker(deadline):
    conn, mine, fails = http.client.HTTPConnection("127.0.0.1", port, timeout=30), [], 0
    while time.perf_counter() < deadline:
        t0 = time.perf_counter_ns()
        conn.request("POST", "/heartbeat/" + uuid, body=b"", headers={"content-length": "0"})
        r = conn.getresponse(); r.read()
        mine.append(time.perf_counter_ns() - t0)
        fails += r.status != 200
    with lock:
        lat.extend(mine); bad[0] += fails
start = time.perf_counter()
threads = [threading.Thread(target=worker, args=(start + seconds,)) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
elapsed = time.perf_counter() - start
s = sorted(lat)
pct = lambda p: s[max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))] / 1e6
print(f"{len(s) / elapsed:.2f} {pct(50):.2f} {pct(99):.2f} {len(s)} {bad[0]}")
PY
    fi
  }
  # One bare turn: prints "writes_per_s p50_ms p99_ms writes".
  bare_turn() {
    "$JAVA_HOME/bin/java" ${java_opts[@]+"${java_opts[@]}"} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
      dev.vigil.bench.BareWrites "$endpoint" "$uuid" 8 "$http_seconds" 3 2>"$tmp/bare.err" >"$tmp/bare.out" \
      || { cat "$tmp/bare.out" "$tmp/bare.err" >&2; return 1; }
    awk '/^BARE / { for (i = 2; i <= NF; i++) { split($i, p, "="); v[p[1]] = p[2] }
                    print v["writes_per_s"], v["p50_ms"], v["p99_ms"], v["writes"] }' "$tmp/bare.out"
  }

  # Untimed: the runner's first beats (class loading, C1 compiling) are not what is compared.
  curl -s -o /dev/null -X POST "$base/heartbeat/$uuid"
  if command -v wrk >/dev/null; then wrk -t2 -c8 -d3s -s "$tmp/post.lua" "$base/heartbeat/$uuid" >/dev/null 2>&1 || true; fi
  : >"$tmp/runner.turns"; : >"$tmp/bare.turns"
  printf '  %-6s %-7s %10s %8s %8s %9s  %s\n' turn side per_s p50_ms p99_ms count note
  for ((r = 1; r <= http_rounds; r++)); do
    bench_settle "$runner_pid"
    read -r rps p50 p99 n bad < <(runner_turn)
    echo "$rps $p50 $p99 $n $bad" >>"$tmp/runner.turns"
    printf '  %-6s %-7s %10.1f %8.2f %8.2f %9d  %s\n' "$r" runner "$rps" "$p50" "$p99" "$n" \
      "$([ "${bad:-0}" -gt 0 ] && echo "WARNING: $bad responses not 2xx" || true)"
    bench_settle "$runner_pid"
    if [ -n "$endpoint" ]; then
      read -r wps bp50 bp99 bn < <(bare_turn)
      echo "$wps $bp50 $bp99 $bn" >>"$tmp/bare.turns"
      printf '  %-6s %-7s %10.1f %8.2f %8.2f %9d\n' "$r" bare "$wps" "$bp50" "$bp99" "$bn"
    fi
  done
  read -r rps_m rps_lo rps_hi < <(bench_stats "$tmp/runner.turns" 1)
  read -r p99_m _ p99_hi < <(bench_stats "$tmp/runner.turns" 3)
  printf '  runner: req/s median %.1f (min %.1f, max %.1f), p99 median %.2f ms (max %.2f), n=%d turns of %d s\n' \
    "$rps_m" "$rps_lo" "$rps_hi" "$p99_m" "$p99_hi" "$http_rounds" "$http_seconds"
  if [ -s "$tmp/bare.turns" ]; then
    read -r wps_m wps_lo wps_hi < <(bench_stats "$tmp/bare.turns" 1)
    read -r bp99_m _ _ < <(bench_stats "$tmp/bare.turns" 3)
    printf '  bare:   writes/s median %.1f (min %.1f, max %.1f), p99 median %.2f ms\n' "$wps_m" "$wps_lo" "$wps_hi" "$bp99_m"
    echo "  ratio runner req/s / bare writes/s (medians): x$(bench_ratio "$rps_m" "$wps_m")"
    bench_result "local runner req/s / bare writes/s, 8 connections/threads" "$(bench_ratio "$rps_m" "$wps_m")" ">=" 0.5 \
      "$(printf '%.0f vs %.0f /s; runner p99 %.1f ms, bare p99 %.1f ms; %s' "$rps_m" "$wps_m" "$p99_m" "$bp99_m" \
        "$(command -v wrk >/dev/null && echo wrk || echo 'python client')")" >>"$tmp/results"
  else
    echo "  bare: not measured (the runner's DynamoDB Local endpoint was not found in its banner)"
  fi
  hwm=$(awk '/^VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$runner_pid/status" 2>/dev/null || echo unknown)
  echo "  runner JVM peak RSS $hwm; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) at the end"
  bench_stop "$runner_pid"
  runner_pid=""
  echo
fi

[ -f "$tmp/results" ] && cat "$tmp/results"
exit 0
