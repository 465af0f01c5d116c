package dev.vigil.checks;

import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.OutboundRules;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code http}: one request to a URL, judged on its status, latency and body. Settings: {@code url},
 * {@code method} (GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS; default GET), {@code headers},
 * {@code secretHeaders} (write-only: API keys and bearer tokens for a tenant's vendor APIs, sent over
 * https only), and {@code body} (for POST, PUT and PATCH). No redirect is followed: a 3xx is the status
 * measured. Measures {@code connected}, {@code status}, {@code latencyMs}, and the first 64 KiB of the
 * body for {@code body contains "..."} and {@code body.$.path} conditions.
 */
final class HttpCheck implements CheckType, Probe {
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final List<Condition> DEFAULTS = Conditions.of("connected == true", "status in [200..299]",
            "warn: latencyMs < 2000");

    @Override
    public String name() {
        return "http";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("url", "method", "headers", "secretHeaders", "body");
    }

    @Override
    public Set<String> secretSettingNames() {
        return Set.of("secretHeaders");
    }

    @Override
    public void validate(Settings settings) {
        URI url = settings.url("url");
        OutboundRules.allowingPrivate().hostProblem(url.getHost().replaceAll("^\\[|\\]$", ""))
                .ifPresent(p -> { throw new InvalidInput("settings.url: the host " + p); });
        if (url.getRawUserInfo() != null) {
            throw new InvalidInput("settings.url must not contain user info (user:password@); use secretHeaders");
        }
        String method = settings.choice("method", "GET", METHODS);
        headers(settings);
        if (settings.has("body") && !(method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            throw new InvalidInput("settings.body is sent with POST, PUT or PATCH only");
        }
        settings.optionalText("body");
    }

    /** The headers to send: the plain ones, then the secret ones; each name and value checked. */
    static Map<String, String> headers(Settings settings) {
        Map<String, String> all = new LinkedHashMap<>(settings.textMap("headers"));
        all.putAll(settings.secretMap("secretHeaders"));
        if (all.size() > 30) {
            throw new InvalidInput("at most 30 headers");
        }
        all.forEach((name, value) -> Outbound.headerProblem(name, value).ifPresent(p -> {
            throw new InvalidInput("settings: " + p);
        }));
        return all;
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("connected", ValueKind.BOOLEAN, "status", ValueKind.NUMBER, "latencyMs", ValueKind.NUMBER);
    }

    @Override
    public boolean readsBody() {
        return true;
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }

    @Override
    public Measurement probe(ProbeCall call) throws Outbound.Refused {
        Settings settings = call.settings();
        URI url = settings.url("url");
        String method = settings.choice("method", "GET", METHODS);
        byte[] body = settings.optionalText("body").map(b -> b.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        HttpProbing.Outcome outcome = HttpProbing.call(call, method, url, headers(settings),
                !settings.secretMap("secretHeaders").isEmpty(), body);
        if (outcome.answer().isPresent()) {
            outcome.measurement().body(outcome.body());
        }
        return outcome.measurement().build();
    }
}
