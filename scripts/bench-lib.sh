# Shared by the bench-*.sh scripts (source after lib.sh and pick_jdk, from the repository root).
# Builds what a benchmark needs, starts DynamoDB Local, and prints figures: nothing here asserts on timing.

# Builds what the benchmarks run, with the reactor into each module's target/ (mvn -pl bench -am package
# -DskipTests: the bench module and all it depends on, the local runner and every function; nothing is
# installed into the local Maven repository), when one of the given artifacts is missing or a pom,
# template.yaml or a main source is newer than the oldest of them; then marks them built (Maven leaves a
# file such as local/target/classpath.txt untouched when its content did not change).
# Environment: MVN_FLAGS (e.g. -o to stay offline) for Maven; SKIP_BUILD=1 builds nothing, but a missing
# artifact is still an error (a run on stale classes is the caller's choice, a run on none is not).
bench_build_if_stale() {
  local artifact oldest="" stale=0
  for artifact in "$@"; do
    if [ ! -e "$artifact" ]; then
      if [ "${SKIP_BUILD:-0}" = 1 ]; then
        echo "error: SKIP_BUILD=1, but $artifact is missing: build first (mvn -pl bench -am package -DskipTests)" >&2
        exit 1
      fi
      stale=1
    elif [ -z "$oldest" ] || [ "$artifact" -ot "$oldest" ]; then
      oldest=$artifact
    fi
  done
  [ "${SKIP_BUILD:-0}" = 1 ] && return 0
  if [ "$stale" = 0 ] && [ -n "$(find pom.xml template.yaml testkit shared fixtures notifier-core checks checks-datastores \
      functions bench local -newer "$oldest" -not -path '*/target/*' \
      \( -name pom.xml -o -name '*.yaml' -o \( -path '*/src/main/*' -type f \) \) -print -quit 2>/dev/null)" ]; then
    stale=1
  fi
  if [ "$stale" = 1 ]; then
    echo "Building Vigil (mvn -pl bench -am package -DskipTests, reactor only)..." >&2
    # shellcheck disable=SC2086 # MVN_FLAGS may hold several options
    mvn -q -B ${MVN_FLAGS:-} -pl bench -am package -DskipTests >&2
    touch -c "$@"
  fi
}

# Waits until the local runner started as process $1 answers on $2 (base URL) with admin key $3, then
# reads its DynamoDB Local endpoint from its banner in log file $4 into BENCH_RUNNER_ENDPOINT (empty if the
# banner has none within 10 s). Any HTTP status counts as an answer. Exits the script, with the runner's
# output, if the process ends first or nothing answers within BENCH_RUNNER_WAIT seconds (default 180):
# each probe gives up after 2 s, so a port that accepts but never answers cannot hold the script forever.
bench_wait_for_runner() {
  local pid=$1 base=$2 key=$3 log=$4 code=000 deadline=$((SECONDS + ${BENCH_RUNNER_WAIT:-180}))
  while [ "$SECONDS" -lt "$deadline" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 2 -H "Authorization: Bearer $key" "$base/api/applications" || true)
    [ "$code" != 000 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ "$code" = 000 ]; then
    if kill -0 "$pid" 2>/dev/null; then
      echo "error: the local runner did not answer on $base within ${BENCH_RUNNER_WAIT:-180} s; its output:" >&2
    else
      echo "error: the local runner exited before answering on $base; its output:" >&2
    fi
    cat "$log" >&2
    exit 1
  fi
  BENCH_RUNNER_ENDPOINT=""
  for _ in $(seq 1 100); do
    BENCH_RUNNER_ENDPOINT=$(sed -n 's/^ *DynamoDB Local: *\(http[^ ]*\).*/\1/p' "$log" | head -1)
    [ -n "$BENCH_RUNNER_ENDPOINT" ] && return 0
    sleep 0.1
  done
}

# The environment every beat handler under test gets: the table names of template.yaml's Globals, a bus
# name, and DynamoDB Local at $1. DynamoDB Local keeps one database per access key id: "test" is the one
# the testkit's DynamoLocal (and so DynamoLocalServer and the local runner) created the tables with.
bench_handler_env() {
  # shellcheck disable=SC2034 # used by the scripts that source this file
  BENCH_HANDLER_ENV=(
    APPLICATIONS_TABLE=ApplicationsTable HEARTBEATS_TABLE=HeartbeatsTable EVENTS_TABLE=EventsTable
    NOTIFICATIONS_TABLE=NotificationsTable CHANNELS_TABLE=ChannelsTable SCHEDULED_ALERTS_TABLE=ScheduledAlertsTable
    ALERTS_TABLE=AlertsTable
    INGEST_HEALTH_TABLE=IngestHealthTable BEAT_KEYS_TABLE=BeatKeysTable
    EVENT_BUS_NAME=bench AWS_REGION=us-east-1 AWS_ENDPOINT_URL_DYNAMODB="$1"
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
  )
}

# Starts dev.vigil.local.DynamoLocalServer (the template's tables, one application with ping UUID $1),
# logging to $2; sets DDB_PID and DDB_ENDPOINT. Exits the script if it does not become ready.
bench_start_dynamo() {
  local uuid=$1 log=$2
  : >"$log"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -cp "local/target/classes:$(cat local/target/classpath.txt)" dev.vigil.local.DynamoLocalServer "$uuid" >"$log" 2>&1 &
  DDB_PID=$!
  DDB_ENDPOINT=""
  for _ in $(seq 1 600); do
    DDB_ENDPOINT=$(awk '/^READY /{print $2; exit}' "$log")
    [ -n "$DDB_ENDPOINT" ] && return 0
    kill -0 "$DDB_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "error: DynamoDB Local did not become ready; its output:" >&2
  cat "$log" >&2
  exit 1
}

# Stops a process this script started: TERM, up to 10 s to exit, then KILL.
bench_stop() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Waits (up to 20 s) until process $1 is idle (under 3 clock ticks of CPU in 300 ms), so that its JIT
# compiling after a request does not compete for the CPUs with what is measured next.
bench_settle() {
  local pid=$1 before after i
  [ -r "/proc/$pid/stat" ] || { sleep 0.3; return 0; }
  for ((i = 0; i < 66; i++)); do
    before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    sleep 0.3
    after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    [ $((after - before)) -lt 3 ] && return 0
  done
}

# "median min max" of column $2 (default 1) of file $1.
bench_stats() {
  awk -v c="${2:-1}" '{print $c}' "$1" | sort -g | awk '{ v[NR] = $1 }
    END { if (NR == 0) { print "nan nan nan"; exit }
          m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          print m, v[1], v[NR] }'
}

# a / b to two decimals ("nan" when b is 0 or missing).
bench_ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "nan"; else printf "%.2f\n", a / b }'
}

# One line of the summary that bench-all.sh collects:
#   RESULT | <what> | <measured> | <target> | <verdict>
# bench_result WHAT RATIO OP TARGET [DETAIL]: OP is <= or >=, or ~ for "about x1": within x(1/TARGET)..xTARGET.
# The verdict is printed only, never an exit code.
bench_result() {
  local what=$1 value=$2 op=$3 target=$4 detail=${5:-} verdict shown
  verdict=$(awk -v v="$value" -v op="$op" -v t="$target" 'BEGIN {
      if (v == "nan" || v == "") { print "no figure"; exit }
      if (op == "<=") ok = v + 0 <= t + 0
      else if (op == ">=") ok = v + 0 >= t + 0
      else ok = v + 0 <= t + 0 && v + 0 >= 1 / t
      print ok ? "within target" : "off target" }')
  if [ "$op" = "~" ]; then
    shown=$(awk -v t="$target" 'BEGIN {printf "~x1 (x%.2f..x%.2f)", 1 / t, t}')
  else
    shown="$op x$target"
  fi
  echo "RESULT | $what | x$value${detail:+ ($detail)} | $shown | $verdict"
}
