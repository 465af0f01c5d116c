package dev.vigil.notify.whatsapp;

import static dev.vigil.fixtures.SampleAlerts.CHANNEL_TEST;
import static dev.vigil.fixtures.SampleAlerts.CHECK_DEGRADED;
import static dev.vigil.fixtures.SampleAlerts.CHECK_RECOVERED;
import static dev.vigil.fixtures.SampleAlerts.CHECK_UNHEALTHY;
import static dev.vigil.fixtures.SampleAlerts.DIGEST;
import static dev.vigil.fixtures.SampleAlerts.REMINDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices, quiet-hours digests and check alerts as this channel shows them. */
class WhatsAppAlertKindsTest {
    @Test
    void reminderAndDigestTexts() {
        String reminder = WhatsAppSender.text(REMINDER, Optional.empty());
        assertTrue(reminder.contains("*nightly-backup is still DOWN*") && reminder.contains("reminder 2"), reminder);
        String digest = WhatsAppSender.text(DIGEST, Optional.empty());
        assertTrue(digest.contains("*1 alert held during quiet hours*") && digest.contains("nightly-backup went DOWN"), digest);
        assertFalse(digest.contains("Expected every"), digest);
    }

    @Test
    void aCheckAlertTextGivesTheChecksFacts() {
        assertEquals("""
                \uD83D\uDD34 *api-health is UNHEALTHY*
                latencyMs < 500 failed: was 812; latency 812 ms
                Status: UNHEALTHY (was HEALTHY)
                Check type: http
                Threshold: latencyMs < 500
                Measured: connected: true, status: 200
                Alert id: chk_x-run42
                Details: https://vigil.example.com/""",
                WhatsAppSender.text(CHECK_UNHEALTHY, Optional.of("https://vigil.example.com/")));
        assertTrue(WhatsAppSender.text(CHECK_DEGRADED, Optional.empty()).startsWith("\uD83D\uDD34 *api-health is DEGRADED*\n"));
        String recovered = WhatsAppSender.text(CHECK_RECOVERED, Optional.empty());
        assertTrue(recovered.startsWith("\uD83D\uDFE2 *api-health is HEALTHY again*\nall 2 conditions hold; latency 95 ms\n"
                + "Status: HEALTHY (was UNHEALTHY)\n"), recovered);
        assertFalse(recovered.contains("Threshold"), recovered);
        for (AlertEvent check : List.of(CHECK_UNHEALTHY, CHECK_DEGRADED, CHECK_RECOVERED)) {
            String text = WhatsAppSender.text(check, Optional.empty());
            assertFalse(text.contains("Expected every") || text.contains("heartbeat") || text.contains("Deadline"), text);
        }
    }

    @Test
    void aChannelTestTextSaysItIsATest() {
        assertEquals("\uD83D\uDD14 *Test alert from Vigil: channel ops room works*\n"
                + dev.vigil.notify.AlertText.TEST_EXPLANATION + "\n"
                + "Alert id: " + CHANNEL_TEST.eventId() + "\n"
                + "Details: https://vigil.example.com/",
                WhatsAppSender.text(CHANNEL_TEST, Optional.of("https://vigil.example.com/")));
    }
}
