package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code statuspage}: a vendor's Atlassian Statuspage summary, {@code <page>/api/v2/status.json} (the
 * path is added when {@code url} names the page itself). Measures {@code connected}, {@code status},
 * {@code latencyMs}, {@code indicator} ({@code none}, {@code minor}, {@code major} or {@code critical})
 * and {@code description}. The defaults map the indicator none → healthy, minor → degraded, major and
 * critical → unhealthy.
 */
final class StatusPageCheck implements CheckType, Probe {
    static final String STATUS_PATH = "/api/v2/status.json";
    private static final List<Condition> DEFAULTS = Conditions.of("connected == true",
            "indicator in [\"none\", \"minor\"]", "warn: indicator == \"none\"");

    @Override
    public String name() {
        return "statuspage";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("url");
    }

    @Override
    public void validate(Settings settings) {
        statusUrl(settings);
    }

    /** {@code url} itself when it names a JSON document, else the page's status document under it. */
    static URI statusUrl(Settings settings) {
        URI url = settings.url("url");
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        if (path.endsWith(".json")) {
            return url;
        }
        String base = url.getScheme() + "://" + url.getRawAuthority() + (path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        return URI.create(base + STATUS_PATH);
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("connected", ValueKind.BOOLEAN, "status", ValueKind.NUMBER, "latencyMs", ValueKind.NUMBER,
                "indicator", ValueKind.STRING, "description", ValueKind.STRING);
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }

    @Override
    public Measurement probe(ProbeCall call) throws Outbound.Refused {
        URI url = statusUrl(call.settings());
        HttpProbing.Outcome outcome = HttpProbing.call(call, "GET", url, Map.of("Accept", "application/json"), false, new byte[0]);
        Measurement.Builder measurement = outcome.measurement();
        if (outcome.answer().isEmpty()) {
            return measurement.build();
        }
        Optional<JsonNode> status = Measurement.builder().body(outcome.body()).build().json().map(root -> root.path("status"));
        JsonNode indicator = status.map(s -> s.path("indicator")).orElse(null);
        if (indicator != null && indicator.isTextual()) {
            measurement.text("indicator", indicator.textValue());
            JsonNode description = status.get().path("description");
            if (description.isTextual()) {
                measurement.text("description", description.textValue());
            }
        } else {
            measurement.problem(url.getHost() + " answered " + outcome.answer().get().status() + " without a Statuspage status indicator");
        }
        return measurement.build();
    }
}
