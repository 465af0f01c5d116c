package dev.vigil.notify.sns;

import static dev.vigil.fixtures.SampleAlerts.DIGEST;
import static dev.vigil.fixtures.SampleAlerts.FLAPPING;
import static dev.vigil.fixtures.SampleAlerts.REMINDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reminders, flapping notices and quiet-hours digests as this channel shows them. */
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
}
