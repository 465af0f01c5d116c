#!/usr/bin/env bash
# Cold start of the beat path: for each run a fresh JVM loads functions/beat-ingest/target/beat-ingest.jar,
# builds BeatIngestHandler with its no-arg constructor (as the Lambda runtime does), handles
# events/heartbeat-post.json once against DynamoDB Local and exits. Prints per-run and median/min/max:
#   wall            process launch to exit (date +%s%N around the java command)
#   launch->beat    process launch to the handler's response (measured inside the JVM)
#   handler         constructor + first handleRequest, measured by dev.vigil.testkit.InvokeOnce
#   construct       the constructor alone (SDK clients, stores); handle: the first request alone
#   peak RSS        from /usr/bin/time -v, else VmHWM read from /proc inside the JVM
# Two variants, alternating run by run: JVM defaults, and -XX:TieredStopAtLevel=1 (C1 only, as
# template.yaml's JAVA_TOOL_OPTIONS set on Lambda).
# Figures only; nothing here asserts on timing. A run whose response is not statusCode 200 fails the script.
#   scripts/bench-cold-beat.sh [runs per variant, default 10]
# Environment: WARMUP (untimed runs per variant, default 1), BENCH_JAVA_OPTS (extra JVM options for the
# runs), EVENT_WAIT_SECONDS (how long to wait for events/heartbeat-post.json, default 600).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk

runs=${1:-10}
warmup=${WARMUP:-1}
event_file=events/heartbeat-post.json
handler=dev.vigil.ingest.BeatIngestHandler
function_jar=functions/beat-ingest/target/beat-ingest.jar
launcher_dir=testkit/target/classes
classpath_file=local/target/classpath.txt

stale=0
for f in "$function_jar" "$classpath_file" local/target/classes \
    "$launcher_dir/dev/vigil/testkit/InvokeOnce.class" local/target/classes/dev/vigil/local/DynamoLocalServer.class; do
  [ -e "$f" ] || stale=1
done
for name in InvokeOnce; do
  src=testkit/src/main/java/dev/vigil/testkit/$name.java
  [ "$src" -nt "$launcher_dir/dev/vigil/testkit/$name.class" ] && stale=1
done
if [ "$stale" = 1 ]; then
  echo "Building Vigil (mvn -DskipTests install)..." >&2
  mvn -q -B -DskipTests install >&2
fi

# The event file is maintained elsewhere: wait for it rather than invent one.
waited=0
while [ ! -s "$event_file" ]; do
  if [ "$waited" -ge "${EVENT_WAIT_SECONDS:-600}" ]; then
    echo "error: $event_file did not appear within ${EVENT_WAIT_SECONDS:-600} s" >&2
    exit 1
  fi
  [ $((waited % 15)) -eq 0 ] && echo "Waiting for $event_file..." >&2
  sleep 1
  waited=$((waited + 1))
done
uuid=$(sed -n 's/.*"uuid"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$event_file" | head -1)
uuid=${uuid:-3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13}

tmp=$(mktemp -d)
ddb_pid=""
cleanup() {
  if [ -n "$ddb_pid" ] && kill -0 "$ddb_pid" 2>/dev/null; then
    kill "$ddb_pid" 2>/dev/null || true
    wait "$ddb_pid" 2>/dev/null || true
  fi
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

echo "== Cold start: JVM launch to first beat (BeatIngestHandler, fresh JVM per run, DynamoDB Local) =="
echo "JDK:       $JAVA_HOME"
"$JAVA_HOME/bin/java" -version 2>&1 | sed 's/^/           /'
echo "Classpath: $function_jar:$launcher_dir (launcher dev.vigil.testkit.InvokeOnce)"
echo "Event:     $event_file (uuid $uuid), seeded as application ${uuid:0:4}**** in DynamoDB Local"
echo "Runs:      $runs per variant after $warmup untimed warm-up run(s); CPUs: $(nproc); peak RSS: $rss_source"
echo "Load:      $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"

"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -cp "local/target/classes:$(cat "$classpath_file")" dev.vigil.local.DynamoLocalServer "$uuid" \
  >"$tmp/dynamodb.log" 2>&1 &
ddb_pid=$!
ddb_started=$(date +%s%N)
endpoint=""
for _ in $(seq 1 600); do
  endpoint=$(awk '/^READY /{print $2; exit}' "$tmp/dynamodb.log")
  [ -n "$endpoint" ] && break
  if ! kill -0 "$ddb_pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [ -z "$endpoint" ]; then
  echo "error: DynamoDB Local did not become ready; its output:" >&2
  cat "$tmp/dynamodb.log" >&2
  exit 1
fi
echo "DynamoDB Local: $endpoint, tables created and item seeded in $(( ($(date +%s%N) - ddb_started) / 1000000 )) ms"
echo

# Waits (up to 20 s) until DynamoDB Local is idle: its own JIT compiling after a request would otherwise
# compete for the CPUs with the JVM being measured. Idle = under 3 clock ticks of CPU in 300 ms.
settle() {
  local before after i
  [ -r "/proc/$ddb_pid/stat" ] || { sleep 0.3; return 0; }
  for ((i = 0; i < 66; i++)); do
    before=$(awk '{print $14 + $15}' "/proc/$ddb_pid/stat")
    sleep 0.3
    after=$(awk '{print $14 + $15}' "/proc/$ddb_pid/stat")
    [ $((after - before)) -lt 3 ] && return 0
  done
}

# One fresh JVM: appends "wall launch handler construct handle rss_kb" to $1, or fails loudly.
invoke() {
  local out_file=$1; shift
  local t0 t1 rc line rss
  settle
  t0=$(date +%s%N)
  set +e
  "${timer[@]}" env -i PATH="$PATH" HOME="${HOME:-/tmp}" LANG="${LANG:-C.UTF-8}" \
    APPLICATIONS_TABLE=ApplicationsTable HEARTBEATS_TABLE=HeartbeatsTable EVENTS_TABLE=EventsTable \
    EVENT_BUS_NAME=bench AWS_REGION=us-east-1 AWS_ENDPOINT_URL_DYNAMODB="$endpoint" \
    AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local \
    "$JAVA_HOME/bin/java" "$@" -Dinvoke.t0="$t0" -cp "$function_jar:$launcher_dir" \
    dev.vigil.testkit.InvokeOnce "$handler" "$event_file" >"$tmp/run.out" 2>&1
  rc=$?
  set -e
  t1=$(date +%s%N)
  line=$(grep '^INVOKE status=' "$tmp/run.out" | tail -1 || true)
  if [ "$rc" -ne 0 ] || ! grep -q 'status=200 ' <<<"$line"; then
    echo "error: the invocation failed (exit $rc); its output:" >&2
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
  [ -f "$tmp/first.out" ] || grep -v '^INVOKE ' "$tmp/run.out" >"$tmp/first.out" || true
}

header() {
  printf '  %-7s %9s %13s %11s %12s %10s %13s\n' run wall_ms launch_beat_ms handler_ms construct_ms handle_ms peak_rss_MiB
}
row() { # label wall launch handler construct handle rss_kb
  printf '  %-7s %9.1f %13.1f %11.1f %12.1f %10.1f %13.1f\n' "$1" "$2" "$3" "$4" "$5" "$6" "$(awk -v k="$7" 'BEGIN {print k / 1024}')"
}
# Median, min and max of every column of a file of runs.
summary() {
  local file=$1 label col values
  for label in median min max; do
    values=()
    for col in 1 2 3 4 5 6; do
      values+=("$(awk -v c="$col" '{print $c}' "$file" | sort -g | awk -v what="$label" '
          { v[NR] = $1 }
          END { if (what == "min") print v[1]; else if (what == "max") print v[NR];
                else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }')")
    done
    row "$label" "${values[@]}"
  done
}

extra_opts=()
if [ -n "${BENCH_JAVA_OPTS:-}" ]; then
  read -r -a extra_opts <<<"$BENCH_JAVA_OPTS"
  echo "Extra JVM options for every run: $BENCH_JAVA_OPTS"
fi

# The floor: the same JVM launching the same launcher class, which prints its usage and exits at once.
: >"$tmp/floor"
settle_started=$(date +%s%N)
settle
echo "DynamoDB Local idle after $(( ($(date +%s%N) - settle_started) / 1000000 )) ms more (each run below waits for that too)"
for _ in 1 2 3 4 5; do
  t0=$(date +%s%N)
  "$JAVA_HOME/bin/java" ${extra_opts[@]+"${extra_opts[@]}"} -cp "$function_jar:$launcher_dir" dev.vigil.testkit.InvokeOnce \
    >/dev/null 2>&1 || true
  echo "$(( ($(date +%s%N) - t0) / 1000 ))" >>"$tmp/floor"
done
echo "JVM floor (same classpath, launcher exits before loading the handler), 5 runs: median $(sort -n "$tmp/floor" \
  | awk '{v[NR] = $1} END {printf "%.1f ms, min %.1f, max %.1f", v[3] / 1000, v[1] / 1000, v[5] / 1000}')"
echo

variant_names=("JVM defaults" "-XX:TieredStopAtLevel=1")
variant_opts=("" "-XX:TieredStopAtLevel=1")
variant_args() { # the JVM options of variant $1, into the array opts
  opts=()
  [ -n "${variant_opts[$1]}" ] && opts+=("${variant_opts[$1]}")
  opts+=(${extra_opts[@]+"${extra_opts[@]}"})
}
# The variants alternate run by run, so that a drift of the machine (other load, DynamoDB Local warming
# up) weighs on both alike.
echo "Running: $warmup warm-up(s) and $runs timed runs of each variant, alternating..." >&2
for v in 0 1; do : >"$tmp/warm.$v"; : >"$tmp/runs.$v"; done
for ((w = 1; w <= warmup; w++)); do
  for v in 0 1; do variant_args "$v"; invoke "$tmp/warm.$v" ${opts[@]+"${opts[@]}"}; done
done
for ((r = 1; r <= runs; r++)); do
  for v in 0 1; do variant_args "$v"; invoke "$tmp/runs.$v" ${opts[@]+"${opts[@]}"}; done
  printf '.' >&2
done
echo >&2

medians=()
for v in 0 1; do
  echo "-- Variant: ${variant_names[$v]} --"
  header
  while read -r line; do
    # shellcheck disable=SC2086
    row "warm-up" $line
  done <"$tmp/warm.$v"
  r=0
  while read -r line; do
    r=$((r + 1))
    # shellcheck disable=SC2086
    row "$r" $line
  done <"$tmp/runs.$v"
  summary "$tmp/runs.$v"
  medians+=("$(summary "$tmp/runs.$v" | awk '$1 == "median" {printf "wall %s ms, launch->beat %s ms, handler %s ms, peak RSS %s MiB", $2, $3, $4, $7}')")
  echo
done

echo "Summary (medians over $runs runs):"
for v in 0 1; do
  printf '  %-24s %s\n' "${variant_names[$v]}:" "${medians[$v]}"
done
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo
echo "Output of the first run besides the INVOKE line (the handler's stdout and stderr):"
sed 's/^/  | /' "$tmp/first.out"
