#!/usr/bin/env bash
# Runs every benchmark, one after the other, and ends with one table of every figure against its target:
#   scripts/bench-artifacts.sh    jar sizes (target: every function jar <= 8 MiB)
#   scripts/bench-cold-beat.sh    cold start, vigil/minimal (target <= x1.10)
#   scripts/bench-warm-beat.sh    warm handler time, vigil/minimal (<= x1.15); local runner vs bare writes (>= x0.5)
#   scripts/bench-detector.sh     detector pass, 100 overdue among 1 000 vs 100 000 (~x1)
#   scripts/bench-sweep.sh        fleet sweep, 1 000 tenants x 10 HTTP checks (under 30 s and 512 MB)
#   scripts/bench-ingest.sh       local runner (wrk): plain, 10 KB-body and bulk beats vs bare writes (>= x0.5)
# Each script's full output is kept in the output directory. The verdicts are printed only: the exit
# status is non-zero only if a script itself failed (a missing jar, a forbidden class, a beat not answered 200).
#   scripts/bench-all.sh [output directory, default a new temporary one]
# Environment: COLD_RUNS (runs per side and variant, default 10), and each script's own variables.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk

out=${1:-$(mktemp -d -t vigil-bench.XXXXXX)}
mkdir -p "$out"
failed=()

run() { # name, then the command
  local name=$1 rc=0
  shift
  echo "######## $name: $* ########"
  set +e
  "$@" 2>&1 | tee "$out/$name.log"
  rc=${PIPESTATUS[0]}
  set -e
  [ "$rc" = 0 ] || failed+=("$name (exit $rc)")
  echo
}

started=$(date +%s)
run artifacts scripts/bench-artifacts.sh
run cold-beat scripts/bench-cold-beat.sh "${COLD_RUNS:-10}"
run warm-beat scripts/bench-warm-beat.sh
run restore scripts/bench-restore.sh
run detector scripts/bench-detector.sh
run sweep scripts/bench-sweep.sh
run ingest scripts/bench-ingest.sh

echo "======== Summary: Vigil against its targets ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(( $(date +%s) - started )) s) ========"
grep -h '^RESULT |' "$out"/artifacts.log "$out"/cold-beat.log "$out"/warm-beat.log "$out"/restore.log "$out"/detector.log "$out"/sweep.log 2>/dev/null \
  | awk -F' [|] ' '
      function dashes(n,   s) { s = ""; while (n-- > 0) s = s "-"; return s }
      { for (i = 2; i <= 5; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
      END {
        h[2] = "measure"; h[3] = "measured"; h[4] = "target"; h[5] = "verdict"
        for (i = 2; i <= 5; i++) if (length(h[i]) > w[i]) w[i] = length(h[i])
        fmt = "%-" w[2] "s | %-" w[3] "s | %-" w[4] "s | %s\n"
        printf fmt, h[2], h[3], h[4], h[5]
        printf fmt, dashes(w[2]), dashes(w[3]), dashes(w[4]), dashes(w[5])
        for (r = 1; r <= NR; r++) printf fmt, cell[r, 2], cell[r, 3], cell[r, 4], cell[r, 5]
      }'
echo
echo "Ratios are medians of alternated runs on this machine (see each log for min/max, p99 and n); absolute"
echo "times drift from day to day here, the ratios much less. Full outputs: $out"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED (not a timing verdict): ${failed[*]}"
  exit 1
fi
