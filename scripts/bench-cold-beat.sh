#!/usr/bin/env bash
# Cold start of a beat, Vigil against the minimal handler. For each run a fresh JVM loads one function jar,
# builds the handler with its no-arg constructor (as the Lambda runtime does), handles
# events/heartbeat-post.json once against DynamoDB Local and exits:
#   vigil    dev.vigil.ingest.BeatIngestHandler from functions/beat-ingest/target/beat-ingest.jar
#   minimal  dev.vigil.bench.MinimalBeatHandler from bench/target/vigil-bench.jar (one conditional UpdateItem)
# Both run against the same DynamoDB Local, alternating run by run (vigil, minimal, vigil, minimal...), in two
# JVM variants: defaults, and -XX:TieredStopAtLevel=1 (C1 only, as template.yaml's JAVA_TOOL_OPTIONS set
# on Lambda). Prints per run and median/min/max of:
#   wall            process launch to exit (date +%s%N around the java command)
#   launch->beat    process launch to the handler's response (measured inside the JVM)
#   construct       the constructor alone (SDK clients, stores); handle: the first request alone
#   peak RSS        from /usr/bin/time -v, else VmHWM read from /proc inside the JVM
# then, per variant, the ratios vigil/minimal of the medians (target: launch->beat <= x1.10).
# Figures only; nothing here asserts on timing. A run whose response is not statusCode 200 fails the script.
#   scripts/bench-cold-beat.sh [runs per side and variant, default 10]
# Environment: WARMUP (untimed runs per side and variant, default 1), BENCH_JAVA_OPTS (extra JVM options for
# the runs).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

runs=${1:-10}
warmup=${WARMUP:-1}
event_file=events/heartbeat-post.json
launcher_dir=testkit/target/classes
sides=(vigil minimal)
side_jar=(functions/beat-ingest/target/beat-ingest.jar bench/target/vigil-bench.jar)
side_class=(dev.vigil.ingest.BeatIngestHandler dev.vigil.bench.MinimalBeatHandler)
variant_names=("JVM defaults" "-XX:TieredStopAtLevel=1")
variant_opts=("" "-XX:TieredStopAtLevel=1")

bench_build_if_stale "${side_jar[@]}" local/target/classpath.txt \
  local/target/classes/dev/vigil/local/DynamoLocalServer.class "$launcher_dir/dev/vigil/testkit/InvokeOnce.class"

# The UUID the sample event beats for, registered in DynamoDB Local below.
uuid=$(sed -n 's/.*"uuid"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$event_file" | head -1)

tmp=$(mktemp -d)
DDB_PID=""
cleanup() {
  bench_stop "$DDB_PID"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rss_source="/usr/bin/time -v"
timer=()
if [ -x /usr/bin/time ] && /usr/bin/time -v -o "$tmp/probe" true 2>/dev/null \
    && grep -q 'Maximum resident set size' "$tmp/probe"; then
  timer=(/usr/bin/time -v -o "$tmp/time.txt")
else
  rss_source="VmHWM from /proc/self/status inside the JVM (no usable /usr/bin/time -v)"
fi

mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN {printf "%.2f MiB", b / 1048576}'; }
echo "== Cold start: JVM launch to first beat, Vigil vs the minimal handler (fresh JVM per run, DynamoDB Local) =="
echo "JDK:       $JAVA_HOME"
"$JAVA_HOME/bin/java" -version 2>&1 | sed 's/^/           /'
for s in 0 1; do
  printf '%-10s %s from %s (%s)\n' "${sides[$s]}:" "${side_class[$s]}" "${side_jar[$s]}" "$(mib "${side_jar[$s]}")"
done
echo "Launcher:  dev.vigil.testkit.InvokeOnce from $launcher_dir"
echo "Event:     $event_file (uuid ${uuid:0:4}****), seeded as one application in DynamoDB Local"
echo "Runs:      $runs per side and variant after $warmup untimed warm-up run(s), alternating vigil, minimal;" \
  "CPUs: $(nproc); peak RSS: $rss_source"
echo "Load:      $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"

ddb_started=$(date +%s%N)
bench_start_dynamo "$uuid" "$tmp/dynamodb.log"
echo "DynamoDB Local: $DDB_ENDPOINT, tables created and item seeded in $(( ($(date +%s%N) - ddb_started) / 1000000 )) ms"
bench_handler_env "$DDB_ENDPOINT"

extra_opts=()
if [ -n "${BENCH_JAVA_OPTS:-}" ]; then
  read -r -a extra_opts <<<"$BENCH_JAVA_OPTS"
  echo "Extra JVM options for every run: $BENCH_JAVA_OPTS"
fi

# One fresh JVM: side $2, JVM options after; appends "wall launch handler construct handle rss_kb" to $1.
invoke() {
  local out_file=$1 side=$2; shift 2
  local t0 t1 rc line rss
  bench_settle "$DDB_PID"
  t0=$(date +%s%N)
  set +e
  "${timer[@]}" env -i PATH="$PATH" HOME="${HOME:-/tmp}" LANG="${LANG:-C.UTF-8}" "${BENCH_HANDLER_ENV[@]}" \
    "$JAVA_HOME/bin/java" "$@" -Dinvoke.t0="$t0" -cp "${side_jar[$side]}:$launcher_dir" \
    dev.vigil.testkit.InvokeOnce "${side_class[$side]}" "$event_file" >"$tmp/run.out" 2>&1
  rc=$?
  set -e
  t1=$(date +%s%N)
  line=$(grep '^INVOKE status=' "$tmp/run.out" | tail -1 || true)
  if [ "$rc" -ne 0 ] || ! grep -q 'status=200 ' <<<"$line"; then
    echo "error: the ${sides[$side]} invocation failed (exit $rc); its output:" >&2
    cat "$tmp/run.out" >&2
    exit 1
  fi
  if [ ${#timer[@]} -gt 0 ]; then
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
  else
    rss=$(sed -n 's/.*vmhwm_kb=\([0-9]*\).*/\1/p' <<<"$line")
  fi
  awk -v wall="$(( (t1 - t0) / 1000 ))" -v rss="${rss:-0}" -v line="$line" 'BEGIN {
      n = split(line, kv, " "); for (i = 2; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
      printf "%.1f %s %s %s %s %s\n", wall / 1000, v["launch_ms"], v["handler_ms"], v["construct_ms"], v["handle_ms"], rss }' \
    >>"$out_file"
  [ -f "$tmp/first.${sides[$side]}" ] || grep -v '^INVOKE ' "$tmp/run.out" >"$tmp/first.${sides[$side]}" || true
}

variant_args() { # the JVM options of variant $1, into the array opts
  opts=()
  [ -n "${variant_opts[$1]}" ] && opts+=("${variant_opts[$1]}")
  opts+=(${extra_opts[@]+"${extra_opts[@]}"})
}

# The floor: the same JVM launching the same launcher, which prints its usage and exits before loading a handler.
bench_settle "$DDB_PID"
for s in 0 1; do : >"$tmp/floor.$s"; done
for _ in 1 2 3 4 5; do
  for s in 0 1; do
    t0=$(date +%s%N)
    "$JAVA_HOME/bin/java" ${extra_opts[@]+"${extra_opts[@]}"} -cp "${side_jar[$s]}:$launcher_dir" dev.vigil.testkit.InvokeOnce \
      >/dev/null 2>&1 || true
    echo "$(( ($(date +%s%N) - t0) / 1000 ))" | awk '{print $1 / 1000}' >>"$tmp/floor.$s"
  done
done
for s in 0 1; do
  read -r m lo hi < <(bench_stats "$tmp/floor.$s")
  printf 'JVM floor, %-8s (same classpath, launcher exits before the handler), 5 runs: median %.1f ms, min %.1f, max %.1f\n' \
    "${sides[$s]}" "$m" "$lo" "$hi"
done
echo

echo "Running: $warmup warm-up(s) and $runs timed runs of each side and variant, alternating..." >&2
for v in 0 1; do for s in 0 1; do : >"$tmp/warm.$v.$s"; : >"$tmp/runs.$v.$s"; done; done
for ((w = 1; w <= warmup; w++)); do
  for v in 0 1; do variant_args "$v"; for s in 0 1; do invoke "$tmp/warm.$v.$s" "$s" ${opts[@]+"${opts[@]}"}; done; done
done
for ((r = 1; r <= runs; r++)); do
  for v in 0 1; do variant_args "$v"; for s in 0 1; do invoke "$tmp/runs.$v.$s" "$s" ${opts[@]+"${opts[@]}"}; done; done
  printf '.' >&2
done
echo >&2

header() {
  printf '  %-8s %-7s %9s %14s %11s %12s %10s %13s\n' side run wall_ms launch_beat_ms handler_ms construct_ms handle_ms peak_rss_MiB
}
row() { # side label wall launch handler construct handle rss_kb
  printf '  %-8s %-7s %9.1f %14.1f %11.1f %12.1f %10.1f %13.1f\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" \
    "$(awk -v k="$8" 'BEGIN {print k / 1024}')"
}
# Median, min and max of every column of a file of runs; "median" also into $tmp/median.<file name>.
summary() {
  local side=$1 file=$2 col m l h
  local -a med=() lo=() hi=()
  for col in 1 2 3 4 5 6; do
    read -r m l h < <(bench_stats "$file" "$col")
    med+=("$m"); lo+=("$l"); hi+=("$h")
  done
  row "$side" median "${med[@]}"
  row "$side" min "${lo[@]}"
  row "$side" max "${hi[@]}"
  echo "${med[*]}" >"$tmp/median.$(basename "$file")"
}

for v in 0 1; do
  echo "-- Variant: ${variant_names[$v]} --"
  header
  for s in 0 1; do
    while read -r line; do
      # shellcheck disable=SC2086
      row "${sides[$s]}" warm-up $line
    done <"$tmp/warm.$v.$s"
    r=0
    while read -r line; do
      r=$((r + 1))
      # shellcheck disable=SC2086
      row "${sides[$s]}" "$r" $line
    done <"$tmp/runs.$v.$s"
    summary "${sides[$s]}" "$tmp/runs.$v.$s"
  done
  echo
done

echo "Ratios vigil/minimal of the medians over $runs runs each:"
printf '  %-24s %-16s %10s %10s %8s\n' variant measure vigil minimal ratio
measures=("wall ms" "launch->beat ms" "handler ms" "construct ms" "handle ms" "peak RSS MiB")
for v in 0 1; do
  read -r -a a <"$tmp/median.runs.$v.0"
  read -r -a b <"$tmp/median.runs.$v.1"
  label=${variant_names[$v]}
  for i in 1 0 3 4 5; do
    av=${a[$i]} bv=${b[$i]}
    if [ "$i" = 5 ]; then av=$(awk -v k="$av" 'BEGIN {print k / 1024}'); bv=$(awk -v k="$bv" 'BEGIN {print k / 1024}'); fi
    printf '  %-24s %-16s %10.1f %10.1f %8s\n' "$label" "${measures[$i]}" "$av" "$bv" "x$(bench_ratio "$av" "$bv")"
    label=""
  done
done
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo
for s in 0 1; do
  echo "Output of the first ${sides[$s]} run besides the INVOKE line (the handler's stdout and stderr):"
  sed 's/^/  | /' "$tmp/first.${sides[$s]}"
done
echo
for v in 0 1; do
  read -r -a a <"$tmp/median.runs.$v.0"
  read -r -a b <"$tmp/median.runs.$v.1"
  bench_result "cold start, launch->first beat, ${variant_names[$v]} (vigil/minimal)" "$(bench_ratio "${a[1]}" "${b[1]}")" "<=" 1.10 \
    "medians $(printf '%.0f vs %.0f ms' "${a[1]}" "${b[1]}"), n=$runs, peak RSS $(awk -v x="${a[5]}" -v y="${b[5]}" 'BEGIN {printf "%.0f vs %.0f MiB", x / 1024, y / 1024}')"
done
