package dev.vigil.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
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

    /** Streams with jackson-core only: reading a request never builds the data-binding machinery. */
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Reads the event with a streaming parser, keeping only the parts above and skipping the rest, so
     * the request path pays neither for a JSON tree nor for data binding.
     */
    public static HttpRequest read(InputStream input) throws IOException {
        Event e = new Event();
        try (JsonParser parser = JSON.createParser(input)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("an API Gateway event must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "routeKey" -> e.routeKey = text(parser, value);
                    case "rawPath" -> e.rawPath = text(parser, value);
                    case "body" -> e.body = text(parser, value);
                    case "isBase64Encoded" -> e.base64 = value == JsonToken.VALUE_TRUE;
                    case "headers" -> strings(parser, value, e.headers, true);
                    case "queryStringParameters" -> strings(parser, value, e.query, false);
                    case "pathParameters" -> strings(parser, value, e.pathParameters, false);
                    case "requestContext" -> requestContext(parser, value, e);
                    default -> parser.skipChildren();
                }
            }
        }
        String method = (e.method == null ? "GET" : e.method).toUpperCase(Locale.ROOT);
        String path = e.path != null ? e.path : e.rawPath != null ? e.rawPath : "/";
        Optional<String> body = Optional.ofNullable(e.body);
        if (e.base64 && e.body != null) {
            try {
                body = Optional.of(new String(Base64.getDecoder().decode(e.body), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notBase64) {
                body = Optional.of("");
            }
        }
        return new HttpRequest(e.routeKey != null ? e.routeKey : method + " " + path, method, path, e.headers, e.query,
                e.pathParameters, body, Optional.ofNullable(e.sourceIp), Optional.ofNullable(e.domainName),
                e.requestId != null ? e.requestId : "");
    }

    /** The parts of the event read so far. */
    private static final class Event {
        String routeKey;
        String rawPath;
        String body;
        boolean base64;
        String method;
        String path;
        String sourceIp;
        String domainName;
        String requestId;
        final Map<String, String> headers = new HashMap<>();
        final Map<String, String> query = new HashMap<>();
        final Map<String, String> pathParameters = new HashMap<>();
    }

    private static void requestContext(JsonParser parser, JsonToken value, Event e) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "domainName" -> e.domainName = text(parser, token);
                case "requestId" -> e.requestId = text(parser, token);
                case "http" -> {
                    if (token != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        continue;
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken t = parser.nextToken();
                        switch (name) {
                            case "method" -> e.method = text(parser, t);
                            case "path" -> e.path = text(parser, t);
                            case "sourceIp" -> e.sourceIp = text(parser, t);
                            default -> parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    /** An object of scalar values as strings (names lower-cased for headers); null or absent: nothing. */
    private static void strings(JsonParser parser, JsonToken value, Map<String, String> into, boolean lowerCaseNames)
            throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            String text = text(parser, token);
            if (text != null) {
                into.put(lowerCaseNames ? name.toLowerCase(Locale.ROOT) : name, text);
            }
        }
    }

    /** A scalar as text; null for null; a nested value is skipped and read as null. */
    private static String text(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token.isStructStart()) {
            parser.skipChildren();
            return null;
        }
        return parser.getText();
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
