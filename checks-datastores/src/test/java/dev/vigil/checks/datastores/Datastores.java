package dev.vigil.checks.datastores;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckRun;
import dev.vigil.checks.CheckRunner;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Conditions;
import dev.vigil.checks.ProbeContext;
import dev.vigil.checks.Settings;
import dev.vigil.checks.Tier;
import dev.vigil.domain.Ids;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Checks of the datastore types, defined as the admin API defines them and run with every probe. */
final class Datastores {
    private Datastores() {
    }

    record Defined(Check check, Settings settings) {
        Defined timeout(Duration timeout) {
            return new Defined(check.withTimeout(timeout), settings);
        }

        CheckResult run(boolean allowPrivate) {
            ProbeContext context = ProbeContext.fromEnv(Env.of(Map.of()), Clock.systemUTC());
            return new CheckRunner(DatastoreProbes.all(), context).run(new CheckRun(check, settings.secrets(), List.of(), allowPrivate));
        }

        CheckResult runLocally() {
            return run(true);
        }
    }

    static Defined define(String type, String settings, String... conditions) {
        JsonNode json;
        try {
            json = Json.parse(settings.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Settings split = CheckTypes.settings(type, json);
        return new Defined(Check.define(Ids.CHECK.next(), "tenant-a", type, type, Tier.CRITICAL, split, Conditions.of(conditions),
                Instant.now()), split);
    }
}
