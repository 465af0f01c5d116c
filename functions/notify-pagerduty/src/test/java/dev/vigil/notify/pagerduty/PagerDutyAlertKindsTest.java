package dev.vigil.notify.pagerduty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.app.Status;
import dev.vigil.events.AlertEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices and quiet-hours digests as this channel shows them. */
class PagerDutyAlertKindsTest {
    static final Instant T = Instant.parse("2026-11-24T22:30:00Z");
    static final AlertEvent DOWN = new AlertEvent("app_x-3", AlertEvent.APPLICATION_DOWN, "app_x", "nightly-backup",
            Status.DOWN, Status.UP, Optional.of(T.minusSeconds(400)), Optional.of(T.minusSeconds(40)), 300, 60, T);
    static final AlertEvent REMINDER = DOWN.reminder(2, "ch_a", T.plusSeconds(1200));
    static final AlertEvent FLAPPING = DOWN.asFlapping(5, Duration.ofMinutes(30));
    static final AlertEvent DIGEST = AlertEvent.digest("ch_a", List.of(DOWN), Instant.parse("2026-11-25T07:00:00Z"),
            Instant.parse("2026-11-25T07:00:20Z"));

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
