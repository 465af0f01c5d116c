package dev.vigil.notify.pagerduty;

import static dev.vigil.fixtures.SampleAlerts.DIGEST;
import static dev.vigil.fixtures.SampleAlerts.FLAPPING;
import static dev.vigil.fixtures.SampleAlerts.REMINDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices and quiet-hours digests as this channel shows them. */
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
}
