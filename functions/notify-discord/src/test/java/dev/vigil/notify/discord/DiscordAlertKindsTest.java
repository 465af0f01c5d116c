package dev.vigil.notify.discord;

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

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reminders, flapping notices, quiet-hours digests and check alerts as this channel shows them. */
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

    @Test
    void aCheckAlertEmbedHoldsTheChecksFacts() {
        var embed = DiscordMessage.payload(CHECK_UNHEALTHY, Optional.empty()).path("embeds").get(0);
        assertEquals("api-health is UNHEALTHY", embed.path("title").asText());
        assertEquals(DiscordMessage.RED, embed.path("color").asInt());
        assertEquals("latencyMs \\< 500 failed: was 812; latency 812 ms", embed.path("description").asText(),
                "escaped: what a check measured shows as typed");
        assertEquals(List.of("Status: UNHEALTHY (was HEALTHY)", "Check type: http", "Threshold: latencyMs \\< 500",
                "Latency: 812 ms", "Measured: connected: true, status: 200", "Check id: `chk_x`"), fields(embed));
        assertFalse(embed.toString().contains("heartbeat") || embed.toString().contains("Expected every"), embed.toString());

        var degraded = DiscordMessage.payload(CHECK_DEGRADED, Optional.empty()).path("embeds").get(0);
        assertEquals("api-health is DEGRADED", degraded.path("title").asText());
        assertTrue(fields(degraded).contains("Threshold: latencyMs \\< 300"), fields(degraded).toString());
        var recovered = DiscordMessage.payload(CHECK_RECOVERED, Optional.empty()).path("embeds").get(0);
        assertEquals("api-health is HEALTHY again", recovered.path("title").asText());
        assertEquals(DiscordMessage.GREEN, recovered.path("color").asInt());
        assertEquals("Status: HEALTHY (was UNHEALTHY)", fields(recovered).get(0));
        assertTrue(fields(recovered).stream().noneMatch(f -> f.startsWith("Threshold")), fields(recovered).toString());
    }

    private static List<String> fields(JsonNode embed) {
        List<String> fields = new ArrayList<>();
        embed.path("fields").forEach(field -> fields.add(field.path("name").asText() + ": " + field.path("value").asText()));
        return fields;
    }

    @Test
    void aChannelTestIsAGreyEmbedThatSaysItIsATest() {
        var payload = DiscordMessage.payload(CHANNEL_TEST, Optional.empty());
        var embed = payload.path("embeds").get(0);
        assertEquals("Test alert from Vigil: channel ops room works", embed.path("title").asText());
        assertEquals(dev.vigil.notify.AlertText.TEST_EXPLANATION, embed.path("description").asText());
        assertEquals(DiscordMessage.GREY, embed.path("color").asInt());
        assertEquals("Vigil · test alert " + CHANNEL_TEST.eventId(), embed.path("footer").path("text").asText());
        assertTrue(fields(embed).isEmpty(), "no heartbeat fields: " + fields(embed));
        assertEquals(0, payload.path("allowed_mentions").path("parse").size(), "pings nobody");
    }
}
