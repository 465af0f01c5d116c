package dev.vigil.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response in the API Gateway HTTP API (payload 2.0) format; bodies are JSON. */
public record HttpResponse(int statusCode, Map<String, String> headers, String body) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json",
            "cache-control", "no-store");

    /** A JSON body, written from a tree (or any value Jackson can write). */
    public static HttpResponse json(int status, Object body) {
        return json(status, Json.write(body));
    }

    /** A body that is already JSON text. */
    public static HttpResponse json(int status, String body) {
        return new HttpResponse(status, JSON_HEADERS, body);
    }

    /** {@code {"error": message}}. */
    public static HttpResponse error(int status, String message) {
        return json(status, "{\"error\":" + quoted(message) + "}");
    }

    public static HttpResponse empty(int status) {
        return new HttpResponse(status, Map.of("cache-control", "no-store"), "");
    }

    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(statusCode, copy, body);
    }

    /** Writes the response event Lambda hands back to API Gateway, with a streaming generator. */
    public void writeEvent(OutputStream out) throws IOException {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", statusCode);
            json.writeObjectFieldStart("headers");
            for (Map.Entry<String, String> header : headers.entrySet()) {
                json.writeStringField(header.getKey(), header.getValue());
            }
            json.writeEndObject();
            json.writeStringField("body", body);
            json.writeBooleanField("isBase64Encoded", false);
            json.writeEndObject();
        }
    }

    /** {@code text} as a JSON string literal. */
    private static String quoted(String text) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
