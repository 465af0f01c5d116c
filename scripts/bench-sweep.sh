#!/usr/bin/env bash
# A fleet sweep: N tenants (default 1 000) with M HTTP checks each (default 10) against a local target
# that answers in 200 ms, all due at once. The tenant-sweep handler's scheduled run sweeps the first
# SWEEP_INLINE_TENANTS itself and queues the rest; the queue hands them, five messages per invocation, to
# the same handler, at most I invocations at once (default 4). On Lambda every invocation has a CPU share
# of its own; here all of them share this machine's cores with DynamoDB Local, so more invocations at
# once only contend (20 at once on 2 cores: probes wait seconds for a CPU and time out). DynamoDB Local
# and the target run in processes of their own, so the memory figures are the sweep's. The sweep JVM
# runs as on a Lambda function of under 2 vCPUs (serial GC) with a 320 MB heap (BENCH_JAVA_OPTS). Runs R times (default 3), each on a
# fresh database, and prints each run, then the median and spread of the wall time and peak memory.
# Target on this machine: under 30 s and under 512 MB. Figures only; nothing here asserts on timing.
#   scripts/bench-sweep.sh [tenants, default 1000] [checks per tenant, default 10] [invocations, default 4] [runs, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

tenants=${1:-1000}
checks=${2:-10}
invocations=${3:-4}
runs=${4:-3}
bench_build_if_stale bench/target/classpath.txt bench/target/classes/dev/vigil/bench/SweepFleet.class \
  local/target/classpath.txt local/target/classes/dev/vigil/local/DynamoLocalServer.class

echo "== Fleet sweep: $tenants tenants x $checks HTTP checks (target answers in 200 ms), $invocations queue invocations at once, $runs runs =="
echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"
# CPU seconds (user + system) that process $1 has used so far.
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat" 2>/dev/null || echo 0
}
tmp=$(mktemp -d)
TARGET_PID=""
DDB_PID=""
cleanup() { bench_stop "$TARGET_PID"; bench_stop "$DDB_PID"; rm -rf "$tmp"; }
trap cleanup EXIT

"$JAVA_HOME/bin/java" -XX:+UseSerialGC -cp "bench/target/classes" dev.vigil.bench.SlowTarget 200 >"$tmp/target.log" 2>&1 &
TARGET_PID=$!
target=""
for _ in $(seq 1 100); do
  target=$(awk '/^READY /{print $2; exit}' "$tmp/target.log")
  [ -n "$target" ] && break
  sleep 0.1
done
[ -n "$target" ] || { echo "error: the target did not start:" >&2; cat "$tmp/target.log" >&2; exit 1; }

: >"$tmp/runs"
for run in $(seq 1 "$runs"); do
  bench_start_dynamo "00000000-0000-4000-8000-000000000000" "$tmp/ddb.log"
  ddb_cpu_before=$(cpu_seconds "$DDB_PID")
  target_cpu_before=$(cpu_seconds "$TARGET_PID")
  # shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:--Xmx320m -XX:+UseSerialGC} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.vigil.bench.SweepFleet \
    "$DDB_ENDPOINT" "$target" "$tenants" "$checks" "$invocations" >"$tmp/out" 2>"$tmp/err" \
    || { cat "$tmp/out" "$tmp/err" >&2; exit 1; }
  ddb_cpu=$(awk -v a="$(cpu_seconds "$DDB_PID")" -v b="$ddb_cpu_before" 'BEGIN {printf "%.1f", a - b}')
  target_cpu=$(awk -v a="$(cpu_seconds "$TARGET_PID")" -v b="$target_cpu_before" 'BEGIN {printf "%.1f", a - b}')
  bench_stop "$DDB_PID"
  DDB_PID=""
  line=$(grep '^SWEEP' "$tmp/out")
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  echo "  run $run: $(field wall_s) s, swept $(field swept)/$tenants tenants, $(field check_runs) check runs ($(field healthy) healthy)," \
    "heap peak $(field heap_peak_mb) MB, resident peak $(field rss_peak_mb) MB, $(field invocations) queue invocations"
  echo "    CPU: sweep $(field cpu_s) s, DynamoDB Local $ddb_cpu s (includes seeding), target $target_cpu s; checks not healthy (none listed: all healthy):"
  { grep -E '^  [0-9]+ x ' "$tmp/out" || true; } | sort -rn | head -5 | sed 's/^/    /'
  latency=$(grep '^LATENCY' "$tmp/out")
  echo "    check latency: p50 $(sed -n 's/.*p50_ms=\([^ ]*\).*/\1/p' <<<"$latency") ms, p99 $(sed -n 's/.*p99_ms=\([^ ]*\).*/\1/p' <<<"$latency") ms, max $(sed -n 's/.*max_ms=\([^ ]*\).*/\1/p' <<<"$latency") ms (the target answers in 200 ms)"
  echo "$(field wall_s) $(field heap_peak_mb) $(field rss_peak_mb) $(field swept)" >>"$tmp/runs"
done

read -r wall_med wall_min wall_max <<<"$(bench_stats "$tmp/runs" 1)"
read -r rss_med rss_min rss_max <<<"$(bench_stats "$tmp/runs" 3)"
read -r heap_med _ heap_max <<<"$(bench_stats "$tmp/runs" 2)"
echo "Wall time: median $wall_med s (min $wall_min, max $wall_max, n=$runs); resident peak: median $rss_med MB (min $rss_min, max $rss_max); heap peak: median $heap_med MB (max $heap_max)"
bench_result "fleet sweep wall time ($tenants x $checks checks) against the 30 s target" "$(bench_ratio "$wall_med" 30)" "<=" 1 "median $wall_med s, n=$runs, $wall_min..$wall_max s"
bench_result "fleet sweep resident peak against the 512 MB target" "$(bench_ratio "$rss_med" 512)" "<=" 1 "median $rss_med MB, n=$runs, $rss_min..$rss_max MB"
