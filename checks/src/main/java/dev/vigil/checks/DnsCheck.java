package dev.vigil.checks;

import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.OutboundRules;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code dns}: looks {@code host} up (through the function's resolver) and optionally checks that the
 * answer includes each of the {@code expected} addresses. {@code recordType} is A, AAAA or ANY (the
 * default: both). The answer must be public addresses, as for every check, unless private targets are
 * allowed. Measures {@code resolved} (an address of the type was found), {@code addresses},
 * {@code addressCount}, {@code expectedFound} (true when every expected address is in the answer, or
 * none is expected) and {@code latencyMs}.
 */
final class DnsCheck implements CheckType, Probe {
    private static final List<Condition> DEFAULTS = Conditions.of("resolved == true", "expectedFound == true");

    @Override
    public String name() {
        return "dns";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("host", "recordType", "expected");
    }

    @Override
    public void validate(Settings settings) {
        String host = TcpCheck.host(settings);
        if (OutboundRules.literal(host.toLowerCase(java.util.Locale.ROOT)).isPresent()) {
            throw new InvalidInput("settings.host must be a name to look up, not an address");
        }
        settings.choice("recordType", "ANY", List.of("A", "AAAA", "ANY"));
        expected(settings);
    }

    private static List<InetAddress> expected(Settings settings) {
        return settings.texts("expected", 20).stream().map(text -> {
            Optional<InetAddress> address = OutboundRules.literal(text.toLowerCase(java.util.Locale.ROOT));
            return address.orElseThrow(() -> new InvalidInput("settings.expected must list IP addresses, such as 93.184.216.34; '"
                    + text + "' is not one"));
        }).toList();
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("resolved", ValueKind.BOOLEAN, "addresses", ValueKind.LIST, "addressCount", ValueKind.NUMBER,
                "expectedFound", ValueKind.BOOLEAN, "latencyMs", ValueKind.NUMBER);
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }

    @Override
    public Measurement probe(ProbeCall call) throws Outbound.Refused {
        Settings settings = call.settings();
        String host = TcpCheck.host(settings);
        String type = settings.choice("recordType", "ANY", List.of("A", "AAAA", "ANY"));
        List<InetAddress> expected = expected(settings);
        Measurement.Builder measurement = Measurement.builder();
        long start = System.nanoTime();
        List<InetAddress> answer;
        try {
            answer = call.outbound().vet(host, call.deadline());
        } catch (IOException e) {
            return measurement.flag("resolved", false).problem(Outbound.describe(e, host)).build();
        }
        long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        List<InetAddress> ofType = answer.stream().filter(a -> type.equals("ANY")
                || (type.equals("A") && a instanceof Inet4Address) || (type.equals("AAAA") && a instanceof Inet6Address)).toList();
        return measurement.flag("resolved", !ofType.isEmpty())
                .list("addresses", ofType.stream().map(InetAddress::getHostAddress).toList())
                .number("addressCount", ofType.size())
                .flag("expectedFound", ofType.containsAll(expected))
                .number("latencyMs", latency).build();
    }
}
