#!/usr/bin/env bash
# The read cost of uptime figures on DynamoDB Local (started in the benchmark's JVM): one application with a
# year of rollups written through the rollup store, then a tenant of N applications (default 1000) each with
# a copy of its items. Prints, for the 24 h, 30 d and 1 y figures, the items and BatchGetItem requests one
# application's read takes, the capacity DynamoDB Local reports, and p50/p95 latency; then the same figure
# for the whole tenant, its applications read T at a time (default 16). Then the SLA report
# (GET /api/tenants/{id}/sla) of a tenant of N applications through the local runner, for the previous (closed)
# and the current month: the items it reads, its size as JSON and as cached, and p50/p95 cold (its cached report
# deleted first) and cached, over R rounds (default 5). Figures only; nothing asserts on timing.
# Environment: MVN_FLAGS (e.g. -o) for the build, SKIP_BUILD=1 to run what is built, BENCH_JAVA_OPTS for the JVM.
#   scripts/bench-uptime.sh [applications, default 1000] [timed rounds, default 50] [tenant rounds, default 5]
#                           [threads, default 16] [SLA rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

apps=${1:-1000}
rounds=${2:-50}
tenant_rounds=${3:-5}
threads=${4:-16}
sla_rounds=${5:-5}

# Built in this checkout with the reactor when stale (see bench_build_if_stale).
classpath=bench/target/classpath.txt
bench_build_if_stale "$classpath" bench/target/classes/dev/vigil/bench/UptimeReads.class

echo "== Uptime reads: one application with a year of rollups, and a tenant of $apps; $rounds timed reads, $tenant_rounds tenant rounds, $threads threads =="
echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:--XX:+UseSerialGC} \
  -cp "bench/target/classes:$(cat "$classpath")" dev.vigil.bench.UptimeReads "$apps" "$rounds" "$tenant_rounds" "$threads"

echo "== SLA report: a tenant of $apps applications through the local runner, cold and cached; $sla_rounds rounds each =="
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:--XX:+UseSerialGC} \
  -cp "bench/target/classes:$(cat "$classpath")" dev.vigil.bench.SlaReports "$apps" "$sla_rounds"
