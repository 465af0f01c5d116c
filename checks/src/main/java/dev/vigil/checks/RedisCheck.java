package dev.vigil.checks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code redis}: {@code PING}, then {@code INFO memory} and {@code INFO stats}. Settings: {@code host},
 * {@code port} (6379), {@code username}, {@code password} (write-only), {@code tls} (default false;
 * a password is never sent to a public address without it) and {@code database}. Measures
 * {@code connected} (PING answered PONG), {@code latencyMs} (connect and PING), {@code usedMemoryBytes},
 * {@code maxMemoryBytes} and {@code usedMemoryPercent} (when a maxmemory is set), and {@code evictedKeys}
 * (since the server started): {@code usedMemoryBytes <= 1000000000}, {@code warn: evictedKeys == 0}.
 *
 * <p>Described here so the admin API can validate it; probed by {@code vigil-checks-datastores}, which
 * carries the Redis client.
 */
public final class RedisCheck implements CheckType {
    private static final List<Condition> DEFAULTS = Conditions.of("connected == true");

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("host", "port", "username", "password", "tls", "database");
    }

    @Override
    public Set<String> secretSettingNames() {
        return Set.of("password");
    }

    @Override
    public void validate(Settings settings) {
        TcpCheck.host(settings);
        TcpCheck.port(settings, 6379);
        settings.optionalText("username");
        settings.flag("tls", false);
        settings.integer("database", 0, 0, 1000);
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("connected", ValueKind.BOOLEAN, "latencyMs", ValueKind.NUMBER, "usedMemoryBytes", ValueKind.NUMBER,
                "maxMemoryBytes", ValueKind.NUMBER, "usedMemoryPercent", ValueKind.NUMBER, "evictedKeys", ValueKind.NUMBER);
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }
}
