package dev.vigil.admin;

import static dev.vigil.admin.AdminApiHandlerTest.request;
import static dev.vigil.admin.AdminApiHandlerTest.withBody;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.RecordingBus;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The admin function on empty tables of the template, with the sample key and an in-memory secret
 * store, called as API Gateway would call it.
 */
final class AdminApiHarness {
    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(AdminApiHandlerTest.NOW);
    final InMemorySecretStore secrets = new InMemorySecretStore();
    /** What webhook hosts resolve to; any other name does not resolve. No test reaches a real DNS. */
    final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    final Platform platform;
    final AdminApiHandler handler;

    AdminApiHarness() {
        db.reset();
        SamTemplate template = SamTemplate.load();
        Map<String, String> env = new HashMap<>(template.environment(template.function("AdminApiFunction").orElseThrow(), Map.of()));
        platform = Platform.builder(Env.of(env)).clock(clock).dynamo(db.client()).bus(new RecordingBus()).build();
        handler = new AdminApiHandler(platform, secrets, new AdminKey(AdminApiHandlerTest.ADMIN_KEY), host -> {
            List<InetAddress> answer = dns.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            return answer;
        });
    }

    /** Sends a request with the admin key and checks its status; returns the JSON body ({} when empty). */
    JsonNode send(String method, String path, String body, int expectedStatus) throws IOException {
        ObjectNode event = request(method, path);
        if (body != null) {
            withBody(event, body);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        JsonNode response = Json.MAPPER.readTree(out.toByteArray());
        assertEquals(expectedStatus, response.path("statusCode").asInt(), response.toString());
        String text = response.path("body").asText();
        return text.isEmpty() ? Json.object() : Json.MAPPER.readTree(text);
    }

    int count(String table) {
        return db.client().scan(s -> s.tableName(table)).count();
    }
}
