package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.fixtures.RecordingBus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/channels/{id}/test}: a test alert for one channel is put on the bus as alerts are, for that
 * channel alone; a read-only key, another tenant, a disabled channel and a second test within ten seconds are
 * refused, and nothing is put on the bus then.
 */
class ChannelTestApiTest {
    private AdminApiHarness api;
    private RecordingBus bus;

    @BeforeEach
    void emptyTables() {
        api = new AdminApiHarness();
        bus = (RecordingBus) api.platform.bus();
    }

    private String channel(Map<String, String> headers, String name) throws IOException {
        AdminApiHarness.Answer created = api.call("POST", "/api/channels", "{\"type\":\"slack\",\"name\":\"" + name
                + "\",\"settings\":{\"webhookUrl\":\"" + ChannelsApiTest.SLACK_URL + "\"}}", headers);
        assertEquals(201, created.status(), created.toString());
        return created.json().path("id").asText();
    }

    @Test
    void aTestIsPutOnTheBusForThatChannelAloneAnswering202WithItsIds() throws IOException {
        String id = channel(Map.of(), "ops room");

        JsonNode answer = api.send("POST", "/api/channels/" + id + "/test", null, 202);

        assertEquals(1, bus.published.size(), bus.published.toString());
        AlertEvent test = bus.published.get(0);
        assertEquals(AlertType.CHANNEL_TEST, test.type());
        assertEquals(List.of(id), test.channels(), "routed to the channel tested, and no other");
        assertEquals(id, test.applicationId());
        assertEquals("default", test.tenantId());
        assertEquals("Test alert from Vigil: channel ops room works", test.note().orElseThrow());
        assertEquals(test.eventId(), answer.path("eventId").asText());
        assertEquals(test.eventId() + "#" + id, answer.path("notificationId").asText());
        assertEquals("Test alert from Vigil: channel ops room works", answer.path("message").asText());
        assertEquals("/api/notifications?channel=" + id, answer.path("deliveries").asText());
    }

    @Test
    void aSecondTestWithinTenSecondsIs429AndOneAfterThemGoes() throws IOException {
        String id = channel(Map.of(), "ops");
        api.send("POST", "/api/channels/" + id + "/test", null, 202);
        api.clock.advance(Duration.ofSeconds(4));

        AdminApiHarness.Answer again = api.call("POST", "/api/channels/" + id + "/test", null, Map.of());

        assertEquals(429, again.status(), again.toString());
        assertEquals("6", again.headers().get("retry-after"));
        assertTrue(again.error().contains("at most one every 10 s"), again.error());
        assertEquals(1, bus.published.size(), "nothing more on the bus");

        api.clock.advance(Duration.ofSeconds(6));
        api.send("POST", "/api/channels/" + id + "/test", null, 202);
        assertEquals(2, bus.published.size());
    }

    @Test
    void aDisabledChannelIs409AndSendsNothing() throws IOException {
        String id = channel(Map.of(), "ops");
        api.send("PUT", "/api/channels/" + id, "{\"enabled\":false}", 200);

        AdminApiHarness.Answer answer = api.call("POST", "/api/channels/" + id + "/test", null, Map.of());

        assertEquals(409, answer.status(), answer.toString());
        assertTrue(answer.error().contains("is disabled") && answer.error().contains("enable it first"), answer.error());
        assertEquals(List.of(), bus.published);
    }

    @Test
    void aReadOnlyKeyIs403AndAnotherTenantsChannelIs404() throws IOException {
        String acme = api.tenant("acme");
        String globex = api.tenant("globex");
        String acmeAdmin = api.key(acme, "admin");
        String acmeChannel = channel(Map.of("authorization", "Bearer " + acmeAdmin), "acme ops");
        String globexChannel = channel(Map.of("authorization", "Bearer " + api.key(globex, "admin")), "globex ops");

        assertEquals(403, api.callAs(api.key(acme, "read-only"), "POST", "/api/channels/" + acmeChannel + "/test", null).status());
        AdminApiHarness.Answer foreign = api.callAs(acmeAdmin, "POST", "/api/channels/" + globexChannel + "/test", null);
        assertEquals(404, foreign.status(), foreign.toString());
        assertEquals(404, api.callAs(acmeAdmin, "POST", "/api/channels/ch_zzzzzzzzzzzz/test", null).status());
        assertEquals(404, api.callAs(acmeAdmin, "POST", "/api/channels/not-an-id/test", null).status());
        assertEquals(List.of(), bus.published, "nothing on the bus for a refused test");

        api.callAs(acmeAdmin, "POST", "/api/channels/" + acmeChannel + "/test", null);
        assertEquals(acme, bus.published.get(0).tenantId(), "the test is the channel's tenant's");
    }

    @Test
    void aBusThatRefusesTheTestIs503AndTheNextTestMayGoAtOnce() throws IOException {
        String id = channel(Map.of(), "ops");
        bus.failing = true;

        AdminApiHarness.Answer refused = api.call("POST", "/api/channels/" + id + "/test", null, Map.of());

        assertEquals(503, refused.status(), refused.toString());
        bus.failing = false;
        api.send("POST", "/api/channels/" + id + "/test", null, 202);
        assertEquals(1, bus.published.size());
    }
}
