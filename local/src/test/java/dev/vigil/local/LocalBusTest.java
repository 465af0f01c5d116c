package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.fixtures.SampleAlerts;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.SamTemplate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The local bus routes each alert by the template's rules, as EventBridge does once deployed. */
class LocalBusTest {
    private static final Set<String> NOTIFIERS = Set.of("NotifySnsFunction", "NotifyInAppFunction", "NotifySlackFunction",
            "NotifyDiscordFunction", "NotifyPagerDutyFunction", "NotifyWebhookFunction", "NotifyWhatsAppFunction");

    @Test
    void everyNotifierGetsCheckAlertsAsItGetsApplicationAlerts() {
        Map<String, Set<String>> received = new TreeMap<>();
        try (LocalBus bus = new LocalBus(0)) {
            for (SamTemplate.Function function : SamTemplate.load().functions()) {
                for (SamTemplate.Trigger trigger : function.triggers()) {
                    if (trigger.type().equals("EventBridgeRule")) {
                        bus.addRule(function.logicalId() + "." + trigger.name(), trigger.properties().path("Pattern"),
                                new LocalFunction(function.logicalId(), recording(function.logicalId(), received), 10, 128));
                    }
                }
            }
            for (AlertEvent event : List.of(SampleAlerts.CHECK_UNHEALTHY, SampleAlerts.CHECK_RECOVERED, SampleAlerts.DOWN)) {
                bus.publish(event);
            }
        }

        assertEquals(NOTIFIERS, received.keySet(), "the functions the rules deliver to");
        received.forEach((function, types) -> assertEquals(Set.of("CheckStatusChanged", "ApplicationDown"), types, function));
        assertEquals("vigil:check/" + SampleAlerts.CHECK_ID,
                LocalBus.envelope(SampleAlerts.CHECK_UNHEALTHY).path("resources").path(0).asText());
    }

    private static RequestStreamHandler recording(String function, Map<String, Set<String>> received) {
        return (in, out, context) -> {
            JsonNode envelope = Json.read(in);
            synchronized (received) {
                received.computeIfAbsent(function, f -> new TreeSet<>()).add(envelope.path("detail-type").asText());
            }
            out.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        };
    }
}
