package dev.vigil.notify.slack;

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
class SlackAlertKindsTest {
    static final Instant T = Instant.parse("2026-11-24T22:30:00Z");
    static final AlertEvent DOWN = new AlertEvent("app_x-3", AlertEvent.APPLICATION_DOWN, "app_x", "nightly-backup",
            Status.DOWN, Status.UP, Optional.of(T.minusSeconds(400)), Optional.of(T.minusSeconds(40)), 300, 60, T);
    static final AlertEvent REMINDER = DOWN.reminder(2, "ch_a", T.plusSeconds(1200));
    static final AlertEvent FLAPPING = DOWN.asFlapping(5, Duration.ofMinutes(30));
    static final AlertEvent DIGEST = AlertEvent.digest("ch_a", List.of(DOWN), Instant.parse("2026-11-25T07:00:00Z"),
            Instant.parse("2026-11-25T07:00:20Z"));

    @Test
    void reminderAndFlappingAreRedWithTheirOwnHeadline() {
        var reminder = SlackMessage.payload(REMINDER, Optional.empty()).path("attachments").get(0);
        assertEquals(SlackMessage.RED, reminder.path("color").asText());
        String headline = reminder.path("blocks").get(0).path("text").path("text").asText();
        assertTrue(headline.startsWith(":red_circle: *nightly-backup is still DOWN*") && headline.contains("reminder 2"), headline);
        String flapping = SlackMessage.payload(FLAPPING, Optional.empty()).path("text").asText();
        assertEquals("Vigil: nightly-backup is flapping", flapping);
    }

    @Test
    void digestIsGreyAndListsTheHeldAlertsWithoutApplicationFields() {
        var payload = SlackMessage.payload(DIGEST, Optional.empty());
        var attachment = payload.path("attachments").get(0);
        assertEquals(SlackMessage.GREY, attachment.path("color").asText());
        assertEquals(1, attachment.path("blocks").size(), attachment.toString());
        String text = attachment.path("blocks").get(0).path("text").path("text").asText();
        assertTrue(text.startsWith(":bell: *1 alert held during quiet hours*") && text.contains("nightly-backup went DOWN"), text);
    }
}
