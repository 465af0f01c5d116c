package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** URL settings of a channel: only absolute http(s) URLs, and an error that never quotes the value. */
class ChannelTargetTest {
    @Test
    void urlSettingIsReadFromSecretsOrPlainSettings() {
        ChannelTarget target = target(Map.of("eventsUrl", "http://127.0.0.1:9000/v2/enqueue"),
                Map.of("webhookUrl", "https://hooks.slack.com/services/T000/B000/XXXX"));

        assertEquals(URI.create("https://hooks.slack.com/services/T000/B000/XXXX"), target.url("webhookUrl"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000/v2/enqueue")), target.optionalUrl("eventsUrl"));
        assertEquals(Optional.empty(), target.optionalUrl("apiBaseUrl"));
    }

    @Test
    void missingRequiredUrlNamesChannelAndSetting() {
        DeliveryException e = assertThrows(DeliveryException.class, () -> target(Map.of(), Map.of()).url("webhookUrl"));

        assertEquals("channel ch_test lacks setting webhookUrl", e.getMessage());
        assertFalse(e.retryable());
    }

    @Test
    void urlThatIsNotAbsoluteHttpFailsPermanentlyWithoutQuotingTheValue() {
        for (String bad : List.of("/services/T000/B000/S3CR3T", "mailto:S3CR3T@example.com", "http://S3CR3T host/",
                "ftp://example.com/S3CR3T", "S3CR3T")) {
            ChannelTarget target = target(Map.of("apiBaseUrl", bad), Map.of("url", bad));
            for (String setting : List.of("url", "apiBaseUrl")) {
                DeliveryException e = assertThrows(DeliveryException.class,
                        () -> target.optionalUrl(setting).orElseThrow(), bad);

                assertFalse(e.retryable(), bad);
                assertEquals(Optional.empty(), e.httpStatus(), bad);
                assertTrue(e.getMessage().contains("ch_test") && e.getMessage().contains(setting), e.getMessage());
                assertFalse(e.getMessage().contains("S3CR3T"), e.getMessage());
            }
            assertThrows(DeliveryException.class, () -> target.url("url"), bad);
        }
    }

    static ChannelTarget target(Map<String, String> settings, Map<String, String> secrets) {
        Channel channel = new Channel("ch_test", ChannelType.WEBHOOK, "Test", true, true, settings, Map.of(),
                Instant.EPOCH, Instant.EPOCH);
        return new ChannelTarget(channel, secrets);
    }
}
