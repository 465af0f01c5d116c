package dev.vigil.notify.whatsapp;

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
class WhatsAppAlertKindsTest {
    static final Instant T = Instant.parse("2026-11-24T22:30:00Z");
    static final AlertEvent DOWN = new AlertEvent("app_x-3", AlertEvent.APPLICATION_DOWN, "app_x", "nightly-backup",
            Status.DOWN, Status.UP, Optional.of(T.minusSeconds(400)), Optional.of(T.minusSeconds(40)), 300, 60, T);
    static final AlertEvent REMINDER = DOWN.reminder(2, "ch_a", T.plusSeconds(1200));
    static final AlertEvent FLAPPING = DOWN.asFlapping(5, Duration.ofMinutes(30));
    static final AlertEvent DIGEST = AlertEvent.digest("ch_a", List.of(DOWN), Instant.parse("2026-11-25T07:00:00Z"),
            Instant.parse("2026-11-25T07:00:20Z"));

    @Test
    void reminderAndDigestTexts() {
        String reminder = WhatsAppSender.text(REMINDER, Optional.empty());
        assertTrue(reminder.contains("*nightly-backup is still DOWN*") && reminder.contains("reminder 2"), reminder);
        String digest = WhatsAppSender.text(DIGEST, Optional.empty());
        assertTrue(digest.contains("*1 alert held during quiet hours*") && digest.contains("nightly-backup went DOWN"), digest);
        assertFalse(digest.contains("Expected every"), digest);
    }
}
