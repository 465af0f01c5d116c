package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every route of the admin function, taken from its own route table so that a new route is covered
 * the day it is added, with every kind of key: no key, wrong keys, revoked and unknown tenant keys get
 * 401; the operator's key gets past authentication everywhere; a tenant's admin key everywhere but the
 * operator's routes (403); a read-only key only on GET routes of its tenant (403 elsewhere); a public route
 * (Vigil's own pulse) answers 200 whatever is sent (a badge nobody was issued, 404); a route that takes its key
 * from its path ignores the header (401 without a key there). A refused request writes nothing. Each request comes from its own address, so the failed-authentication limit
 * stays out of the way.
 */
class AuthMatrixTest {
    /** What a request presents. */
    enum Key { NONE, WRONG, WRONG_SCHEME, REVOKED_TENANT_KEY, UNKNOWN_TENANT_KEY, OPERATOR, TENANT_ADMIN, TENANT_READ_ONLY }

    private final AdminApiHarness api = new AdminApiHarness();
    private final AtomicInteger sources = new AtomicInteger();
    private String tenantId;
    private Map<Key, Optional<String>> authorization;

    @TestFactory
    Stream<DynamicTest> everyRouteWithEveryKindOfKey() throws IOException {
        tenantId = api.tenant("acme");
        String revoked = api.key(tenantId, "admin");
        String revokedId = api.send("GET", "/api/tenants/" + tenantId + "/keys", null, 200).path("keys").get(0).path("id").asText();
        api.send("DELETE", "/api/tenants/" + tenantId + "/keys/" + revokedId, null, 204);
        authorization = Map.of(
                Key.NONE, Optional.empty(),
                Key.WRONG, Optional.of("Bearer not-the-admin-key-at-all"),
                Key.WRONG_SCHEME, Optional.of("Basic " + AdminApiHandlerTest.ADMIN_KEY),
                Key.REVOKED_TENANT_KEY, Optional.of("Bearer " + revoked),
                Key.UNKNOWN_TENANT_KEY, Optional.of("Bearer " + TenantKeys.generate()),
                Key.OPERATOR, Optional.of("Bearer " + AdminApiHandlerTest.ADMIN_KEY),
                Key.TENANT_ADMIN, Optional.of("Bearer " + api.key(tenantId, "admin")),
                Key.TENANT_READ_ONLY, Optional.of("Bearer " + api.key(tenantId, "read-only")));
        // The tenant keeps an application, so the operator's DELETE of it is refused and its keys keep working.
        api.call("POST", "/api/applications", "{\"name\":\"kept\",\"intervalSeconds\":60}",
                Map.of("authorization", authorization.get(Key.TENANT_ADMIN).orElseThrow()));

        List<String> routes = api.handler.routeKeys().stream().sorted().toList();
        assertTrue(routes.size() >= 29, "the route table: " + routes);
        assertTrue(routes.containsAll(api.handler.operatorRouteKeys()));
        assertEquals(Set.of("GET /system/health", "GET /system/health/badge.svg", "GET /api/openapi.json", "GET /badge/{badge}",
                "GET /badge/{badge}/uptime.svg", "GET /badge/{badge}/uptime.json", "GET /badge/{badge}/uptime.shields"),
                api.handler.publicRouteKeys());
        assertEquals(Set.of("GET /metrics/{key}"), api.handler.keyInPathRouteKeys());
        return routes.stream().flatMap(route -> Stream.of(Key.values()).map(key ->
                DynamicTest.dynamicTest(route + " with " + key.name().toLowerCase().replace('_', ' '), () -> check(route, key))));
    }

    private void check(String route, Key key) throws IOException {
        String method = route.substring(0, route.indexOf(' '));
        String template = route.substring(route.indexOf(' ') + 1);
        String id = template.startsWith("/api/channels") ? "ch_k3v9x2m7q4pa" : template.startsWith("/api/checks") ? "chk_k3v9x2m7q4pa"
                : template.startsWith("/api/tenants") || template.startsWith("/api/health/tenants") ? tenantId : "app_k3v9x2m7q4pa";
        ObjectNode event = AdminApiHandlerTest.request(method, template.replace("{id}", id).replace("{keyId}", "key_k3v9x2m7q4pa").replace("{service}", "api")
                .replace("{tag}", "prod").replace("{badge}", "bdg_k3v9x2m7q4pak3v9x2m7q4pak3.svg"));
        assertEquals(route, event.path("routeKey").asText(), "the route is matched as API Gateway matches it");
        ObjectNode headers = (ObjectNode) event.get("headers");
        headers.remove("authorization");
        authorization.get(key).ifPresent(value -> headers.put("authorization", value));
        ((ObjectNode) event.path("requestContext").path("http")).put("sourceIp", "198.51.100." + sources.incrementAndGet() % 250);
        if (method.equals("POST") || method.equals("PUT")) {
            AdminApiHandlerTest.withBody(event, template.startsWith("/api/channels") ? "{\"type\":\"sns\",\"name\":\"ops\"}"
                    : template.startsWith("/api/checks") ? "{\"type\":\"tcp\",\"name\":\"db\",\"settings\":{\"host\":\"db.example.com\",\"port\":5432}}"
                    : template.endsWith("/thresholds") ? "{\"tcp\":[\"latencyMs < 100\"]}"
                    : template.endsWith("/keys") ? "{\"name\":\"ci\",\"role\":\"admin\"}"
                    : template.startsWith("/api/tenants") ? "{\"name\":\"globex\"}" : "{\"name\":\"billing\",\"intervalSeconds\":60}");
        }
        int itemsBefore = items();

        AdminApiHarness.Answer answer = api.invoke(event);

        if (api.handler.publicRouteKeys().contains(route)) {
            // A badge key nobody was issued is not found, whatever key is sent.
            assertEquals(route.startsWith("GET /badge/") ? 404 : 200, answer.status(), "a public route answers whatever key is sent: " + answer);
            assertEquals(itemsBefore, items(), "a public route writes nothing");
            return;
        }
        if (api.handler.keyInPathRouteKeys().contains(route)) {
            assertEquals(401, answer.status(), "a route with the key in its path ignores the Authorization header: " + answer);
            assertEquals(itemsBefore, items(), "a refused request writes nothing");
            return;
        }
        boolean operatorRoute = api.handler.operatorRouteKeys().contains(route);
        switch (key) {
            case NONE, WRONG, WRONG_SCHEME, REVOKED_TENANT_KEY, UNKNOWN_TENANT_KEY -> {
                assertEquals(401, answer.status(), answer.toString());
                assertEquals("Bearer", answer.headers().get("www-authenticate"));
                assertTrue(answer.error().contains("admin key"), answer.toString());
                assertEquals(itemsBefore, items(), "a refused request writes nothing");
            }
            case OPERATOR -> assertFalse(answer.status() == 401 || answer.status() == 403, answer.toString());
            case TENANT_ADMIN -> refusedOnlyIf(operatorRoute, answer, itemsBefore);
            case TENANT_READ_ONLY -> refusedOnlyIf(operatorRoute || !method.equals("GET"), answer, itemsBefore);
        }
        assertTrue(answer.status() < 500, answer.toString());
    }

    /** 403 and nothing written when {@code refused}; otherwise past authentication and authorization. */
    private void refusedOnlyIf(boolean refused, AdminApiHarness.Answer answer, int itemsBefore) {
        if (refused) {
            assertEquals(403, answer.status(), answer.toString());
            assertEquals(itemsBefore, items(), "a refused request writes nothing");
        } else {
            assertFalse(answer.status() == 401 || answer.status() == 403, answer.toString());
        }
    }

    private int items() {
        return api.count("ApplicationsTable") + api.count("ChannelsTable") + api.count("TenantsTable") + api.count("ApiKeysTable")
                + api.count("ChecksTable");
    }
}
