package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every route of the admin function, taken from its own route table so that a new route is covered
 * the day it is added, with no key, a wrong key and the valid key: only the valid key gets past 401,
 * and a refused request writes nothing.
 */
class AuthMatrixTest {
    /** What a request presents, and whether it should get past authentication. */
    enum Key {
        NONE(Optional.empty(), false),
        WRONG(Optional.of("Bearer not-the-admin-key-at-all"), false),
        WRONG_SCHEME(Optional.of("Basic " + AdminApiHandlerTest.ADMIN_KEY), false),
        VALID(Optional.of("Bearer " + AdminApiHandlerTest.ADMIN_KEY), true);

        final Optional<String> authorization;
        final boolean accepted;

        Key(Optional<String> authorization, boolean accepted) {
            this.authorization = authorization;
            this.accepted = accepted;
        }
    }

    private final AdminApiHarness api = new AdminApiHarness();

    @TestFactory
    Stream<DynamicTest> everyRouteWithEveryKindOfKey() {
        List<String> routes = api.handler.routeKeys().stream().sorted().toList();
        assertTrue(routes.size() >= 13, "the route table: " + routes);
        return routes.stream().flatMap(route -> Stream.of(Key.values()).map(key ->
                DynamicTest.dynamicTest(route + " with " + key.name().toLowerCase().replace('_', ' ') + " key",
                        () -> check(route, key))));
    }

    private void check(String route, Key key) throws IOException {
        String method = route.substring(0, route.indexOf(' '));
        String template = route.substring(route.indexOf(' ') + 1);
        String id = template.startsWith("/api/channels") ? "ch_k3v9x2m7q4pa" : "app_k3v9x2m7q4pa";
        ObjectNode event = AdminApiHandlerTest.request(method, template.replace("{id}", id));
        assertEquals(route, event.path("routeKey").asText(), "the route is matched as API Gateway matches it");
        ObjectNode headers = (ObjectNode) event.get("headers");
        headers.remove("authorization");
        key.authorization.ifPresent(value -> headers.put("authorization", value));
        if (method.equals("POST") || method.equals("PUT")) {
            AdminApiHandlerTest.withBody(event, template.startsWith("/api/channels")
                    ? "{\"type\":\"sns\",\"name\":\"ops\"}" : "{\"name\":\"billing\",\"intervalSeconds\":60}");
        }

        int itemsBefore = api.count("ApplicationsTable") + api.count("ChannelsTable");

        AdminApiHarness.Answer answer = api.invoke(event);

        if (key.accepted) {
            assertFalse(answer.status() == 401 || answer.status() == 403, answer.toString());
        } else {
            assertEquals(401, answer.status(), answer.toString());
            assertEquals("Bearer", answer.headers().get("www-authenticate"));
            assertTrue(answer.error().contains("admin key"), answer.toString());
            assertEquals(itemsBefore, api.count("ApplicationsTable") + api.count("ChannelsTable"), "a refused request writes nothing");
        }
        assertTrue(answer.status() < 500, answer.toString());
    }
}
