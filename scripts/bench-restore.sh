#!/usr/bin/env bash
# What SnapStart would restore, per function: in a fresh JVM, construct the handler with its no-argument
# constructor (Lambda's init), prime it as its checkpoint hook does, then time the first request (the one
# a restored container serves first) against the median of the warm requests after it. Runs the beat
# ingest on a beat of events/heartbeat-post.json against DynamoDB Local, RUNS times (default 5). Prints the
# figures and the ratio first/warm (target <= x3). Figures only: nothing here asserts on timing.
#   scripts/bench-restore.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

runs=${1:-5}
jar=functions/beat-ingest/target/beat-ingest.jar
bench_build_if_stale "$jar" testkit/target/classes/dev/vigil/testkit/RestoreProbe.class local/target/classpath.txt

tmp=$(mktemp -d)
DDB_PID=""
trap 'bench_stop "$DDB_PID"; rm -rf "$tmp"' EXIT
bench_start_dynamo 3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13 "$tmp/dynamodb.log"
bench_handler_env "$DDB_ENDPOINT"

echo "== Restore after priming: BeatIngestHandler, fresh JVM per run, $runs runs, DynamoDB Local at $DDB_ENDPOINT =="
: >"$tmp/runs"
for ((r = 1; r <= runs; r++)); do
  bench_settle "$DDB_PID"
  line=$(env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${BENCH_HANDLER_ENV[@]}" "$JAVA_HOME/bin/java" \
    -cp "$jar:testkit/target/classes" dev.vigil.testkit.RestoreProbe dev.vigil.ingest.BeatIngestHandler \
    events/heartbeat-post.json 200 2>/dev/null | grep '^RESTORE ')
  echo "  run $r: ${line#RESTORE }"
  awk '{ for (i = 2; i <= NF; i++) { split($i, p, "="); v[p[1]] = p[2] }
         print v["construct_ms"], v["prime_ms"], v["first_ms"], v["warm_p50_ms"], v["first_over_warm"] }' <<<"$line" >>"$tmp/runs"
done
read -r first_m first_lo first_hi < <(bench_stats "$tmp/runs" 3)
read -r warm_m _ _ < <(bench_stats "$tmp/runs" 4)
read -r ratio_m ratio_lo ratio_hi < <(bench_stats "$tmp/runs" 5)
read -r prime_m _ _ < <(bench_stats "$tmp/runs" 2)
echo "  median: priming ${prime_m} ms; first request ${first_m} ms (min ${first_lo}, max ${first_hi}); warm p50 ${warm_m} ms"
bench_result "first request after restore / warm request (ingest)" "$ratio_m" "<=" 3 \
  "median of $runs; min x${ratio_lo}, max x${ratio_hi}"
