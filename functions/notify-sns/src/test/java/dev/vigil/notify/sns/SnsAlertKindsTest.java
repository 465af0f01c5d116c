package dev.vigil.notify.sns;

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

import dev.vigil.domain.AlertEvent;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices, quiet-hours digests and check alerts as this channel shows them. */
class SnsAlertKindsTest {
    @Test
    void subjectsNameTheKind() {
        assertEquals("[Vigil] STILL DOWN: nightly-backup", AlertMessage.of(REMINDER).subject());
        assertEquals("[Vigil] FLAPPING: nightly-backup", AlertMessage.of(FLAPPING).subject());
        assertTrue(AlertMessage.of(REMINDER).emailBody().contains("reminder 2"));
        assertTrue(AlertMessage.of(REMINDER).sms().startsWith("Vigil: STILL DOWN nightly-backup"));
    }

    @Test
    void digestEmailListsTheHeldAlerts() {
        AlertMessage digest = AlertMessage.of(DIGEST);
        assertEquals("[Vigil] 1 alert held during quiet hours", digest.subject());
        assertTrue(digest.emailBody().contains("2026-11-24 22:30 UTC: nightly-backup went DOWN"), digest.emailBody());
        assertTrue(digest.sms().length() <= 140);
    }

    @Test
    void aCheckAlertEmailGivesTheChecksFacts() {
        AlertMessage unhealthy = AlertMessage.of(CHECK_UNHEALTHY);
        assertEquals("[Vigil] UNHEALTHY: api-health", unhealthy.subject());
        assertEquals("""
                api-health is UNHEALTHY: latencyMs < 500 failed: was 812; latency 812 ms.

                Status:          UNHEALTHY (was HEALTHY)
                Check type:      http
                Threshold:       latencyMs < 500
                Latency:         812 ms
                Measured:        connected: true, status: 200
                Check id:        chk_x
                Alert id:        chk_x-run42
                Detected at:     2026-11-24 22:30:00 UTC
                """, unhealthy.emailBody());
        assertEquals("Vigil: UNHEALTHY api-health - latencyMs < 500 failed: was 812; latency 812 ms", unhealthy.sms());

        assertEquals("[Vigil] DEGRADED: api-health", AlertMessage.of(CHECK_DEGRADED).subject());
        assertTrue(AlertMessage.of(CHECK_DEGRADED).emailBody().contains("Threshold:       latencyMs < 300\n"));
        AlertMessage recovered = AlertMessage.of(CHECK_RECOVERED);
        assertEquals("[Vigil] HEALTHY: api-health", recovered.subject());
        assertTrue(recovered.emailBody().startsWith("api-health is HEALTHY again: all 2 conditions hold; latency 95 ms.\n"),
                recovered.emailBody());
        assertTrue(recovered.emailBody().contains("Status:          HEALTHY (was UNHEALTHY)\n"), recovered.emailBody());
        assertFalse(recovered.emailBody().contains("Threshold"), "no condition fired on a recovery");
        assertEquals("Vigil: HEALTHY api-health - all 2 conditions hold; latency 95 ms", recovered.sms());
    }

    @Test
    void aCheckAlertSaysNothingOfHeartbeats() {
        for (AlertEvent check : List.of(CHECK_UNHEALTHY, CHECK_DEGRADED, CHECK_RECOVERED)) {
            AlertMessage message = AlertMessage.of(check);
            String all = (message.subject() + message.emailBody() + message.sms()).toLowerCase(Locale.ROOT);
            for (String heartbeatWord : List.of("heartbeat", "deadline", "expected every", "last beat", "never")) {
                assertFalse(all.contains(heartbeatWord), heartbeatWord + " in " + all);
            }
        }
    }
    @Test
    void aScheduledTaskAlertSaysFailingOrOkAndTheLastError() {
        dev.vigil.domain.ScheduledTask task = new dev.vigil.domain.ScheduledTask("task_k3v9x2m7q4pa", "default", "nightly export",
                dev.vigil.domain.CronExpression.parse("30 2 * * *"), java.time.ZoneOffset.UTC, true,
                new dev.vigil.domain.TaskTarget.Event("{}"), 2, dev.vigil.domain.TaskStatus.OK, 1, 6, java.util.Optional.empty(),
                java.util.Optional.empty(), java.time.Instant.parse("2026-11-24T12:00:00Z"),
                java.time.Instant.parse("2026-11-24T12:00:00Z"), 1);
        AlertMessage failing = AlertMessage.of(dev.vigil.domain.Alerts.taskChanged(task, dev.vigil.domain.TaskStatus.FAILING, 7,
                java.util.Optional.of("hooks.example.com answered 500"), java.time.Instant.parse("2026-11-25T01:30:04Z")));
        assertEquals("[Vigil] FAILING: nightly export (scheduled task)", failing.subject());
        assertTrue(failing.emailBody().startsWith("nightly export (scheduled task) is FAILING.\n"
                + "FAILING (was OK): 2 failed run(s) in a row; hooks.example.com answered 500"), failing.emailBody());
        assertTrue(failing.emailBody().contains("Task id:         task_k3v9x2m7q4pa"));
        assertEquals("Vigil: FAILING scheduled task nightly export", failing.sms());
        AlertMessage ok = AlertMessage.of(dev.vigil.domain.Alerts.taskChanged(task, dev.vigil.domain.TaskStatus.OK, 8,
                java.util.Optional.empty(), java.time.Instant.parse("2026-11-25T01:31:04Z")));
        assertEquals("[Vigil] OK: nightly export (scheduled task)", ok.subject());
    }

    @Test
    void aChannelTestSaysItIsATestInTheSubjectBodyAndSms() {
        AlertMessage test = AlertMessage.of(CHANNEL_TEST);
        assertEquals("[Vigil] Test alert from Vigil: channel ops room works", test.subject());
        assertEquals("Test alert from Vigil: channel ops room works.\n\n" + dev.vigil.notify.AlertText.TEST_EXPLANATION + "\n\n"
                + "Channel:         ops room\n"
                + "Channel id:      ch_t3stt3stt3st\n"
                + "Alert id:        " + CHANNEL_TEST.eventId() + "\n"
                + "Sent at:         2026-11-24 22:30:00 UTC\n", test.emailBody());
        assertEquals("Vigil: test alert, channel ops room works", test.sms());
        assertFalse(test.emailBody().contains("heartbeat"), test.emailBody());
    }
}
