package dev.vigil.notify.whatsapp;

import static dev.vigil.fixtures.SampleAlerts.DIGEST;
import static dev.vigil.fixtures.SampleAlerts.REMINDER;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices and quiet-hours digests as this channel shows them. */
class WhatsAppAlertKindsTest {
    @Test
    void reminderAndDigestTexts() {
        String reminder = WhatsAppSender.text(REMINDER, Optional.empty());
        assertTrue(reminder.contains("*nightly-backup is still DOWN*") && reminder.contains("reminder 2"), reminder);
        String digest = WhatsAppSender.text(DIGEST, Optional.empty());
        assertTrue(digest.contains("*1 alert held during quiet hours*") && digest.contains("nightly-backup went DOWN"), digest);
        assertFalse(digest.contains("Expected every"), digest);
    }
}
