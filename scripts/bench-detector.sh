#!/usr/bin/env bash
# The missed-beat detector's pass with 100 overdue applications among 1 000, and among 100 000: its work
# should follow the overdue applications (the deadline index is sparse), not the fleet, so the ratio of
# the two pass times should be about x1. dev.vigil.bench.DetectorPass holds both fleets, each in its own
# in-memory DynamoDB Local, seeded with applications shaped as Vigil stores them (BatchWriteItem from
# several threads), and takes turns between them: make 100 applications overdue, time the deadline-index
# read alone, then a whole pass (MissedBeatScan.runPass: read, flip each down with its alert event, publish
# to a bus that accepts everything), remove the flipped ones. Prints per turn the items read, the
# index's ScannedCount, the pass time and the DynamoDB calls it made, then medians and the ratios.
# If seeding the large fleet would take more than ~3 minutes, it uses 20 000 applications and says so.
# Figures only; nothing here asserts on timing.
#   scripts/bench-detector.sh [small fleet, default 1000] [large fleet, default 100000]
# Environment: OVERDUE (default 100), ROUNDS (timed turns per fleet, default 5), SEED_THREADS (default 4),
# SEED_BUDGET_SECONDS (default 180), BENCH_JAVA_OPTS (JVM options, default -Xmx2g).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

small=${1:-1000}
large=${2:-100000}
overdue=${OVERDUE:-100}

bench_build_if_stale bench/target/classpath.txt bench/target/classes/dev/vigil/bench/DetectorPass.class

echo "== Detector pass: $overdue overdue among $small vs among $large applications (DynamoDB Local in memory) =="
echo "JDK:     $JAVA_HOME"
echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"
echo

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
read -r -a java_opts <<<"${BENCH_JAVA_OPTS:--Xmx2g}"
started=$(date +%s)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "${java_opts[@]}" \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.vigil.bench.DetectorPass \
  --overdue "$overdue" --rounds "${ROUNDS:-5}" --seed-threads "${SEED_THREADS:-4}" \
  --budget-seconds "${SEED_BUDGET_SECONDS:-180}" --fallback 20000 "$small" "$large" >"$tmp/out" 2>"$tmp/err" \
  || { cat "$tmp/out" "$tmp/err" >&2; exit 1; }
# DynamoDB Local's start-up banners are left out; the rest is the benchmark's.
awk '/^Initializing DynamoDB Local/ {skip = 1} skip && /^CorsParams/ {skip = 0; next} !skip && NF' "$tmp/out" | sed 's/^/  /'
grep -v '^SLF4J\|^Seeding the' "$tmp/err" | sed 's/^/  stderr | /' || true
echo "  (whole run, seeding included: $(( $(date +%s) - started )) s; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) at the end)"
echo

# RATIO detector large/small n_small=1000 n_large=100000 pass_p50=x1.02 query_p50=x1.10 scanned=x1.00 pass_ms=1500/1530
#   read=100/100 scanned_count=100/100
line=$(grep '^RATIO detector' "$tmp/out")
field() { sed -n "s/.* $1=x\{0,1\}\([^ ]*\).*/\1/p" <<<"$line"; }
n_large=$(field n_large)
bench_result "detector pass, $overdue overdue among $(field n_small) vs $n_large (large/small)" "$(field pass_p50)" "~" 1.5 \
  "pass $(field pass_ms) ms, items read $(field read), ScannedCount $(field scanned_count) small/large; deadline-index read x$(field query_p50); n=${ROUNDS:-5}"
