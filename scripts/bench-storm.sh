#!/usr/bin/env bash
# An alert storm: N applications (default 10 000) miss their deadline at the same moment and one detector
# pass handles them — each flip and its alert event in one DynamoDB transaction, on DETECTOR_CONCURRENCY
# threads (default 8), the events published ten per PutEvents call. DynamoDB Local in memory; EventBridge
# on moto_server when it is installed (otherwise a bus that accepts everything). Prints the pass time,
# flips, events published, bus calls and events left pending; a second pass shows nothing is left.
# Figures only; nothing here asserts on timing.
#   scripts/bench-storm.sh [applications, default 10000] [concurrency, default 8]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

apps=${1:-10000}
concurrency=${2:-${DETECTOR_CONCURRENCY:-8}}
bench_build_if_stale bench/target/classpath.txt bench/target/classes/dev/vigil/bench/AlertStorm.class

echo "== Alert storm: $apps applications down in one detector pass (concurrency $concurrency) =="
echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx2g \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.vigil.bench.AlertStorm "$apps" "$concurrency" \
  >"$tmp/out" 2>"$tmp/err" || { cat "$tmp/out" "$tmp/err" >&2; exit 1; }
grep -E '^(Seeded|STORM|Next pass)' "$tmp/out" | sed 's/^/  /'
line=$(grep '^STORM' "$tmp/out")
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
echo "RESULT | alert storm, $apps applications down in one pass | $(field pass_s) s (flipped $(field flipped), published $(field published) in $(field put_events_calls) PutEvents calls, $(field pending_after) left pending) | all published | $( [ "$(field published)" = "$apps" ] && echo "within target" || echo "off target")"
