#!/usr/bin/env bash
# Runs the whole of Vigil on this machine: DynamoDB Local (in memory, or on disk with --data-dir), every function of template.yaml,
# the HTTP API on http://localhost:8080, the schedules and the alert routing. Builds first if needed.
#   scripts/local.sh [--port 8080] [--check-interval 30] [--schedule 'rate(1 minute)'] [--admin-key KEY]
#                    [--data-dir /var/lib/vigil] [--log-format text|json|auto]
# With AWS_ENDPOINT_URL set (e.g. to a running moto_server), SNS and EventBridge are used there.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk

classpath_file=local/target/classpath.txt
stale() {
  [ ! -f "$classpath_file" ] && return 0
  [ -n "$(find pom.xml template.yaml shared testkit local functions -newer "$classpath_file" \
    \( -name pom.xml -o -name '*.yaml' -o \( -path '*/src/main/*' -type f \) \) -print -quit 2>/dev/null)" ]
}
if stale; then
  echo "Building Vigil (mvn -DskipTests install)..." >&2
  mvn -q -B -DskipTests install >&2
  touch "$classpath_file"   # Maven leaves it untouched when the classpath did not change
fi

exec java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -cp "local/target/classes:$(cat "$classpath_file")" dev.vigil.local.LocalRunner "$@"
