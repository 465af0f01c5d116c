package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

/** The admin API of a started local runner as the end-to-end tests call it: each answer with its status and JSON. */
final class RunnerApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode json) {
    }

    /** A tenant's id and an admin key of it. */
    record TenantKey(String tenantId, String key) {
    }

    private RunnerApi() {
    }

    static Answer call(LocalRunner runner, String key, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + runner.port() + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isBlank() ? Json.object() : Json.parse(response.body()));
    }

    /** The tenant Acme (Europe/Paris), created with the operator's key, and an admin key of it named keyName. */
    static TenantKey acmeWithAdminKey(LocalRunner runner, String operatorKey, String keyName) throws Exception {
        Answer tenant = call(runner, operatorKey, "POST", "/api/tenants", "{\"name\":\"Acme\",\"timezone\":\"Europe/Paris\"}");
        assertEquals(201, tenant.status(), tenant.toString());
        String tenantId = tenant.json().path("id").asText();
        Answer key = call(runner, operatorKey, "POST", "/api/tenants/" + tenantId + "/keys",
                "{\"name\":\"" + keyName + "\",\"role\":\"admin\"}");
        assertEquals(201, key.status(), key.toString());
        return new TenantKey(tenantId, key.json().path("key").asText());
    }
}
