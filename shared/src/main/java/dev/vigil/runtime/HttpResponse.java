package dev.vigil.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response in the API Gateway HTTP API (payload 2.0) format; bodies are JSON. */
public record HttpResponse(int statusCode, Map<String, String> headers, String body) {

    public static HttpResponse json(int status, Object body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("cache-control", "no-store");
        return new HttpResponse(status, headers, Json.write(body));
    }

    public static HttpResponse error(int status, String message) {
        return json(status, Json.object().put("error", message));
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, Map.of("cache-control", "no-store"), "");
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(statusCode, copy, body);
    }

    public ObjectNode toEvent() {
        ObjectNode node = Json.object();
        node.put("statusCode", statusCode);
        ObjectNode h = node.putObject("headers");
        headers.forEach(h::put);
        node.put("body", body);
        node.put("isBase64Encoded", false);
        return node;
    }
}
