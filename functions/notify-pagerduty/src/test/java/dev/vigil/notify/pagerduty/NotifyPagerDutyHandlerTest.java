package dev.vigil.notify.pagerduty;

import static dev.vigil.fixtures.NotifierFixture.eventFile;
import static dev.vigil.fixtures.NotifierFixture.fieldNames;
import static dev.vigil.fixtures.NotifierFixture.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.Channel;
import dev.vigil.fixtures.NotifierFixture;
import dev.vigil.runtime.Json;
import dev.vigil.store.NotificationLog;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Request;
import dev.vigil.testkit.CapturingHttpServer.Response;
import dev.vigil.testkit.DynamoLocal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PagerDuty notifier fed the sample bus events, with a channel created through the registry, its
 * routing key in an in-memory secret store, the notification log on DynamoDB Local, and a real local
 * HTTP server standing in for the Events API.
 */
class NotifyPagerDutyHandlerTest {
    static final String ROUTING_KEY = "R0uT1nGk3yS3cr3t0123456789abcdef";
    static final String APP_ID = "app_k3v9x2m7q4pa";
    static final String ACCEPTED = "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"vigil-" + APP_ID + "\"}";

    @RegisterExtension
    final NotifierFixture fx = NotifierFixture.of("NotifyPagerDutyFunction", NotifyPagerDutyHandler::new);
    final CapturingHttpServer pagerDuty = fx.server();

    @Test
    void applicationDownTriggersAnIncidentWithEveryFieldOfEventsApiV2() throws Exception {
        Channel channel = pagerDutyChannel("On-call", ROUTING_KEY);
        pagerDuty.respondWith(Response.of(202, ACCEPTED));

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        List<Request> requests = pagerDuty.requests();
        assertEquals(1, requests.size());
        Request request = requests.get(0);
        assertEquals("POST", request.method());
        assertEquals("/v2/enqueue", request.path());
        assertEquals("application/json", request.header("content-type"));
        JsonNode body = Json.parse(request.body());
        assertEquals(Set.of("routing_key", "event_action", "dedup_key", "payload", "client"), fieldNames(body));
        assertEquals(ROUTING_KEY, body.path("routing_key").textValue());
        assertEquals("trigger", body.path("event_action").textValue());
        assertEquals("vigil-" + APP_ID, body.path("dedup_key").textValue());
        assertEquals("Vigil", body.path("client").textValue());
        assertFalse(body.has("client_url"), "no dashboard configured, so no client_url");

        JsonNode payload = body.path("payload");
        assertEquals(Set.of("summary", "source", "severity", "timestamp", "component", "class", "custom_details"),
                fieldNames(payload));
        String summary = payload.path("summary").textValue();
        assertTrue(summary.startsWith("nightly-backup is DOWN: no heartbeat since 2026-11-24 11:52:00 UTC"), summary);
        assertTrue(summary.contains("deadline 2026-11-24 11:58:00 UTC"), summary);
        assertTrue(summary.length() <= 1024);
        assertEquals("vigil", payload.path("source").textValue());
        assertTrue(Set.of("critical", "error", "warning", "info").contains(payload.path("severity").textValue()));
        assertEquals("critical", payload.path("severity").textValue());
        assertEquals(Instant.parse("2026-11-24T11:58:12.045Z"), Instant.parse(payload.path("timestamp").textValue()));
        assertEquals("nightly-backup", payload.path("component").textValue());
        assertEquals("missed-heartbeat", payload.path("class").textValue());
        JsonNode details = payload.path("custom_details");
        assertEquals(APP_ID, details.path("applicationId").textValue());
        assertEquals("2026-11-24T11:52:00.318Z", details.path("lastHeartbeat").textValue());
        assertEquals("2026-11-24T11:58:00.318Z", details.path("deadline").textValue());
        assertEquals(300, details.path("intervalSeconds").asLong());
        assertEquals(60, details.path("graceSeconds").asLong());
        assertEquals(APP_ID + "-1", details.path("eventId").textValue());

        NotificationLog.Notification record = fx.single();
        assertEquals(channel.id(), record.channel());
        assertEquals("pagerduty", record.channelType());
        assertEquals("sent", record.status());
        assertEquals(Optional.of(202), record.httpStatus());
        assertEquals(Optional.empty(), record.error());
        assertEquals(APP_ID + "-1", record.eventId());
    }

    @Test
    void applicationUpResolvesTheIncidentWithTheSameDedupKey() throws Exception {
        pagerDutyChannel("On-call", ROUTING_KEY);
        pagerDuty.respondWith(Response.of(202, ACCEPTED), Response.of(202, ACCEPTED));

        fx.invoke(eventFile("application-down.json"));
        fx.clock().advance(Duration.ofMinutes(5));
        JsonNode output = fx.invoke(eventFile("application-up.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        List<Request> requests = pagerDuty.requests();
        assertEquals(2, requests.size());
        JsonNode trigger = Json.parse(requests.get(0).body());
        JsonNode resolve = Json.parse(requests.get(1).body());
        assertEquals("trigger", trigger.path("event_action").textValue());
        assertEquals("resolve", resolve.path("event_action").textValue());
        assertEquals(trigger.path("dedup_key"), resolve.path("dedup_key"));
        assertEquals("vigil-" + APP_ID, resolve.path("dedup_key").textValue());
        assertEquals(ROUTING_KEY, resolve.path("routing_key").textValue());
        assertFalse(resolve.has("payload"), "a resolve needs no payload: " + resolve);
        List<NotificationLog.Notification> records = fx.records();
        assertEquals(2, records.size());
        assertTrue(records.stream().allMatch(r -> r.status().equals("sent") && r.httpStatus().equals(Optional.of(202))),
                records.toString());
    }

    @Test
    void aCheckGoingUnhealthyTriggersTheChecksOwnIncident() throws Exception {
        pagerDutyChannel("On-call", ROUTING_KEY);
        pagerDuty.respondWith(Response.of(202, ACCEPTED));

        JsonNode output = fx.invoke(eventFile("check-unhealthy.json"));

        assertEquals(1, output.path("sent").asInt(), output.toString());
        JsonNode body = Json.parse(pagerDuty.requests().get(0).body());
        assertEquals("trigger", body.path("event_action").textValue());
        assertEquals("vigil-check-chk_m4r8t2w6y3za", body.path("dedup_key").textValue());
        assertEquals("critical", body.path("payload").path("severity").textValue());
        assertEquals("latencyMs < 500", body.path("payload").path("custom_details").path("check").path("threshold").textValue());
        assertFalse(body.path("payload").path("custom_details").has("lastHeartbeat"), body.toString());
        assertEquals("CheckStatusChanged", fx.single().type());
    }

    @Test
    void dashboardUrlIsOfferedAsClientUrl() throws Exception {
        fx.wire(Map.of("DashboardUrl", "https://vigil.example.com/dashboard"));
        pagerDutyChannel("On-call", ROUTING_KEY);
        pagerDuty.respondWith(Response.of(202, ACCEPTED));

        fx.invoke(eventFile("application-down.json"));

        JsonNode body = Json.parse(pagerDuty.requests().get(0).body());
        assertEquals("Vigil", body.path("client").textValue());
        assertEquals("https://vigil.example.com/dashboard", body.path("client_url").textValue());
    }

    @Test
    void sameEventDeliveredTwiceTriggersOnce() throws Exception {
        pagerDutyChannel("On-call", ROUTING_KEY);
        pagerDuty.respondWith(Response.of(202, ACCEPTED), Response.of(202, ACCEPTED));

        fx.assertRedeliveryIsSentOnce(eventFile("application-down.json"));

        assertEquals(1, pagerDuty.requests().size(), "a redelivered event must not reach PagerDuty twice");
        assertEquals(1, fx.single().attempts());
    }

    @Test
    void rateLimitedIsRecordedFailedAndRetriedUntilAccepted() throws Exception {
        pagerDutyChannel("On-call", ROUTING_KEY);
        pagerDuty.respondWith(Response.of(429, "{\"status\":\"throttle event\",\"message\":\"Requests for this service are arriving too quickly.\"}"));

        JsonNode answer = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, fx.retriesScheduled().size(), "the failed delivery is scheduled again: " + answer);
        NotificationLog.Notification failed = fx.single();
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(429), failed.httpStatus());
        assertTrue(failed.error().orElse("").contains("429"), failed.error().toString());
        assertNoSecretInErrors();

        pagerDuty.respondWith(Response.of(202, ACCEPTED));
        fx.clock().advance(Duration.ofSeconds(30));
        JsonNode retry = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, retry.path("sent").asInt(), retry.toString());
        assertEquals(2, pagerDuty.requests().size());
        NotificationLog.Notification sent = fx.single();
        assertEquals("sent", sent.status());
        assertEquals(2, sent.attempts());
        assertEquals(Optional.of(202), sent.httpStatus());
    }

    @Test
    void wrongRoutingKeyIsRecordedFailedWithoutRetryingOrLeakingTheKey() throws Exception {
        pagerDutyChannel("On-call", ROUTING_KEY);
        // Even when the answer quotes the key back, the record must not.
        pagerDuty.respondWith(Response.of(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\","
                + "\"errors\":[\"Invalid routing key: " + ROUTING_KEY + "\"]}"));

        JsonNode output = fx.invoke(eventFile("application-down.json"));

        assertEquals(1, output.path("failed").asInt(), output.toString());
        assertEquals(0, output.path("sent").asInt());
        NotificationLog.Notification failed = fx.single();
        assertEquals("failed", failed.status());
        assertEquals(Optional.of(400), failed.httpStatus());
        String error = failed.error().orElseThrow();
        assertTrue(error.contains("127.0.0.1 answered 400"), error);
        assertTrue(error.contains("Invalid routing key"), error);
        assertNoSecretInErrors();
        assertEquals(1, pagerDuty.requests().size());
    }

    @Test
    void routingKeyCutOffAtTheEndOfALongAnswerIsRedactedToo() throws Exception {
        pagerDutyChannel("On-call", ROUTING_KEY);
        // HttpDelivery keeps 200 characters of an answer: this one is cut in the middle of the key.
        String answer = "Invalid event: " + "x".repeat(170) + " key=" + ROUTING_KEY;
        pagerDuty.respondWith(Response.of(400, answer));

        fx.invoke(eventFile("application-down.json"));

        String error = fx.single().error().orElseThrow();
        assertTrue(error.endsWith(" key=[redacted]"), error);
        assertNoSecretInErrors();
    }

    @Test
    void unreachableEventsApiIsRetriedAndNamesOnlyTheHost() throws Exception {
        int closedPort = DynamoLocal.freePort();
        pagerDutyChannel("On-call", ROUTING_KEY, "http://127.0.0.1:" + closedPort + "/v2/enqueue");

        fx.invoke(eventFile("application-down.json"));

        String error = fx.single().error().orElseThrow();
        assertTrue(error.startsWith("could not reach 127.0.0.1"), error);
        assertNoSecretInErrors();
    }

    @Test
    void applicationThatNeverBeatAndLongNameStillGetAValidSummary() throws Exception {
        pagerDutyChannel("On-call", ROUTING_KEY);
        ObjectNode event = sample("application-down.json");
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.putNull("lastHeartbeat");
        detail.put("name", "x".repeat(2000));

        fx.invoke(event);

        JsonNode payload = Json.parse(pagerDuty.requests().get(0).body()).path("payload");
        String summary = payload.path("summary").textValue();
        assertEquals(1024, summary.length());
        assertTrue(summary.endsWith("..."), summary);
        assertTrue(payload.path("custom_details").path("lastHeartbeat").isNull());

        assertEquals("app is DOWN: no heartbeat has arrived yet (deadline 2026-11-24 11:58:00 UTC, expected every 5 min,"
                        + " grace 1 min)",
                PagerDutySender.summary(AlertEventCodec.fromDetail(detail.put("name", "app"))));
    }

    @Test
    void onlyDefaultAndEnabledChannelsReceiveAlertsWithoutRouting() throws Exception {
        pagerDutyChannel("On-call", ROUTING_KEY);
        fx.channel("""
                {"type":"pagerduty","name":"Not default","default":false,
                 "settings":{"routingKey":"another-key-0123456789abcdef0123","eventsUrl":"%s"}}
                """.formatted(pagerDuty.url("/v2/enqueue")));

        fx.invoke(eventFile("application-down.json"));

        assertEquals(1, pagerDuty.requests().size());
        assertEquals(ROUTING_KEY, Json.parse(pagerDuty.requests().get(0).body()).path("routing_key").textValue());
    }

    // --- helpers -------------------------------------------------------------------------------

    Channel pagerDutyChannel(String name, String routingKey) {
        return pagerDutyChannel(name, routingKey, pagerDuty.url("/v2/enqueue").toString());
    }

    Channel pagerDutyChannel(String name, String routingKey, String eventsUrl) {
        ObjectNode body = Json.object().put("type", "pagerduty").put("name", name).put("default", true);
        body.putObject("settings").put("routingKey", routingKey).put("eventsUrl", eventsUrl);
        Channel channel = fx.channel(body);
        assertFalse(channel.settings().containsKey("routingKey"), "the routing key is kept as a secret");
        return channel;
    }

    /** Neither the routing key nor a telling part of it may show in a record or a log line. */
    void assertNoSecretInErrors() {
        fx.assertSecretsNeverShown(ROUTING_KEY, ROUTING_KEY.substring(0, 12));
    }

    @Test
    void aChannelTestTriggersThenResolvesItsOwnIncidentAndIsRecordedUnderTheChannel() throws Exception {
        Channel channel = pagerDutyChannel("On-call", ROUTING_KEY);
        pagerDuty.respondWith(Response.of(202, ACCEPTED), Response.of(202, ACCEPTED));
        dev.vigil.domain.AlertEvent test = dev.vigil.domain.Alerts.channelTest(channel, fx.clock().instant());
        ObjectNode envelope = Json.object().put("source", "vigil").put("detail-type", "ChannelTest");
        envelope.set("detail", AlertEventCodec.toDetail(test));

        JsonNode output = fx.invoke(envelope);

        assertEquals(1, output.path("sent").asInt(), output.toString());
        List<Request> requests = pagerDuty.requests();
        assertEquals(2, requests.size());
        JsonNode trigger = Json.parse(requests.get(0).body());
        JsonNode resolve = Json.parse(requests.get(1).body());
        assertEquals("trigger", trigger.path("event_action").asText());
        assertEquals("resolve", resolve.path("event_action").asText(), "the test incident is closed at once");
        assertEquals(trigger.path("dedup_key"), resolve.path("dedup_key"));
        assertEquals("Test alert from Vigil: channel On-call works", trigger.path("payload").path("summary").asText());
        NotificationLog.Notification record = fx.single();
        assertEquals(channel.id(), record.channel());
        assertEquals("ChannelTest", record.type());
        assertEquals("sent", record.status());
        assertEquals(Optional.of(202), record.httpStatus());
    }
}
