#!/usr/bin/env bash
# The health views on the local runner: N tenants (default 100) with M HTTP checks each (default 20), each
# check with R recorded results (default 3: latest result, state and history, as a sweep records them).
# The local runner runs in the benchmark's JVM with its DynamoDB Local embedded and no sweep during the run;
# tenants and checks are created through the admin API, the results through the check store. Then the four
# health routes (every tenant on one page, as a dashboard asks) and a one-item baseline route
# (GET /api/tenants/{id}) are called over HTTP with the operator's key: W untimed warm-up rounds, then Q
# timed rounds, the routes taking turns (forwards, then backwards) so that a drift of the machine weighs
# on all alike. Every answer is checked (200, and the tenants, rows and checks seeded). Prints per route
# p50, p95 and max, whether under 200 ms, and the p50 against the baseline's (the figure that travels
# between machines); then each route alone after the admin API's result cache expired (5 samples each, 5 s
# apart). Target: each route under 200 ms (seed 003: a dashboard refresh under 5 s).
# Figures only; nothing here asserts on timing.
# Environment: MVN_FLAGS (e.g. -o) for the build, SKIP_BUILD=1 to run what is built, BENCH_JAVA_OPTS for the JVM.
#   scripts/bench-health.sh [tenants, default 100] [checks per tenant, default 20] [results per check, default 3]
#                           [warm-up rounds, default 20] [timed rounds, default 50]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

tenants=${1:-100}
checks=${2:-20}
runs=${3:-3}
warmup=${4:-20}
requests=${5:-50}

# Built in this checkout with the reactor when stale (see bench_build_if_stale).
classpath=bench/target/classpath.txt
bench_build_if_stale "$classpath" bench/target/classes/dev/vigil/bench/HealthViews.class

echo "== Health views: $tenants tenants x $checks checks, $runs results each; $warmup warm-up and $requests timed rounds =="
echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:--XX:+UseSerialGC} \
  -cp "bench/target/classes:$(cat "$classpath")" dev.vigil.bench.HealthViews "$tenants" "$checks" "$runs" "$warmup" "$requests" \
  >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/out" "$tmp/err" >&2; exit 1; }

seed=$(grep '^SEED' "$tmp/out")
echo "Seeded in $(sed -n 's/.* seconds=\([^ ]*\).*/\1/p' <<<"$seed") s"
printf '  %-42s %8s %8s %8s %10s %12s\n' route "p50 ms" "p95 ms" "max ms" "< 200 ms" "p50/baseline"
while read -r line; do
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  printf '  %-42s %8s %8s %8s %10s %12s\n' "${line#*| }" "$(field p50_ms)" "$(field p95_ms)" "$(field max_ms)" \
    "$(field under_200)" "x$(field x_baseline)"
done < <(grep '^ROUTE' "$tmp/out")
echo "  The same routes after the admin API's 5 s result cache expired (each alone, reading every tenant again):"
while read -r line; do
  field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  printf '  %-42s %8s %8s %8s %10s\n' "$(awk '{print $2}' <<<"$line") (cold)" "$(field p50_ms)" "" "$(field max_ms)" "$(field under_200)"
done < <(grep '^COLD' "$tmp/out")
for route in master matrix service tenant; do
  line=$(grep "^ROUTE $route " "$tmp/out")
  p95=$(sed -n 's/.* p95_ms=\([^ ]*\).*/\1/p' <<<"$line")
  bench_result "health view $route p95 ($tenants tenants x $checks checks) against 200 ms" "$(bench_ratio "$p95" 200)" "<=" 1 \
    "p95 $p95 ms, n=$requests, p50 x$(sed -n 's/.* x_baseline=\([^ ]*\).*/\1/p' <<<"$line") the one-item route"
done
