package dev.vigil.notify.pagerduty;

import static dev.vigil.fixtures.SampleAlerts.CHANNEL_TEST;
import static dev.vigil.fixtures.SampleAlerts.CHECK_DEGRADED;
import static dev.vigil.fixtures.SampleAlerts.CHECK_RECOVERED;
import static dev.vigil.fixtures.SampleAlerts.CHECK_UNHEALTHY;
import static dev.vigil.fixtures.SampleAlerts.DIGEST;
import static dev.vigil.fixtures.SampleAlerts.FLAPPING;
import static dev.vigil.fixtures.SampleAlerts.REMINDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.bus.AlertEventCodec;
import dev.vigil.fixtures.NotifierFixture;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices, quiet-hours digests and check alerts as this channel shows them. */
class PagerDutyAlertKindsTest {
    @Test
    void reminderAndFlappingUpdateTheApplicationsIncident() {
        var reminder = PagerDutySender.body(REMINDER, "key", Optional.empty());
        assertEquals("trigger", reminder.path("event_action").asText());
        assertEquals("vigil-app_x", reminder.path("dedup_key").asText());
        assertTrue(reminder.path("payload").path("summary").asText().startsWith("nightly-backup is still DOWN"));
        assertEquals("vigil-app_x", PagerDutySender.body(FLAPPING, "key", Optional.empty()).path("dedup_key").asText());
    }

    @Test
    void digestIsItsOwnLowSeverityIncident() {
        var digest = PagerDutySender.body(DIGEST, "key", Optional.empty());
        assertEquals("trigger", digest.path("event_action").asText());
        assertEquals("info", digest.path("payload").path("severity").asText());
        assertFalse(digest.path("dedup_key").asText().equals("vigil-app_x"), "it must not touch an application incident");
    }

    @Test
    void vigilsOwnIngestTroubleIsOneIncidentTriggeredThenResolved() {
        java.time.Instant since = java.time.Instant.parse("2026-11-24T12:01:01Z");
        var degraded = PagerDutySender.body(dev.vigil.domain.Alerts.ingestChanged(true, since, "600 applications...", since),
                "key", Optional.empty());
        var healthy = PagerDutySender.body(dev.vigil.domain.Alerts.ingestChanged(false, since, "healthy",
                since.plusSeconds(90)), "key", Optional.empty());
        assertEquals("trigger", degraded.path("event_action").asText());
        assertEquals("resolve", healthy.path("event_action").asText(), "not a digest: the episode's end resolves it");
        assertEquals(degraded.path("dedup_key").asText(), healthy.path("dedup_key").asText());
        assertTrue(degraded.path("payload").path("summary").asText().startsWith("Vigil ingest is DEGRADED"),
                degraded.toString());
    }

    @Test
    void aCheckTriggersItsOwnIncidentWhileUnhealthyOrDegradedAndResolvesItWhenHealthy() {
        var unhealthy = PagerDutySender.body(CHECK_UNHEALTHY, "key", Optional.empty());
        var degraded = PagerDutySender.body(CHECK_DEGRADED, "key", Optional.empty());
        var recovered = PagerDutySender.body(CHECK_RECOVERED, "key", Optional.empty());
        assertEquals("trigger", unhealthy.path("event_action").asText());
        assertEquals("trigger", degraded.path("event_action").asText());
        assertEquals("resolve", recovered.path("event_action").asText(), "a check is not a digest");
        for (var body : java.util.List.of(unhealthy, degraded, recovered)) {
            assertEquals("vigil-check-chk_x", body.path("dedup_key").asText(), "one incident per check");
        }
        assertFalse(recovered.has("payload"), recovered.toString());
        assertEquals("critical", unhealthy.path("payload").path("severity").asText());
        assertEquals("warning", degraded.path("payload").path("severity").asText());
    }

    @Test
    void aCheckIncidentCarriesTheChecksFactsAndNoHeartbeats() {
        var payload = PagerDutySender.body(CHECK_UNHEALTHY, "key", Optional.empty()).path("payload");
        assertEquals("api-health is UNHEALTHY (was HEALTHY): latencyMs < 500 failed: was 812; latency 812 ms",
                payload.path("summary").asText());
        assertEquals("api-health", payload.path("component").asText());
        assertEquals(PagerDutySender.CHECK_CLASS, payload.path("class").asText());
        var details = payload.path("custom_details");
        assertEquals(Set.of("checkId", "check", "eventId"), NotifierFixture.fieldNames(details));
        assertEquals("chk_x", details.path("checkId").asText());
        assertEquals("chk_x-run42", details.path("eventId").asText());
        assertEquals(AlertEventCodec.toDetail(CHECK_UNHEALTHY).path("check"), details.path("check"),
                "the check's facts as the bus event carries them");
        var check = details.path("check");
        assertEquals("http", check.path("type").asText());
        assertEquals("unhealthy", check.path("status").asText());
        assertEquals("healthy", check.path("previousStatus").asText());
        assertEquals(812, check.path("latencyMs").asLong());
        assertEquals("latencyMs < 500", check.path("threshold").asText());
        assertEquals("latencyMs < 500 failed: was 812", check.path("reason").asText());
        assertEquals(200, check.path("details").path("status").asInt(), "the measured details as an object");
    }
    @Test
    void aFailingScheduledTaskTriggersItsOwnIncidentAndItsRecoveryResolvesIt() {
        dev.vigil.domain.ScheduledTask task = new dev.vigil.domain.ScheduledTask("task_k3v9x2m7q4pa", "default", "nightly export",
                dev.vigil.domain.CronExpression.parse("30 2 * * *"), java.time.ZoneOffset.UTC, true,
                new dev.vigil.domain.TaskTarget.Event("{}"), 1, dev.vigil.domain.TaskStatus.OK, 0, 6, Optional.empty(),
                Optional.empty(), java.time.Instant.parse("2026-11-24T12:00:00Z"), java.time.Instant.parse("2026-11-24T12:00:00Z"), 1);
        var failing = PagerDutySender.body(dev.vigil.domain.Alerts.taskChanged(task, dev.vigil.domain.TaskStatus.FAILING, 7,
                Optional.of("hooks.example.com answered 500"), java.time.Instant.parse("2026-11-25T01:30:04Z")), "key", Optional.empty());
        assertEquals("trigger", failing.path("event_action").asText());
        assertEquals("vigil-task-task_k3v9x2m7q4pa", failing.path("dedup_key").asText());
        assertEquals("critical", failing.path("payload").path("severity").asText());
        assertEquals("task_k3v9x2m7q4pa", failing.path("payload").path("custom_details").path("taskId").asText());
        var ok = PagerDutySender.body(dev.vigil.domain.Alerts.taskChanged(task, dev.vigil.domain.TaskStatus.OK, 8, Optional.empty(),
                java.time.Instant.parse("2026-11-25T01:31:04Z")), "key", Optional.empty());
        assertEquals("resolve", ok.path("event_action").asText());
        assertEquals(failing.path("dedup_key"), ok.path("dedup_key"));
    }

    @Test
    void aChannelTestIsAnInfoIncidentOfItsOwnAndItsResolve() {
        var trigger = PagerDutySender.testTrigger(CHANNEL_TEST, "key", Optional.of("https://vigil.example.com/"));
        assertEquals("trigger", trigger.path("event_action").asText());
        assertEquals("vigil-test-" + CHANNEL_TEST.eventId(), trigger.path("dedup_key").asText(), "never an application's incident");
        assertEquals("info", trigger.path("payload").path("severity").asText());
        assertEquals("Test alert from Vigil: channel ops room works", trigger.path("payload").path("summary").asText());
        assertEquals(PagerDutySender.TEST_CLASS, trigger.path("payload").path("class").asText());
        assertEquals("ch_t3stt3stt3st", trigger.path("payload").path("custom_details").path("channelId").asText());
        var resolve = PagerDutySender.testResolve(CHANNEL_TEST, "key");
        assertEquals("resolve", resolve.path("event_action").asText());
        assertEquals(trigger.path("dedup_key"), resolve.path("dedup_key"));
        assertFalse(resolve.has("payload"));
    }
}
