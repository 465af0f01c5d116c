#!/usr/bin/env bash
# Runs every deployable artifact as Lambda would: for each function of template.yaml, a fresh JVM loads
# only functions/<name>/target/<name>.jar (plus the JDK-only launcher), builds the handler with its
# no-argument constructor from the environment, primes it as its SnapStart hook would, and handles its
# sample event from events/ a few times, against DynamoDB Local. A class missing from a jar, a failing
# priming or a failing request fails the script (exit 1). SNS is reached on moto_server when it is on PATH.
#   scripts/smoke-artifacts.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
. scripts/bench-lib.sh

# function jar, handler class, sample event
checks=(
  "beat-ingest dev.vigil.ingest.BeatIngestHandler heartbeat-post.json"
  "beat-history dev.vigil.history.BeatHistoryHandler applications-stream-beat.json"
  "missed-beat-detector dev.vigil.detector.MissedBeatDetectorHandler schedule-tick.json"
  "admin-api dev.vigil.admin.AdminApiHandler admin-list-applications.json"
  "tenant-sweep dev.vigil.sweep.TenantSweepHandler schedule-tick.json"
  "recovery dev.vigil.recovery.RecoveryHandler recovery-schedule-tick.json"
  "pulse dev.vigil.pulse.PulseHandler schedule-tick.json"
  "dashboard dev.vigil.dashboard.DashboardHandler dashboard-get-index.json"
  "status-page dev.vigil.statuspage.StatusPageHandler status-page-get.json"
  "notify-sns dev.vigil.notify.sns.NotifySnsHandler application-down.json"
  "notify-inapp dev.vigil.notify.inapp.NotifyInAppHandler application-down.json"
  "notify-slack dev.vigil.notify.slack.NotifySlackHandler application-down.json"
  "notify-discord dev.vigil.notify.discord.NotifyDiscordHandler application-down.json"
  "notify-pagerduty dev.vigil.notify.pagerduty.NotifyPagerDutyHandler application-down.json"
  "notify-webhook dev.vigil.notify.webhook.NotifyWebhookHandler application-down.json"
  "notify-whatsapp dev.vigil.notify.whatsapp.NotifyWhatsAppHandler application-down.json"
)
jars=()
for check in "${checks[@]}"; do
  read -r name _ _ <<<"$check"
  jars+=("functions/$name/target/$name.jar")
done
bench_build_if_stale "${jars[@]}" testkit/target/classes/dev/vigil/testkit/RestoreProbe.class local/target/classpath.txt

tmp=$(mktemp -d)
DDB_PID=""
MOTO_PID=""
trap 'bench_stop "$DDB_PID"; bench_stop "$MOTO_PID"; rm -rf "$tmp"' EXIT
bench_start_dynamo 3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13 "$tmp/dynamodb.log"
bench_handler_env "$DDB_ENDPOINT"

sns_env=()
if command -v moto_server >/dev/null 2>&1 && command -v aws >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; then
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  moto_server -H 127.0.0.1 -p "$port" >"$tmp/moto.log" 2>&1 &
  MOTO_PID=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/moto-api/" && break
    sleep 0.1
  done
  topic=$(AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --region us-east-1 --endpoint-url "http://127.0.0.1:$port" \
    sns create-topic --name vigil-smoke --query TopicArn --output text)
  sns_env=(AWS_ENDPOINT_URL_SNS="http://127.0.0.1:$port" ALERT_TOPIC_ARN="$topic")
fi

echo "== Each function's artifact, alone on the classpath: construct, prime, handle its sample event =="
failed=0
for check in "${checks[@]}"; do
  read -r name handler event <<<"$check"
  if [ "$name" = notify-sns ] && [ ${#sns_env[@]} -eq 0 ]; then
    echo "  $name: skipped (no moto_server on PATH to stand in for SNS)"
    continue
  fi
  set +e
  env -i PATH="$PATH" HOME="${HOME:-/tmp}" "${BENCH_HANDLER_ENV[@]}" ${sns_env[@]+"${sns_env[@]}"} \
    SCHEDULE_EXPRESSION="rate(1 minute)" CHECK_INTERVAL_SECONDS=60 DUE_SHARDS=8 \
    ADMIN_API_KEY=example-admin-key-change-me CHANNEL_SECRETS_PREFIX=/vigil/smoke/channels \
    TENANTS_TABLE=TenantsTable API_KEYS_TABLE=ApiKeysTable AUTH_FAILURES_TABLE=AuthFailuresTable PULSE_TABLE=PulseTable \
    BADGES_TABLE=BadgesTable STATUS_PAGES_TABLE=StatusPagesTable UPTIME_TABLE=UptimeTable \
    CHECKS_TABLE=ChecksTable CHECK_RESULTS_TABLE=CheckResultsTable SWEEP_EXECUTIONS_TABLE=SweepExecutionsTable SWEEP_FUNCTION_NAME=vigil-smoke-sweep \
    RECOVERY_TABLE=RecoveryTable TASKS_TABLE=TasksTable TASK_RUNS_TABLE=TaskRunsTable TASK_RUN_RETENTION_DAYS=30 \
    CHECK_SECRETS_PREFIX=/vigil/smoke/checks SWEEP_QUEUE_URL=https://sqs.us-east-1.amazonaws.com/000000000000/none \
    BEAT_KEYS_TABLE=BeatKeysTable \
    METRICS_NAMESPACE=Vigil/smoke BEAT_BODY_LIMIT=10000 \
    INGEST_HEALTH_TABLE=IngestHealthTable \
    ALERT_TOPIC_ARN="${topic:-arn:aws:sns:us-east-1:000000000000:none}" \
    "$JAVA_HOME/bin/java" -cp "functions/$name/target/$name.jar:testkit/target/classes" \
    dev.vigil.testkit.RestoreProbe "$handler" "events/$event" 3 >"$tmp/$name.out" 2>&1
  rc=$?
  set -e
  line=$(grep '^RESTORE ' "$tmp/$name.out" || true)
  if [ "$rc" -ne 0 ] || [ -z "$line" ] || grep -q 'NoClassDefFoundError\|ClassNotFoundException\|"level":"ERROR"' "$tmp/$name.out"; then
    echo "  $name: FAILED (exit $rc); its output:"
    sed 's/^/    | /' "$tmp/$name.out" | tail -40
    failed=1
  else
    echo "  $name: ok (${line#RESTORE })"
  fi
done
if [ "$failed" = 1 ]; then
  echo "FAIL: an artifact does not run on its own (see above)."
  exit 1
fi
echo "OK: every artifact constructs, primes and handles its sample event on its own."
