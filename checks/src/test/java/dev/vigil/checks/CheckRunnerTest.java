package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.runtime.Json;
import dev.vigil.testkit.CapturingHttpServer;
import dev.vigil.testkit.CapturingHttpServer.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner: parallel, each check under its own timeout, one check's fault or hang never stopping the others. */
class CheckRunnerTest {
    private final CapturingHttpServer server = new CapturingHttpServer();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    /** The light probes, with tcp throwing (its message holding a secret) and dns hanging, deaf to interrupts. */
    private Map<String, Probe> faultyProbes() {
        Map<String, Probe> probes = new HashMap<>(CheckTypes.lightProbes());
        probes.put("tcp", call -> {
            throw new IllegalStateException("driver broke while using " + call.settings().secret("token").orElse("hunter2-secret"));
        });
        probes.put("dns", call -> {
            while (true) {
                try {
                    release.await();
                    return Measurement.builder().build();
                } catch (InterruptedException ignored) {
                    // Deaf to interrupts: the runner must not wait for it anyway.
                }
            }
        });
        return probes;
    }

    @Test
    void aThrowingAndAHangingCheckAreUnknownWhileTheOthersComplete() {
        server.respondWith(Response.of(200, "ok"), Response.of(200, "ok"));
        CheckRun healthy = Runs.define("http", "{'url': '" + server.url("/a") + "'}").run(true);
        CheckRun throwing = Runs.define("tcp", "{'host': 'db.example.com', 'port': 5432}").run(true);
        CheckRun hanging = Runs.define("dns", "{'host': 'example.com'}").timeout(Duration.ofSeconds(1)).run(true);
        CheckRun noProbe = Runs.define("postgres", "{'host': 'db.example.com', 'database': 'app', 'user': 'monitor'}").run(true);
        CheckRun alsoHealthy = Runs.define("http", "{'url': '" + server.url("/b") + "'}").run(true);

        List<CheckResult> results = new CheckRunner(faultyProbes(), Runs.context())
                .runAll(List.of(healthy, throwing, hanging, noProbe, alsoHealthy));

        assertEquals(List.of(CheckStatus.HEALTHY, CheckStatus.UNKNOWN, CheckStatus.UNKNOWN, CheckStatus.UNKNOWN, CheckStatus.HEALTHY),
                results.stream().map(CheckResult::status).toList());
        assertEquals("the probe failed: IllegalStateException: driver broke while using hunter2-secret", results.get(1).reason());
        assertEquals("did not finish within 1 s", results.get(2).reason());
        assertEquals(1000, results.get(2).latencyMs());
        assertEquals("this function does not run postgres checks", results.get(3).reason());
        assertEquals(healthy.check().id(), results.get(0).checkId(), "results come back in the order of the runs");
    }

    @Test
    void aSecretInAFaultsMessageIsRedacted() {
        Runs.Defined check = Runs.define("tcp", "{'host': 'db.example.com', 'port': 5432}");
        CheckRun run = new CheckRun(check.check(), Map.of("token", "tok_9f8e7d6c5b4a"), List.of(), true);
        CheckResult result = new CheckRunner(faultyProbes(), Runs.context()).run(run);
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertFalse(result.reason().contains("tok_9f8e7d6c5b4a"), result.reason());
        assertTrue(result.reason().contains("[redacted]"), result.reason());
    }

    @Test
    void checksRunInParallel() {
        // Each probe waits until all six are running at once: only a runner that starts them together lets them through.
        CountDownLatch allRunning = new CountDownLatch(6);
        Probe waitsForTheOthers = call -> {
            allRunning.countDown();
            boolean together = allRunning.await(20, TimeUnit.SECONDS);
            return Measurement.builder().flag("connected", together).number("status", 200).number("latencyMs", 1).build();
        };
        List<CheckRun> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(Runs.define("http", "{'url': 'https://example.com/" + i + "'}").timeout(Duration.ofSeconds(30)).run(true));
        }
        List<CheckResult> results = new CheckRunner(Map.of("http", waitsForTheOthers), Runs.context()).runAll(runs);
        assertTrue(results.stream().allMatch(r -> r.status() == CheckStatus.HEALTHY), "all six ran at once: " + results);
    }

    @Test
    void aStoredCheckWhoseSettingsNoLongerHoldIsUnknownAndSaysWhy() {
        Check broken = new Check("chk_broken000000", Runs.TENANT, "http", "broken", Tier.CORE, Json.object(), List.of(),
                Duration.ofSeconds(2), true, 1, 1, 1, Instant.now(), Instant.now());
        CheckResult result = new CheckRunner(CheckTypes.lightProbes(), Runs.context()).run(CheckRun.of(broken));
        assertEquals(CheckStatus.UNKNOWN, result.status());
        assertEquals("misconfigured: settings.url is required", result.reason());
    }

    @Test
    void anUnknownTypeIsUnknown() {
        Check odd = new Check("chk_odd000000000", Runs.TENANT, "gopher", "odd", Tier.CORE, Json.object(), List.of(),
                Duration.ofSeconds(2), true, 1, 1, 1, Instant.now(), Instant.now());
        assertEquals("there is no check type 'gopher'", new CheckRunner(CheckTypes.lightProbes(), Runs.context())
                .run(CheckRun.of(odd)).reason());
    }

    @Test
    void aCriticalCheckIsCutAtItsTimeoutOfAtMostTenSeconds() {
        Runs.Defined check = Runs.define("dns", "{'host': 'example.com'}");
        Check critical = new Check(check.check().id(), Runs.TENANT, "dns", "critical", Tier.CRITICAL, check.check().settings(),
                List.of(), Duration.ofMillis(300), true, 1, 1, 1, Instant.now(), Instant.now());
        CheckResult result = new CheckRunner(faultyProbes(), Runs.context()).run(CheckRun.of(critical));
        assertEquals("did not finish within 0.3 s", result.reason());
    }
}
