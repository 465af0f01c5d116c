package dev.vigil.checks.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckRun;
import dev.vigil.checks.CheckRunner;
import dev.vigil.checks.CheckState;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Conditions;
import dev.vigil.checks.ProbeContext;
import dev.vigil.checks.Settings;
import dev.vigil.checks.Tier;
import dev.vigil.domain.Ids;
import dev.vigil.runtime.Env;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import dev.vigil.testkit.DynamoLocal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The loop the tenant sweep will run, on the engine's public parts: due checks are run, each result is
 * recorded with the check's new state, and a state change is what would be announced.
 */
class RunAndRecordTest {
    private final CheckTables tables = CheckTables.from(Env.of(Map.of("CHECKS_TABLE", "ChecksTable",
            "CHECK_RESULTS_TABLE", "CheckResultsTable")), DynamoLocal.shared().client());
    private final CheckRunner runner = new CheckRunner(CheckTypes.lightProbes(), ProbeContext.fromEnv(Env.of(Map.of()), Clock.systemUTC()));

    /** One pass: run the check, record the run, and say whether its confirmed status changed. */
    private Optional<CheckState.Transition> pass(String id) {
        StoredCheck stored = tables.checks().find(id).orElseThrow();
        CheckResult result = runner.run(new CheckRun(stored.check(), Map.of(), List.of(), true));
        Check check = stored.check();
        CheckState.Transition transition = stored.state().next(result.status(), check.failureThreshold(), check.recoveryThreshold());
        assertTrue(tables.checks().recordRun(stored, result, transition.state()));
        return transition.changed() ? Optional.of(transition) : Optional.empty();
    }

    @Test
    void anOutageIsAnnouncedAfterTwoFailuresAndItsRecoveryAfterTwoSuccesses() {
        try (CapturingHttpServer server = new CapturingHttpServer()) {
            server.respondWith(Response.of(500, ""), Response.of(500, ""), Response.of(500, ""), Response.of(200, ""), Response.of(200, ""));
            Settings settings = CheckTypes.settings("http", Runs.json("{'url': '" + server.url("/health") + "'}"));
            Check check = Check.define(Ids.CHECK.next(), "tenant-" + UUID.randomUUID(), "http", "API", Tier.CRITICAL, settings,
                    Conditions.of(), Instant.now()).withThresholds(2, 2);
            assertTrue(tables.checks().create(check, settings.secretHints()));

            List<String> announced = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                pass(check.id()).ifPresent(t -> announced.add(t.from().wire() + " -> " + t.to().wire()));
            }
            assertEquals(List.of("healthy -> unhealthy", "unhealthy -> healthy"), announced);
            StoredCheck stored = tables.checks().find(check.id()).orElseThrow();
            assertEquals(5, stored.runs());
            assertEquals(CheckStatus.HEALTHY, stored.latest().orElseThrow().status());
            assertEquals(5, tables.history().page(check.id(), 10, Optional.empty()).items().size());
            assertFalse(stored.isDue(stored.lastRunAt().orElseThrow().plusSeconds(30)));
        }
    }
}
