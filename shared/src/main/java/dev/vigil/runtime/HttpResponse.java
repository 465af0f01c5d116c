package dev.vigil.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A response in the API Gateway HTTP API (payload 2.0) format; bodies are JSON text, or bytes sent
 * base64-encoded ({@code isBase64Encoded}) such as a gzipped file.
 */
public record HttpResponse(int statusCode, Map<String, String> headers, String body, boolean base64Encoded) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, String> JSON_HEADERS = Map.of("content-type", "application/json",
            "cache-control", "no-store");

    /** A text body. */
    public HttpResponse(int statusCode, Map<String, String> headers, String body) {
        this(statusCode, headers, body, false);
    }

    /** Bytes, sent base64-encoded as API Gateway expects them. */
    public static HttpResponse binary(int status, Map<String, String> headers, byte[] body) {
        return new HttpResponse(status, headers, java.util.Base64.getEncoder().encodeToString(body), true);
    }

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
        return new HttpResponse(statusCode, copy, body, base64Encoded);
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
            json.writeBooleanField("isBase64Encoded", base64Encoded);
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
