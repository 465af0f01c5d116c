#!/usr/bin/env bash
# Runs every test: `mvn verify` with a JDK 21 or newer (picked automatically when the default is older).
# Store tests use DynamoDB Local in the test JVM; SNS/EventBridge adapter tests and one end-to-end test
# use moto_server when it is on PATH (skipped with a printed reason otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
pick_jdk
exec mvn -B verify "$@"
