package dev.vigil.notify.slack;

import static dev.vigil.fixtures.SampleAlerts.DIGEST;
import static dev.vigil.fixtures.SampleAlerts.FLAPPING;
import static dev.vigil.fixtures.SampleAlerts.REMINDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices and quiet-hours digests as this channel shows them. */
class SlackAlertKindsTest {
    @Test
    void reminderAndFlappingAreRedWithTheirOwnHeadline() {
        var reminder = SlackMessage.payload(REMINDER, Optional.empty()).path("attachments").get(0);
        assertEquals(SlackMessage.RED, reminder.path("color").asText());
        String headline = reminder.path("blocks").get(0).path("text").path("text").asText();
        assertTrue(headline.startsWith("\uD83D\uDD34 nightly-backup is still DOWN\n") && headline.contains("reminder 2"), headline);
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
        assertTrue(text.startsWith("\uD83D\uDD14 1 alert held during quiet hours\n") && text.contains("nightly-backup went DOWN"), text);
    }
}
