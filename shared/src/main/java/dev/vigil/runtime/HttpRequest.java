package dev.vigil.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an API Gateway HTTP API (payload 2.0) event that the functions use. {@code routeKey} is
 * the route API Gateway matched ({@code "GET /api/applications/{id}"}), with its path parameters.
 */
public record HttpRequest(
        String routeKey,
        String method,
        String path,
        Map<String, String> headers,
        Map<String, String> query,
        Map<String, String> pathParameters,
        Optional<String> body,
        Optional<String> sourceIp,
        Optional<String> domainName,
        String requestId) {

    public static HttpRequest fromEvent(JsonNode event) {
        JsonNode http = event.path("requestContext").path("http");
        String method = http.path("method").asText("GET").toUpperCase(Locale.ROOT);
        String path = http.path("path").asText(event.path("rawPath").asText("/"));
        Map<String, String> headers = new HashMap<>();
        event.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().asText()));
        Optional<String> body = Optional.empty();
        JsonNode bodyNode = event.get("body");
        if (bodyNode != null && !bodyNode.isNull()) {
            String text = bodyNode.asText();
            if (event.path("isBase64Encoded").asBoolean(false)) {
                try {
                    text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    text = "";
                }
            }
            body = Optional.of(text);
        }
        return new HttpRequest(event.path("routeKey").asText(method + " " + path), method, path, headers, strings(event.path("queryStringParameters")),
                strings(event.path("pathParameters")), body,
                Optional.ofNullable(http.path("sourceIp").textValue()),
                Optional.ofNullable(event.path("requestContext").path("domainName").textValue()),
                event.path("requestContext").path("requestId").asText(""));
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> values = new HashMap<>();
        node.fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText()));
        return values;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    public Optional<String> pathParam(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }
}
