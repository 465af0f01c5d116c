package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ChannelType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Deleting a channel that applications route to would leave their alerts with nowhere to go: it is
 * refused with 409 naming them, unless {@code ?detach=true} takes the channel out of their lists first.
 */
class ChannelDeletionTest {
    private static final String WEBHOOK = "https://hooks.slack.com/services/T0001/B0001/abcdefghijklmnopWXYZ";

    private final AdminApiHarness api = new AdminApiHarness();

    private String channel(String name) throws IOException {
        return api.send("POST", "/api/channels", "{\"type\":\"slack\",\"name\":\"" + name + "\",\"settings\":"
                + "{\"webhookUrl\":\"" + WEBHOOK + "\"}}", 201).path("id").asText();
    }

    private String application(String name, String... channels) throws IOException {
        String routed = channels.length == 0 ? "" : "\"" + String.join("\",\"", channels) + "\"";
        return api.send("POST", "/api/applications", "{\"name\":\"" + name + "\",\"intervalSeconds\":60,\"channels\":["
                + routed + "]}", 201).path("id").asText();
    }

    @Test
    void aChannelApplicationsRouteToGets409NamingThemAndNothingChanges() throws IOException {
        String ops = channel("ops");
        String other = channel("other");
        String billing = application("billing", ops);
        String api1 = application("api", other, ops);
        application("unrelated", other);

        AdminApiHarness.Answer refused = api.call("DELETE", "/api/channels/" + ops, null, Map.of());

        assertEquals(409, refused.status(), refused.toString());
        assertEquals(2, refused.json().path("applicationCount").asInt());
        List<String> listed = new ArrayList<>();
        refused.json().path("applications").forEach(app -> listed.add(app.path("id").asText() + "=" + app.path("name").asText()));
        assertEquals(Set.of(billing + "=billing", api1 + "=api"), Set.copyOf(listed));
        assertTrue(refused.error().contains(billing) && refused.error().contains("billing") && refused.error().contains("detach=true"),
                refused.error());
        api.send("GET", "/api/channels/" + ops, null, 200);
        assertEquals(WEBHOOK, api.secrets.get(ChannelType.SLACK, ops).get("webhookUrl"), "its secrets are kept");
        assertEquals(ops, api.send("GET", "/api/applications/" + billing, null, 200).path("channels").path(0).asText());
    }

    @Test
    void theConflictListsTwentyApplicationsAndCountsThemAll() throws IOException {
        String ops = channel("ops");
        for (int i = 0; i < 23; i++) {
            application("app-" + i, ops);
        }

        AdminApiHarness.Answer refused = api.call("DELETE", "/api/channels/" + ops, null, Map.of());

        assertEquals(409, refused.status());
        assertEquals(23, refused.json().path("applicationCount").asInt());
        assertEquals(20, refused.json().path("applications").size());
    }

    @Test
    void detachTakesTheChannelOutOfEveryApplicationThenDeletesIt() throws IOException {
        String ops = channel("ops");
        String other = channel("other");
        String billing = application("billing", ops);
        String both = application("both", other, ops);

        assertEquals(204, api.call("DELETE", "/api/channels/" + ops + "?detach=true", null, Map.of()).status());

        api.send("GET", "/api/channels/" + ops, null, 404);
        assertEquals(Map.of(), api.secrets.get(ChannelType.SLACK, ops));
        JsonNode alone = api.send("GET", "/api/applications/" + billing, null, 200);
        assertEquals(0, alone.path("channels").size(), "left with none, it goes back to the default channels");
        assertEquals(2, alone.path("version").asLong(), "detaching is a versioned write");
        JsonNode rest = api.send("GET", "/api/applications/" + both, null, 200);
        assertEquals(1, rest.path("channels").size());
        assertEquals(other, rest.path("channels").path(0).asText());
    }

    @Test
    void aChannelNoApplicationRoutesToIsDeleted() throws IOException {
        String ops = channel("ops");
        application("default-routed");

        assertEquals(204, api.call("DELETE", "/api/channels/" + ops, null, Map.of()).status());
        api.send("GET", "/api/channels/" + ops, null, 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "TRUE"})
    void detachMustBeTrueOrFalse(String value) throws IOException {
        String ops = channel("ops");
        application("billing", ops);

        AdminApiHarness.Answer answer = api.call("DELETE", "/api/channels/" + ops + "?detach=" + value, null, Map.of());

        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.error().contains("detach"), answer.error());
        api.send("GET", "/api/channels/" + ops, null, 200);
    }
}
