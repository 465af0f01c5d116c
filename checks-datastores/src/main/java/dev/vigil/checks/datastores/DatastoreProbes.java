package dev.vigil.checks.datastores;

import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Probe;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every probe: the light ones of {@link CheckTypes#lightProbes()} and the datastore ones that need a driver. */
public final class DatastoreProbes {
    private DatastoreProbes() {
    }

    /** The probes of every check type, for the function that runs checks (the tenant sweep). */
    public static Map<String, Probe> all() {
        Map<String, Probe> probes = new LinkedHashMap<>(CheckTypes.lightProbes());
        probes.put("postgres", new PostgresProbe());
        probes.put("redis", new RedisProbe());
        return probes;
    }
}
