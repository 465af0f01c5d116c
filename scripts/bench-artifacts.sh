#!/usr/bin/env bash
# Prints what each Lambda artifact weighs: the shaded jar's size (bytes and MiB), how many classes it
# holds and which packages hold most of them, and the minimal handler's jar (bench/target/vigil-bench.jar)
# for reference. Flags, printing only, every function jar over 8 MiB (the size target; 13 MiB for the
# tenant sweep, which carries the database drivers). Then checks that no
# artifact carries what must never ship: Apache HttpClient, Netty, DynamoDB Local, JUnit, Testcontainers,
# or Vigil's test fixtures, testkit and benchmarks (exits 1 if one does, or if a function jar is missing).
#   scripts/bench-artifacts.sh
# Environment: MVN_FLAGS (e.g. -o) for the build, SKIP_BUILD=1 to weigh what is built.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

limit_bytes=$((8 * 1024 * 1024))
# Functions with a limit of their own, and why. The tenant sweep is the one function that carries the
# database drivers its postgres and redis checks need: pgjdbc (about 1.1 MiB) and Jedis with its pool and
# Gson (about 1.5 MiB).
declare -A own_limit=([tenant-sweep]=$((13 * 1024 * 1024)))
minimal_jar=bench/target/vigil-bench.jar

functions=()
for dir in functions/*/; do
  [ -f "$dir/pom.xml" ] && functions+=("$(basename "$dir")")
done

jars=()
for name in "${functions[@]}"; do
  jars+=("functions/$name/target/$name.jar")
done
bench_build_if_stale "${jars[@]}" "$minimal_jar"

# Entry names of a jar, one a line (unzip when there, else the JDK's jar tool).
entries() {
  if command -v unzip >/dev/null; then unzip -Z1 "$1"; else jar tf "$1"; fi
}

forbidden='^(org/apache/http/|io/netty/|com/amazonaws/services/dynamodbv2/local/|software/amazon/dynamodb/services/local/|org/junit/|junit/|org/testcontainers/|dev/vigil/fixtures/|dev/vigil/testkit/|dev/vigil/bench/)'

echo "== Lambda artifacts: size and class count of functions/<name>/target/<name>.jar =="
echo "JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
echo
printf '%-22s %12s %9s %8s\n' function bytes MiB classes
total_bytes=0
total_classes=0
bad=0
report=""
over=()
largest_bytes=0
largest=""
for name in "${functions[@]}"; do
  jar_file="functions/$name/target/$name.jar"
  if [ ! -f "$jar_file" ]; then
    printf '%-22s %12s\n' "$name" "no $jar_file"
    bad=1
    continue
  fi
  list=$(entries "$jar_file")
  bytes=$(stat -c %s "$jar_file" 2>/dev/null || wc -c <"$jar_file")
  classes=$(grep -c '\.class$' <<<"$list" || true)
  flag=""
  limit=${own_limit[$name]:-$limit_bytes}
  if [ "$bytes" -gt "$limit" ]; then
    flag="  over $((limit / 1048576)) MiB"
    over+=("$name")
  fi
  if [ "$bytes" -gt "$largest_bytes" ]; then
    largest_bytes=$bytes
    largest=$name
  fi
  printf '%-22s %12d %9.2f %8d%s\n' "$name" "$bytes" "$(awk -v b="$bytes" 'BEGIN {print b / 1048576}')" "$classes" "$flag"
  total_bytes=$((total_bytes + bytes))
  total_classes=$((total_classes + classes))
  top=$(grep '\.class$' <<<"$list" | awk -F/ '{ n = 3; if ($3 == "awssdk") n = ($4 == "services" ? 5 : 4); if (n > NF - 1) n = NF - 1
      p = $1; for (i = 2; i <= n; i++) p = p "/" $i; print p }' \
    | sort | uniq -c | sort -rn | head -5 | awk '{printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1}')
  report+="  $name: $top"$'\n'
  offending=$(grep -E "$forbidden" <<<"$list" | grep -v '/$' || true)
  if [ -n "$offending" ]; then
    bad=1
    report+="  $name: FORBIDDEN: $(wc -l <<<"$offending") entries, e.g. $(head -3 <<<"$offending" | tr '\n' ' ')"$'\n'
  fi
done
printf '%-22s %12d %9.2f %8d\n' total "$total_bytes" "$(awk -v b="$total_bytes" 'BEGIN {print b / 1048576}')" "$total_classes"
minimal_mib="not built"
if [ -f "$minimal_jar" ]; then
  minimal_bytes=$(stat -c %s "$minimal_jar" 2>/dev/null || wc -c <"$minimal_jar")
  minimal_mib=$(awk -v b="$minimal_bytes" 'BEGIN {printf "%.2f MiB", b / 1048576}')
  printf '%-22s %12d %9.2f %8d  (reference: the minimal beat handler, %s; not deployed)\n' minimal "$minimal_bytes" \
    "$(awk -v b="$minimal_bytes" 'BEGIN {print b / 1048576}')" "$(entries "$minimal_jar" | grep -c '\.class$' || true)" "$minimal_jar"
fi
echo
if [ ${#over[@]} -gt 0 ]; then
  echo "Over the size target (printed only; not a failure): ${over[*]}"
else
  echo "Every function jar is within its size target (8 MiB; tenant-sweep 13 MiB)."
fi
echo
echo "Most classes by package (AWS SDK by module, the rest by three path segments):"
printf '%s' "$report"
echo
echo "RESULT | artifact size, largest function jar ($largest) | $(awk -v b="$largest_bytes" 'BEGIN {printf "%.2f MiB", b / 1048576}')" \
  "(${#over[@]} of ${#functions[@]} over target; minimal jar $minimal_mib) | <= 8 MiB each (tenant-sweep 13) |" \
  "$([ ${#over[@]} -eq 0 ] && echo "within target" || echo "off target")"
if [ "$bad" = 1 ]; then
  echo "FAIL: an artifact is missing or contains Apache HttpClient, Netty, DynamoDB Local, JUnit, Testcontainers" \
    "or Vigil fixtures/testkit/bench classes (see above)."
  exit 1
fi
echo "OK: no artifact contains org/apache/http, io/netty, DynamoDB Local, JUnit, Testcontainers or dev/vigil/{fixtures,testkit,bench} classes."
