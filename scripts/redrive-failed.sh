#!/usr/bin/env bash
# Redrives the failed work in a Vigil stack's failure queue (the AsyncFailureQueueUrl output).
#   scripts/redrive-failed.sh <stack name> [--dry-run]
#
# Most messages are the record Lambda writes when an asynchronous invocation still fails after its
# retries (a notifier's alert, a detector tick): requestContext.functionArn names the function and
# requestPayload is the event it was given. Each is invoked again, asynchronously, on the same
# function's alias "live" with the same event, and deleted once Lambda has accepted the invocation; if
# it fails again, Lambda writes a new record. Notifiers record each delivery, so a channel that already
# got an alert does not get it twice. Only the stack's own functions are invoked.
#
# Anything else is listed and left in the queue: a failed stream batch of beat-history holds no beats,
# only where they are in the table's stream (DDBStreamBatchInfo; see "Failed work" in the README).
#
# --dry-run lists what would be invoked and changes nothing. Needs the aws CLI and jq, and the stack's
# region (AWS_REGION or your profile's).
set -euo pipefail

# AWS_ENDPOINT_URL (moto_server, LocalStack) is passed on as --endpoint-url, which the aws CLI v1 needs
# for SQS.
aws() { command aws ${AWS_ENDPOINT_URL:+--endpoint-url "$AWS_ENDPOINT_URL"} "$@"; }

stack=${1:?usage: scripts/redrive-failed.sh <stack name> [--dry-run]}
dry_run=false
[ "${2:-}" = --dry-run ] && dry_run=true

queue=$(aws cloudformation describe-stacks --stack-name "$stack" \
  --query "Stacks[0].Outputs[?OutputKey=='AsyncFailureQueueUrl'].OutputValue" --output text)
functions=$(aws cloudformation list-stack-resources --stack-name "$stack" \
  --query "StackResourceSummaries[?ResourceType=='AWS::Lambda::Function'].PhysicalResourceId" --output text | tr '\t' '\n')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
touch "$work/seen" "$work/kept"

redriven=0
left=0
leave() { # message id, why: the message stays in the queue
  echo "left $1: $2"
  echo "$handle" >>"$work/kept"
  left=$((left + 1))
}
while :; do
  aws sqs receive-message --queue-url "$queue" --max-number-of-messages 10 --wait-time-seconds 1 \
    --visibility-timeout 300 --output json >"$work/batch.json"
  [ -s "$work/batch.json" ] || break
  jq -c '.Messages // [] | .[]' "$work/batch.json" >"$work/messages"
  new=0
  while IFS= read -r message; do
    id=$(jq -r .MessageId <<<"$message")
    grep -qxF "$id" "$work/seen" && continue
    echo "$id" >>"$work/seen"
    new=1
    handle=$(jq -r .ReceiptHandle <<<"$message")
    jq -r .Body <<<"$message" >"$work/body.json"
    if ! jq -e 'type == "object" and has("requestPayload")' "$work/body.json" >/dev/null 2>&1; then
      leave "$id" "$(jq -c '{function: .requestContext.functionArn, condition: .requestContext.condition,
        stream: .DDBStreamBatchInfo}' "$work/body.json" 2>/dev/null || echo 'not a failure record')"
      continue
    fi
    function=$(jq -r '.requestContext.functionArn // ""' "$work/body.json" | cut -d: -f7)
    if [ -z "$function" ] || ! grep -qxF "$function" <<<"$functions"; then
      leave "$id" "'$function' is not a function of $stack"
      continue
    fi
    jq -c .requestPayload "$work/body.json" >"$work/payload.json"
    what=$(jq -r '[.["detail-type"] // "event", .detail.eventId // .id // "", .detail.time // .time // ""] | join(" ")' "$work/payload.json")
    if $dry_run; then
      echo "would invoke $function:live with $what: $(cat "$work/payload.json")"
      echo "$handle" >>"$work/kept"
      continue
    fi
    aws lambda invoke --function-name "$function" --qualifier live --invocation-type Event \
      --payload "fileb://$work/payload.json" "$work/response" >/dev/null
    aws sqs delete-message --queue-url "$queue" --receipt-handle "$handle"
    echo "redriven $id: $function:live with $what"
    redriven=$((redriven + 1))
  done <"$work/messages"
  [ "$new" = 1 ] || break
done
# What was read and not redriven is visible again at once, for the next run or a closer look.
while IFS= read -r handle; do
  aws sqs change-message-visibility --queue-url "$queue" --receipt-handle "$handle" --visibility-timeout 0
done <"$work/kept"
echo "$($dry_run && echo 'dry run: ')$redriven redriven, $left left in the queue"
