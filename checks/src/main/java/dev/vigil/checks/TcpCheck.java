package dev.vigil.checks;

import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.OutboundRules;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code tcp}: a TCP connection to {@code host}:{@code port}, closed at once. Measures {@code connected}
 * and {@code latencyMs} (the time to connect, the lookup included).
 */
public final class TcpCheck implements CheckType, Probe {
    private static final List<Condition> DEFAULTS = Conditions.of("connected == true");

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("host", "port");
    }

    @Override
    public void validate(Settings settings) {
        host(settings);
        port(settings, -1);
    }

    /** A host setting whose form is valid (whether it may be called is judged when the check runs). */
    public static String host(Settings settings) {
        String host = settings.text("host");
        OutboundRules.allowingPrivate().hostProblem(host.replaceAll("^\\[|\\]$", ""))
                .ifPresent(p -> { throw new InvalidInput("settings.host " + p); });
        return host;
    }

    /** A port setting from 1 to 65535; required when {@code fallback} is -1. */
    public static int port(Settings settings, int fallback) {
        if (fallback < 0 && !settings.has("port")) {
            throw new InvalidInput("settings.port is required");
        }
        return settings.integer("port", fallback, 1, 65535);
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("connected", ValueKind.BOOLEAN, "latencyMs", ValueKind.NUMBER);
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }

    @Override
    public Measurement probe(ProbeCall call) throws Outbound.Refused {
        String host = host(call.settings());
        int port = port(call.settings(), -1);
        Measurement.Builder measurement = Measurement.builder();
        long start = System.nanoTime();
        try (Socket ignored = call.outbound().connect(host, port, call.deadline())) {
            return measurement.flag("connected", true)
                    .number("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).build();
        } catch (IOException e) {
            return measurement.flag("connected", false).problem(Outbound.describe(e, host + ":" + port)).build();
        }
    }
}
