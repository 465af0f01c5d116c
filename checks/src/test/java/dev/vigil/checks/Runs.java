package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Checks built as the admin API will build them, and run as the sweep will run them. */
final class Runs {
    static final String TENANT = "tenant-a";

    private Runs() {
    }

    static JsonNode json(String text) {
        try {
            return Json.parse(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The context of a deployed function: system DNS and trust, private targets refused. */
    static ProbeContext context() {
        return ProbeContext.fromEnv(Env.of(Map.of()), Clock.systemUTC());
    }

    /** A core-tier check of {@code type} with these settings (JSON, single quotes allowed) and conditions. */
    static Defined define(String type, String settings, String... conditions) {
        Settings split = CheckTypes.settings(type, json(settings));
        Check check = Check.define(Ids.CHECK.next(), TENANT, type, type + " check", Tier.CORE, split,
                Conditions.of(conditions), Instant.now());
        return new Defined(check, split);
    }

    record Defined(Check check, Settings settings) {
        Defined timeout(Duration timeout) {
            return new Defined(check.withTimeout(timeout), settings);
        }

        CheckRun run(boolean allowPrivate) {
            return new CheckRun(check, settings.secrets(), List.of(), allowPrivate);
        }

        /** Runs it with private targets allowed (the tests' targets are on loopback). */
        CheckResult runLocally() {
            return new CheckRunner(CheckTypes.lightProbes(), context()).run(run(true));
        }

        CheckResult runDeployed() {
            return new CheckRunner(CheckTypes.lightProbes(), context()).run(run(false));
        }
    }
}
