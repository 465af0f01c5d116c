package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * The HTTP API of the template served on one port: each request is matched against the template's
 * routes, turned into the API Gateway payload 2.0 event, and the function's response is sent back.
 * Unmatched requests get 404 {@code {"message":"Not Found"}}, as API Gateway answers. A greedy path
 * variable ({@code /ui/{proxy+}}) matches the rest of the path; a base64-encoded response body is sent
 * as its bytes.
 */
final class LocalHttpApi implements AutoCloseable {
    /** API Gateway HTTP APIs accept up to 10 MB; the local server stops reading at 1 MB. */
    static final int MAX_BODY = 1024 * 1024;

    private final List<Route> routes = new ArrayList<>();
    private final HttpServer server;

    record Route(String method, String pathTemplate, String[] segments, LocalFunction function) {
        Optional<Map<String, String>> match(String method, String path) {
            if (!this.method.equals(method)) {
                return Optional.empty();
            }
            String[] parts = path.split("/", -1);
            String last = segments[segments.length - 1];
            boolean greedy = last.startsWith("{") && last.endsWith("+}");
            if (greedy ? parts.length < segments.length : parts.length != segments.length) {
                return Optional.empty();
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (greedy) {
                // {name+} takes the rest of the path, slashes and all, as API Gateway's greedy variable does.
                String rest = String.join("/", Arrays.copyOfRange(parts, segments.length - 1, parts.length));
                if (rest.isEmpty()) {
                    return Optional.empty();
                }
                params.put(last.substring(1, last.length() - 2), URLDecoder.decode(rest, StandardCharsets.UTF_8));
            }
            for (int i = 0; i < (greedy ? segments.length - 1 : parts.length); i++) {
                String segment = segments[i];
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    if (parts[i].isEmpty()) {
                        return Optional.empty();
                    }
                    params.put(segment.substring(1, segment.length() - 1), URLDecoder.decode(parts[i], StandardCharsets.UTF_8));
                } else if (!segment.equals(parts[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(params);
        }
    }

    LocalHttpApi(int port) throws IOException {
        this(RunnerConfig.DEFAULT_HOST, port);
    }

    /** Listening on {@code host} (an address of this machine, or 0.0.0.0 for all of them). */
    LocalHttpApi(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::serve);
    }

    void addRoute(String method, String path, LocalFunction function) {
        routes.add(new Route(method.toUpperCase(Locale.ROOT), path, path.split("/", -1), function));
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = uri.getRawPath();
            for (Route route : routes) {
                Optional<Map<String, String>> params = route.match(method, path);
                if (params.isPresent()) {
                    byte[] body = readBody(exchange.getRequestBody());
                    if (body == null) {
                        respond(exchange, 413, Map.of("content-type", "application/json"),
                                "{\"message\":\"Request Entity Too Large\"}");
                        return;
                    }
                    JsonNode response = route.function().invoke(event(exchange, route, params.get(), body));
                    Map<String, String> headers = new LinkedHashMap<>();
                    response.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
                    String responseBody = response.path("body").asText("");
                    respond(exchange, response.path("statusCode").asInt(500), headers,
                            response.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(responseBody)
                                    : responseBody.getBytes(StandardCharsets.UTF_8));
                    return;
                }
            }
            respond(exchange, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}");
        } catch (RuntimeException e) {
            System.err.println("[http] function invocation failed: " + e);
            respond(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
        }
    }

    private ObjectNode event(HttpExchange exchange, Route route, Map<String, String> params, byte[] body) {
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        ObjectNode event = Json.object();
        String routeKey = method + " " + route.pathTemplate();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", uri.getRawPath());
        event.put("rawQueryString", uri.getRawQuery() == null ? "" : uri.getRawQuery());
        ObjectNode headers = event.putObject("headers");
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            ObjectNode query = event.putObject("queryStringParameters");
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key, query.has(key) ? query.get(key).asText() + "," + value : value);
            }
        }
        if (!params.isEmpty()) {
            ObjectNode pathParameters = event.putObject("pathParameters");
            params.forEach(pathParameters::put);
        }
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", exchange.getRequestHeaders().getFirst("Host") == null
                ? "localhost:" + port() : exchange.getRequestHeaders().getFirst("Host"));
        ObjectNode http = context.putObject("http");
        http.put("method", method);
        http.put("path", uri.getRawPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", Optional.ofNullable(exchange.getRequestHeaders().getFirst("User-Agent")).orElse(""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("timeEpoch", Instant.now().toEpochMilli());
        if (body.length > 0) {
            event.put("body", new String(body, StandardCharsets.UTF_8));
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : body;
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        respond(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A function's answer: text, or the bytes of a base64-encoded body (a gzipped file of the dashboard). */
    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] bytes) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = bytes.length == 0 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod()) || status == 204;
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
