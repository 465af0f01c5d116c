#!/usr/bin/env bash
# Seed 003's alerting bar, measured on the local runner: an alert fires within 60 s of the breach, and
# reaches Slack within 30 s of its dispatch. Starts a Slack-compatible receiver on the loopback address
# (it answers 200 "ok" and notes when each message arrived), then the local runner (DynamoDB Local in
# memory, every function of template.yaml, the detector every --check-interval seconds as a deployed one
# runs every CheckIntervalSeconds), with a Slack channel pointing at the receiver as the default channel.
# Registers APPS applications (every INTERVAL s, no grace), beats each once, staggered over one detector
# period so the breaches fall anywhere in it, then stops beating. For each application:
#   breach   = its deadline (last beat + interval + grace), as the API showed it after the beat;
#   fired    = its alert record's openedAt (the detector's flip, recorded and published in one call);
#   arrived  = when the receiver got its Slack message;
# and prints breach→fired and fired→Slack (median, p95, max), with the SNS (email/SMS) hand-off from the
# notification records. Figures only; nothing here asserts on timing.
#   scripts/bench-alert-latency.sh
# Environment: APPS (default 12), INTERVAL (application interval, s, default 10), CHECK_INTERVAL
# (detector period, s, default 30 as the runner's default), MVN_FLAGS (extra Maven flags, e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk

apps=${APPS:-12}
interval=${INTERVAL:-10}
check_interval=${CHECK_INTERVAL:-30}
key=bench-alert-latency-key-0001
tmp=$(mktemp -d)
pids=()
cleanup() {
  for pid in ${pids[@]+"${pids[@]}"}; do
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "Building the runner's classes (reactor compile, nothing installed)..." >&2
# shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
mvn -q -B ${MVN_FLAGS:-} -pl local -am compile dependency:build-classpath -Dmdep.outputFile="$tmp/classpath.txt" \
  -Dmdep.includeScope=runtime >&2

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
receiver_port=$(free_port)
api_port=$(free_port)

# The Slack-compatible receiver: one line per message, "<arrival epoch ms> <message as JSON>".
python3 - "$receiver_port" "$tmp/received.log" <<'PY' &
import http.server, json, sys, time
port, log = int(sys.argv[1]), sys.argv[2]
class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        arrived = time.time_ns() // 1_000_000
        body = self.rfile.read(int(self.headers.get("content-length", "0"))).decode("utf-8", "replace")
        with open(log, "a") as out:
            out.write(f"{arrived} {json.dumps(body)}\n")
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", port), Hook).serve_forever()
PY
pids+=($!)

OUTBOUND_ALLOW_PRIVATE=true "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
  -cp "local/target/classes:$(cat "$tmp/classpath.txt")" dev.vigil.local.LocalRunner \
  --port "$api_port" --check-interval "$check_interval" --admin-key "$key" >"$tmp/runner.log" 2>&1 &
pids+=($!)

echo "== Alert latency on the local runner: $apps applications every $interval s, detector every $check_interval s =="
echo "JDK:     $JAVA_HOME"
echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (1/5/15 min) before starting"
python3 - "$api_port" "$key" "$receiver_port" "$tmp/received.log" "$apps" "$interval" "$check_interval" <<'PY' || { tail -30 "$tmp/runner.log" >&2; exit 1; }
import json, os, sys, time, urllib.request, urllib.error
from datetime import datetime
api, key, receiver, received = f"http://127.0.0.1:{sys.argv[1]}", sys.argv[2], sys.argv[3], sys.argv[4]
apps, interval, check_interval = int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])

def call(method, path, body=None, auth=True):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api + path, data=data, method=method)
    if auth:
        request.add_header("authorization", "Bearer " + key)
    if data is not None:
        request.add_header("content-type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as answer:
        text = answer.read().decode()
        return json.loads(text) if text else {}

def ms(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)

deadline = time.time() + 120
while True:
    try:
        call("GET", "/system/health", auth=False)
        break
    except (urllib.error.URLError, ConnectionError, OSError):
        if time.time() > deadline:
            sys.exit("the runner did not start within 120 s")
        time.sleep(0.5)

call("POST", "/api/channels", {"type": "slack", "name": "bench receiver", "default": True,
     "settings": {"webhookUrl": f"http://127.0.0.1:{receiver}/hook"}})
registered = []
for i in range(apps):
    app = call("POST", "/api/applications", {"name": f"latency-{i:02d}", "intervalSeconds": interval, "graceSeconds": 0})
    registered.append(app)
stagger = check_interval / apps
breach = {}
for i, app in enumerate(registered):
    call("POST", f"/heartbeat/{app['uuid']}", auth=False)
    breach[app["id"]] = ms(call("GET", f"/api/applications/{app['id']}")["deadline"])
    time.sleep(stagger)

wait_until = time.time() + interval + 2 * check_interval + 60
alerts = {}
while time.time() < wait_until:
    listed = call("GET", "/api/alerts?status=open&limit=100")["alerts"]
    alerts = {a["subject"]: a for a in listed if a["subject"] in breach}
    arrived = sum(1 for _ in open(received)) if os.path.exists(received) else 0
    if len(alerts) == apps and arrived >= apps:
        break
    time.sleep(1)

arrivals = {}
if os.path.exists(received):
    for line in open(received):
        at, body = line.split(" ", 1)
        text = json.loads(body)
        for app in registered:
            if app["name"] in text and "DOWN" in text.upper() and app["id"] not in arrivals:
                arrivals[app["id"]] = int(at)

fired, slack, sns = [], [], []
for app in registered:
    alert = alerts.get(app["id"])
    if alert is None:
        continue
    opened = ms(alert["openedAt"])
    fired.append((opened - breach[app["id"]]) / 1000)
    if app["id"] in arrivals:
        slack.append((arrivals[app["id"]] - opened) / 1000)
    for delivery in call("GET", f"/api/alerts/{alert['id']}")["deliveries"]:
        if delivery["channelType"] == "sns" and delivery["status"] == "sent":
            sns.append((ms(delivery["updatedAt"]) - opened) / 1000)

def figures(name, values, bar):
    if not values:
        print(f"RESULT | {name} | no figure | <= {bar} s | no figure")
        return
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, int(round(q * (len(values) - 1))))]
    verdict = "within target" if values[-1] <= bar else "off target"
    print(f"RESULT | {name} | median {pick(0.5):.2f} s, p95 {pick(0.95):.2f} s, max {values[-1]:.2f} s "
          f"(n={len(values)}) | <= {bar} s | {verdict}")

print(f"  alerts opened: {len(alerts)}/{apps}; Slack messages matched: {len(arrivals)}/{apps}")
figures("breach -> alert fired (deadline to openedAt)", fired, 60)
figures("alert fired -> Slack message received", slack, 30)
figures("alert fired -> SNS (email/SMS) publish accepted", sns, 30)
PY
echo "  (load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) at the end)"
