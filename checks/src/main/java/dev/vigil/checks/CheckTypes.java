package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.InvalidInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every check type, by name. Adding a type is one class (its {@link CheckType}, and its {@link Probe}
 * when the probe needs nothing heavy) and one line here. The postgres and redis types are described
 * here, so that the admin API can validate them, but probed by {@code vigil-checks-datastores}, the only
 * module that carries their drivers.
 */
public final class CheckTypes {
    private static final List<CheckType> ALL = List.of(
            new HttpCheck(),
            new TcpCheck(),
            new DnsCheck(),
            new TlsCheck(),
            new StatusPageCheck(),
            new McpCheck(),
            new DynamoFreshnessCheck(),
            new HeartbeatsCheck(),
            new PostgresCheck(),
            new RedisCheck());

    private static final Map<String, CheckType> BY_NAME = ALL.stream()
            .collect(Collectors.toMap(CheckType::name, t -> t, (a, b) -> a, LinkedHashMap::new));

    private CheckTypes() {
    }

    public static List<CheckType> all() {
        return ALL;
    }

    public static Optional<CheckType> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The type named {@code name}; {@link InvalidInput} naming the known ones otherwise. */
    public static CheckType require(String name) {
        return find(name).orElseThrow(() -> new InvalidInput("type must be one of " + String.join(", ", BY_NAME.keySet())
                + (name == null ? "" : ", was '" + name + "'")));
    }

    /**
     * Settings as an admin sent them for a check of type {@code type}, split into plain and secret parts
     * and validated; {@link InvalidInput} names the setting that is wrong.
     */
    public static Settings settings(String type, JsonNode given) {
        CheckType kind = require(type);
        Settings settings = Settings.split(kind.name(), given, kind.settingNames(), kind.secretSettingNames());
        kind.validate(settings);
        return settings;
    }

    /** The probes that need no driver beyond this module, by type name: every type that is its own probe. */
    public static Map<String, Probe> lightProbes() {
        Map<String, Probe> probes = new LinkedHashMap<>();
        ALL.forEach(type -> {
            if (type instanceof Probe probe) {
                probes.put(type.name(), probe);
            }
        });
        return probes;
    }
}
