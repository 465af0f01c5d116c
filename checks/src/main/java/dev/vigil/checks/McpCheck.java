package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.PinnedExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mcp}: the opening handshake of a Model Context Protocol server over streamable HTTP — a
 * JSON-RPC {@code initialize} request POSTed to {@code url} — answered as JSON or as a server-sent
 * event stream. Healthy when the server answers with a protocol version and its server info. A session
 * the server opened is ended again (DELETE with its {@code Mcp-Session-Id}) when time allows. Settings:
 * {@code url}, {@code headers}, {@code secretHeaders} (write-only, https only) and {@code protocolVersion}
 * (the version offered; default {@value #PROTOCOL_VERSION}). Measures {@code connected}, {@code status},
 * {@code latencyMs}, {@code initialized}, {@code protocolVersion}, {@code serverName} and {@code serverVersion}.
 */
final class McpCheck implements CheckType, Probe {
    static final String PROTOCOL_VERSION = "2025-06-18";
    private static final Duration MIN_FOR_CLOSE = Duration.ofMillis(200);
    private static final List<Condition> DEFAULTS = Conditions.of("connected == true", "initialized == true");

    @Override
    public String name() {
        return "mcp";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("url", "headers", "secretHeaders", "protocolVersion");
    }

    @Override
    public Set<String> secretSettingNames() {
        return Set.of("secretHeaders");
    }

    @Override
    public void validate(Settings settings) {
        settings.url("url");
        HttpCheck.headers(settings);
        settings.optionalText("protocolVersion");
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("connected", ValueKind.BOOLEAN, "status", ValueKind.NUMBER, "latencyMs", ValueKind.NUMBER,
                "initialized", ValueKind.BOOLEAN, "protocolVersion", ValueKind.STRING, "serverName", ValueKind.STRING,
                "serverVersion", ValueKind.STRING);
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }

    @Override
    public Measurement probe(ProbeCall call) throws Outbound.Refused {
        Settings settings = call.settings();
        URI url = settings.url("url");
        Map<String, String> headers = new LinkedHashMap<>(HttpCheck.headers(settings));
        headers.put("Content-Type", "application/json");
        headers.put("Accept", "application/json, text/event-stream");
        ObjectNode request = Json.object().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize");
        ObjectNode params = request.putObject("params").put("protocolVersion", settings.optionalText("protocolVersion").orElse(PROTOCOL_VERSION));
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "vigil").put("version", "1.0");
        HttpProbing.Outcome outcome = HttpProbing.call(call, "POST", url, headers,
                !settings.secretMap("secretHeaders").isEmpty(), Json.write(request).getBytes(StandardCharsets.UTF_8));
        Measurement.Builder measurement = outcome.measurement();
        if (outcome.answer().isEmpty()) {
            return measurement.build();
        }
        PinnedExchange.Answer answer = outcome.answer().get();
        Optional<JsonNode> reply = reply(answer, outcome.body());
        JsonNode result = reply.map(r -> r.path("result")).orElse(Json.object());
        JsonNode version = result.path("protocolVersion");
        JsonNode server = result.path("serverInfo");
        boolean initialized = version.isTextual() && server.isObject() && server.path("name").isTextual();
        measurement.flag("initialized", initialized);
        if (version.isTextual()) {
            measurement.text("protocolVersion", version.textValue());
        }
        if (server.path("name").isTextual()) {
            measurement.text("serverName", server.path("name").textValue());
        }
        if (server.path("version").isTextual()) {
            measurement.text("serverVersion", server.path("version").textValue());
        }
        if (!initialized) {
            JsonNode error = reply.map(r -> r.path("error")).orElse(Json.object());
            measurement.problem(error.isObject() && !error.isEmpty()
                    ? url.getHost() + " refused to initialize: " + error.path("code").asText("?") + " " + error.path("message").asText("")
                    : url.getHost() + " answered " + answer.status() + " without an initialize result");
        }
        answer.header("Mcp-Session-Id").ifPresent(session -> close(call, url, headers, session));
        return measurement.build();
    }

    /** The JSON-RPC answer to the request (id 1): the body itself, or the event in a server-sent event stream. */
    static Optional<JsonNode> reply(PinnedExchange.Answer answer, String body) {
        boolean stream = answer.header("Content-Type").map(t -> t.toLowerCase(Locale.ROOT).startsWith("text/event-stream")).orElse(false);
        if (!stream) {
            return Measurement.builder().body(body).build().json();
        }
        StringBuilder data = new StringBuilder();
        for (String line : (body + "\n\n").split("\r?\n", -1)) {
            if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
            } else if (line.isEmpty() && !data.isEmpty()) {
                Optional<JsonNode> event = Measurement.builder().body(data.toString()).build().json();
                if (event.isPresent() && event.get().path("id").asInt(-1) == 1) {
                    return event;
                }
                data.setLength(0);
            }
        }
        return Optional.empty();
    }

    /** Ends the session the handshake opened, if there is time; its outcome does not matter to the check. */
    private static void close(ProbeCall call, URI url, Map<String, String> headers, String session) {
        if (call.remaining().compareTo(MIN_FOR_CLOSE) < 0 || Outbound.headerProblem("Mcp-Session-Id", session).isPresent()) {
            return;
        }
        Map<String, String> ending = new LinkedHashMap<>(headers);
        ending.remove("Content-Type");
        ending.put("Mcp-Session-Id", session);
        try {
            call.outbound().http("DELETE", url, ending, new byte[0], call.deadline(), 0);
        } catch (IOException | Outbound.Refused | RuntimeException ignored) {
            // The server will end an idle session by itself.
        }
    }
}
