package dev.vigil.notify.pagerduty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.CheckFacts;
import dev.vigil.notify.AlertText;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.ChannelTarget;
import dev.vigil.notify.HttpDelivery;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Sends an alert to PagerDuty's Events API v2: {@code ApplicationDown} triggers an incident,
 * {@code ApplicationUp} resolves it. Both use the dedup key {@code vigil-<applicationId>}, so PagerDuty
 * folds repeated triggers for one application into one open incident and the next UP closes it. A
 * {@code CheckStatusChanged} alert does the same for its check under {@code vigil-check-<checkId>}:
 * unhealthy triggers a critical incident, degraded a warning one (the same incident, if one is open),
 * and healthy resolves it; its {@code custom_details} carry the check's facts as the bus event's
 * {@code check} object.
 * A channel's test alert ({@code ChannelTest}) triggers an {@code info} incident of its own and resolves it at
 * once (two calls under one dedup key, so a retry after a failed resolve folds into the same incident): the
 * test proves the routing key opens incidents, and leaves none open.
 * PagerDuty answers {@code 202 Accepted}; 429 and 5xx are retried, any other answer (400 for a wrong
 * routing key) is recorded as a permanent failure. The routing key never appears in an error
 * ({@link HttpDelivery} redacts it, even where the answer quotes it back).
 */
public final class PagerDutySender implements ChannelSender {
    public static final URI DEFAULT_EVENTS_URL = URI.create("https://events.pagerduty.com/v2/enqueue");
    static final String SOURCE = "vigil";
    static final String CLIENT = "Vigil";
    static final String CLASS = "missed-heartbeat";
    static final String CHECK_CLASS = "check-status";
    static final String TASK_CLASS = "scheduled-task-status";
    static final String TEST_CLASS = "channel-test";
    static final String SEVERITY = "critical";
    static final int MAX_SUMMARY = 1024;
    static final int MAX_DEDUP_KEY = 255;

    private final HttpDelivery http;
    private final Optional<String> dashboardUrl;

    public PagerDutySender(HttpDelivery http, Optional<URI> dashboard) {
        this.http = http;
        this.dashboardUrl = dashboard.map(URI::toString);
    }

    @Override
    public boolean tracksIncidents() {
        return true;
    }

    @Override
    public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
        String routingKey = target.require("routingKey");
        URI url = target.optionalUrl("eventsUrl").orElse(DEFAULT_EVENTS_URL);
        if (event.isTest()) {
            // A real incident, so the test shows the routing key pages; resolved at once, so nobody is left with it.
            int status = http.postJson(target, url, Map.of(), Json.write(testTrigger(event, routingKey, dashboardUrl)));
            http.postJson(target, url, Map.of(), Json.write(testResolve(event, routingKey)));
            return Optional.of(status);
        }
        String body = Json.write(body(event, routingKey, dashboardUrl));
        return Optional.of(http.postJson(target, url, Map.of(), body));
    }

    /**
     * A channel's test alert as a trigger: an {@code info} incident of its own (dedup key
     * {@code vigil-test-<eventId>}, never an application's or a check's), summarised
     * {@code Test alert from Vigil: channel <name> works}.
     */
    static ObjectNode testTrigger(AlertEvent event, String routingKey, Optional<String> dashboardUrl) {
        ObjectNode body = Json.object();
        body.put("routing_key", routingKey);
        body.put("event_action", "trigger");
        body.put("dedup_key", dedupKey("test-" + event.eventId()));
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", AlertText.limit(AlertText.testHeadline(event, MAX_SUMMARY / 2), MAX_SUMMARY));
        payload.put("source", SOURCE);
        payload.put("severity", "info");
        payload.put("timestamp", event.time().toString());
        payload.put("component", AlertText.oneLine(event.name()));
        payload.put("class", TEST_CLASS);
        ObjectNode details = payload.putObject("custom_details");
        details.put("channelId", event.applicationId());
        details.put("note", AlertText.TEST_EXPLANATION + " Vigil resolves this incident at once.");
        details.put("eventId", event.eventId());
        body.put("client", CLIENT);
        dashboardUrl.ifPresent(link -> body.put("client_url", link));
        return body;
    }

    /** The resolve that follows a test's trigger, under the same dedup key. */
    static ObjectNode testResolve(AlertEvent event, String routingKey) {
        ObjectNode body = Json.object();
        body.put("routing_key", routingKey);
        body.put("event_action", "resolve");
        body.put("dedup_key", dedupKey("test-" + event.eventId()));
        return body;
    }

    /**
     * The Events API v2 body: a trigger with its payload for DOWN (an unhealthy or degraded check), a
     * bare resolve for UP (a healthy one); a digest triggers an incident of its own.
     */
    static ObjectNode body(AlertEvent event, String routingKey, Optional<String> dashboardUrl) {
        ObjectNode body = Json.object();
        body.put("routing_key", routingKey);
        // Vigil's own ingest health is one incident too (vigil-system#ingest), triggered and resolved like an application's.
        boolean digest = !event.aboutOneApplication() && !event.aboutCheck() && !event.aboutTask() && !event.aboutSystem();
        body.put("event_action", event.isDown() || digest ? "trigger" : "resolve");
        // A digest is its own low-severity incident; it must not resolve or re-open an application's incident.
        body.put("dedup_key", digest ? dedupKey(event.eventId())
                : event.aboutCheck() ? dedupKey("check-" + event.applicationId())
                : event.aboutTask() ? dedupKey("task-" + event.applicationId()) : dedupKey(event.applicationId()));
        if (!event.isDown() && !digest) {
            // PagerDuty needs only the routing key and the dedup key to resolve; a payload would be ignored.
            return body;
        }
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", summary(event));
        payload.put("source", SOURCE);
        payload.put("severity", digest ? "info" : event.aboutCheck() ? event.severity().wire() : SEVERITY);
        payload.put("timestamp", event.time().toString());
        payload.put("component", AlertText.oneLine(event.name()));
        ObjectNode details = payload.putObject("custom_details");
        if (event.aboutCheck()) {
            payload.put("class", CHECK_CLASS);
            details.put("checkId", event.applicationId());
            event.check().ifPresent(facts -> details.set("check", AlertEventCodec.writeCheck(facts)));
        } else if (event.aboutTask()) {
            payload.put("class", TASK_CLASS);
            details.put("taskId", event.applicationId());
            details.put("note", event.note().orElse(""));
        } else {
            payload.put("class", CLASS);
            details.put("applicationId", event.applicationId());
            details.put("lastHeartbeat", event.lastHeartbeat().map(Instant::toString).orElse(null));
            details.put("deadline", event.deadline().map(Instant::toString).orElse(null));
            details.put("intervalSeconds", event.intervalSeconds());
            details.put("graceSeconds", event.graceSeconds());
        }
        details.put("eventId", event.eventId());
        body.put("client", CLIENT);
        dashboardUrl.ifPresent(link -> body.put("client_url", link));
        return body;
    }

    /**
     * One key per application ({@code vigil-<applicationId>}) and one per check
     * ({@code vigil-check-<checkId>}), so each has at most one open Vigil incident.
     */
    static String dedupKey(String subject) {
        String key = "vigil-" + subject;
        return key.length() <= MAX_DEDUP_KEY ? key : key.substring(0, MAX_DEDUP_KEY);
    }

    /** For example {@code nightly-backup is DOWN: no heartbeat since 2026-11-24 11:52:00 UTC (...)}. */
    static String summary(AlertEvent event) {
        if (event.check().isPresent()) {
            CheckFacts facts = event.check().get();
            return AlertText.limit(AlertText.oneLine(event.name()) + " is " + AlertText.checkChange(facts) + ": "
                    + AlertText.checkFinding(facts), MAX_SUMMARY);
        }
        if (!event.isFlip()) {
            String note = AlertText.oneLine(event.note().orElse(""));
            return AlertText.limit(AlertText.oneLine(event.name()) + AlertText.stateSuffix(event)
                    + (note.isEmpty() ? "" : ": " + note), MAX_SUMMARY);
        }
        StringBuilder text = new StringBuilder(AlertText.oneLine(event.name())).append(" is DOWN: ");
        text.append(event.lastHeartbeat().map(t -> "no heartbeat since " + AlertText.utc(t))
                .orElse("no heartbeat has arrived yet"));
        text.append(" (");
        event.deadline().ifPresent(d -> text.append("deadline ").append(AlertText.utc(d)).append(", "));
        text.append("expected every ").append(AlertText.human(event.intervalSeconds()))
                .append(", grace ").append(AlertText.human(event.graceSeconds())).append(')');
        return AlertText.limit(text.toString(), MAX_SUMMARY);
    }
}
