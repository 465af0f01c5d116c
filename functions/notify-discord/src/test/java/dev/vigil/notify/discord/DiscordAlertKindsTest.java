package dev.vigil.notify.discord;

import static dev.vigil.fixtures.SampleAlerts.DIGEST;
import static dev.vigil.fixtures.SampleAlerts.FLAPPING;
import static dev.vigil.fixtures.SampleAlerts.REMINDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices and quiet-hours digests as this channel shows them. */
class DiscordAlertKindsTest {
    @Test
    void reminderTitleAndDigestEmbed() {
        assertEquals("nightly-backup is still DOWN", DiscordMessage.title(REMINDER));
        var embed = DiscordMessage.payload(DIGEST, Optional.empty()).path("embeds").get(0);
        assertEquals("1 alert held during quiet hours", embed.path("title").asText());
        assertEquals(DiscordMessage.GREY, embed.path("color").asInt());
        assertTrue(embed.path("description").asText().contains("nightly-backup went DOWN"));
        assertFalse(embed.has("fields"), "a digest is about several applications");
        assertTrue(DiscordMessage.payload(FLAPPING, Optional.empty()).path("embeds").get(0).path("description").asText()
                .startsWith("Flapping: 5 state changes"));
    }
}
