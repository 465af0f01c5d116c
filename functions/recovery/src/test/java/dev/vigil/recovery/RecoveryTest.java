package dev.vigil.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.checks.SweepStatus;
import dev.vigil.checks.recovery.Recovery;
import dev.vigil.checks.recovery.RecoveryAttempt;
import dev.vigil.checks.recovery.RecoveryState;
import dev.vigil.checks.recovery.RecoveryTrigger;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Tenant;
import dev.vigil.fixtures.NotifierFixture;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The recovery use case on DynamoDB Local: what it forces, records, backs off from and escalates. */
class RecoveryTest {
    private final RecoveryHarness h = new RecoveryHarness();

    @Test
    void aStaleTenantIsForcedWithTheRecoveryTriggerAndMarkedRecovered() {
        Tenant stale = h.tenant("Acme", Duration.ofDays(30));
        h.swept(stale.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR);
        Tenant fresh = h.tenant("Globex", Duration.ofDays(30));
        h.swept(fresh.id(), Duration.ofMinutes(10), SweepStatus.ALL_CLEAR);

        Recovery.Run run = h.recovery().run(RecoveryTrigger.SCHEDULE, false);

        assertEquals(List.of(stale.id() + " recovery"), h.asked, "only the stale tenant, forced as a recovery");
        assertEquals(1, run.count(RecoveryAttempt.Outcome.RECOVERED), run.toJson().toString());
        RecoveryAttempt attempt = h.log.attempts(stale.id(), 10).getFirst();
        assertEquals(RecoveryAttempt.Outcome.RECOVERED, attempt.outcome());
        assertEquals(RecoveryTrigger.SCHEDULE, attempt.trigger());
        assertEquals(1, attempt.number());
        assertEquals(h.sweeps.latest(stale.id()).orElseThrow().executionId(), attempt.executionId().orElseThrow(),
                "the attempt names the forced sweep's execution");
        assertEquals(Optional.empty(), h.log.state(stale.id()), "no open episode once recovered");
        assertTrue(h.f.bus.published.isEmpty(), "a recovery that worked escalates nothing");
        assertTrue(h.recovery().run(RecoveryTrigger.SCHEDULE, false).attempts().isEmpty(), "healthy now: nothing more to force");
    }

    @Test
    void aFailedForcedSweepWaitsOutItsJitteredBackoffBeforeTheNextAttempt() {
        Tenant tenant = h.tenant("Acme", Duration.ofDays(30));
        h.swept(tenant.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR);
        h.outcome = id -> SweepStatus.ERROR;

        Recovery.Run first = h.recovery().run(RecoveryTrigger.SCHEDULE, false);

        assertEquals(1, first.count(RecoveryAttempt.Outcome.FAILED));
        RecoveryState state = h.log.state(tenant.id()).orElseThrow();
        Duration wait = Duration.between(h.f.clock.instant(), state.nextAttemptAt());
        assertTrue(!wait.isNegative() && wait.compareTo(Duration.ofSeconds(60)) <= 0, "first wait within the 60 s base: " + wait);
        assertTrue(state.lastError().orElseThrow().contains("timed out"), state.toString());
        if (wait.isPositive()) {
            h.f.clock.advance(wait.minusMillis(1));
            Recovery.Run early = h.recovery().run(RecoveryTrigger.SCHEDULE, false);
            assertEquals(1, early.deferred(), "still backing off");
            assertEquals(1, h.asked.size(), "no sweep forced before the backoff ends");
            h.f.clock.advance(Duration.ofMillis(1));
        }
        Recovery.Run second = h.recovery().run(RecoveryTrigger.SCHEDULE, false);
        assertEquals(2, h.asked.size(), "forced again once the backoff ended");
        assertEquals(2, second.attempts().getFirst().attempt().number());
        RecoveryState after = h.log.state(tenant.id()).orElseThrow();
        Duration secondWait = Duration.between(h.f.clock.instant(), after.nextAttemptAt());
        assertTrue(!secondWait.isNegative() && secondWait.compareTo(Duration.ofSeconds(120)) <= 0,
                "second wait within twice the base: " + secondWait);
    }

    @Test
    void afterTwoFailedAttemptsTheEpisodeIsEscalatedOnceWithItsDiagnosis() throws IOException {
        Tenant tenant = h.tenant("Acme", Duration.ofDays(30));
        String good = h.swept(tenant.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR).executionId();
        h.outcome = id -> SweepStatus.ERROR;

        h.recovery().run(RecoveryTrigger.SCHEDULE, false);
        assertTrue(h.f.bus.published.isEmpty(), "one failure is not escalated");
        h.f.clock.advance(Duration.ofHours(1));
        Recovery.Run second = h.recovery().run(RecoveryTrigger.SCHEDULE, false);
        assertEquals(1, second.escalated());
        h.f.clock.advance(Duration.ofHours(1));
        h.recovery().run(RecoveryTrigger.SCHEDULE, false);

        assertEquals(List.of(AlertType.RECOVERY_ESCALATED), h.f.bus.types(), "escalated once per episode, not at every failure");
        AlertEvent event = h.f.bus.published.getFirst();
        assertEquals(tenant.id(), event.tenantId());
        assertEquals("Acme", event.name());
        assertTrue(event.note().orElseThrow().startsWith("2 forced sweeps failed"), event.note().toString());
        JsonNode detail = AlertEventCodec.toDetail(event);
        assertEquals("vigil:tenant/" + tenant.id(), AlertEventCodec.resource(event));
        JsonNode diagnosis = detail.path("diagnosis");
        assertEquals(2, diagnosis.path("attemptsMade").asInt());
        assertEquals(2, diagnosis.path("attempts").size(), diagnosis.toString());
        JsonNode failing = diagnosis.path("failingChecks").path(0);
        assertEquals("Public API", failing.path("name").asText());
        assertEquals(10_000, failing.path("latencyMs").asLong());
        assertTrue(failing.path("reason").asText().contains("timed out"), failing.toString());
        assertEquals(good, diagnosis.path("lastGoodExecution").path("executionId").asText());
        assertTrue(diagnosis.path("errorSamples").size() >= 1, diagnosis.toString());
        assertTrue(diagnosis.path("operations").toString().contains("/api/tenants/" + tenant.id() + "/recover"), diagnosis.toString());
        assertEquals(event, AlertEventCodec.fromDetail(detail), "the diagnosis survives the bus");
        assertTrue(h.f.events().latestAbout(tenant.id()).isPresent(), "recorded in the ledger, not only published");
        assertTrue(h.log.state(tenant.id()).orElseThrow().escalated());

        JsonNode sample = NotifierFixture.sample("recovery-escalated.json");
        AlertEvent read = AlertEventCodec.fromBusEvent(sample);
        assertEquals(AlertType.RECOVERY_ESCALATED, read.type(), "the sample in events/ is what the bus carries");
        assertEquals(AlertEventCodec.resource(read), sample.path("resources").path(0).asText());
        JsonNode shown = sample.path("detail").path("diagnosis");
        assertEquals(fields(diagnosis), fields(shown), "the sample's diagnosis has the fields an escalation writes");
        assertEquals(fields(diagnosis.path("attempts").path(0)), fields(shown.path("attempts").path(0)));
        assertEquals(fields(diagnosis.path("failingChecks").path(0)), fields(shown.path("failingChecks").path(0)));
        assertEquals(fields(diagnosis.path("health")), fields(shown.path("health")));
    }

    private static java.util.Set<String> fields(JsonNode node) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aTenantWhoseSweepsKeepFindingAServiceDownIsForcedAndAForcedSweepThatStillFindsItDownFails() {
        Tenant tenant = h.tenant("Acme", Duration.ofDays(30));
        h.swept(tenant.id(), Duration.ofMinutes(20), SweepStatus.ALERT);
        h.swept(tenant.id(), Duration.ofMinutes(10), SweepStatus.ALERT);
        h.outcome = id -> SweepStatus.ALERT;

        Recovery.Run run = h.recovery().run(RecoveryTrigger.SCHEDULE, false);

        assertEquals(1, run.unhealthy(), "two alerts out of two sweeps: failing");
        assertEquals(List.of(tenant.id() + " recovery"), h.asked);
        RecoveryAttempt attempt = run.attempts().getFirst().attempt();
        assertEquals(RecoveryAttempt.Outcome.FAILED, attempt.outcome(), attempt.toString());
        assertEquals(Optional.of("the forced sweep ended in alert (Public API unhealthy: connection refused by api.example.com:443)"),
                attempt.error());
        assertTrue(h.log.state(tenant.id()).isPresent(), "the episode stays open while the service is down");
    }

    @Test
    void aForcedSweepThatFindsOnlyANonCriticalCheckDownRecoversTheTenant() {
        Tenant tenant = h.tenant("Acme", Duration.ofDays(30));
        h.swept(tenant.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR);
        h.tier = dev.vigil.checks.Tier.EXTERNAL;
        h.outcome = id -> SweepStatus.ALERT;

        Recovery.Run run = h.recovery().run(RecoveryTrigger.SCHEDULE, false);

        assertEquals(RecoveryAttempt.Outcome.RECOVERED, run.attempts().getFirst().attempt().outcome(), run.toJson().toString());
        assertEquals(Optional.empty(), h.log.state(tenant.id()), "an external service down is an alert, not a sweep that fails");
        assertTrue(h.recovery().run(RecoveryTrigger.SCHEDULE, false).attempts().isEmpty());
    }

    @Test
    void aForcedSweepThatFindsOnlyAWarningRecoversTheTenant() {
        Tenant tenant = h.tenant("Acme", Duration.ofDays(30));
        h.swept(tenant.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR);
        h.outcome = id -> SweepStatus.WARNING;

        Recovery.Run run = h.recovery().run(RecoveryTrigger.SCHEDULE, false);

        assertEquals(RecoveryAttempt.Outcome.RECOVERED, run.attempts().getFirst().attempt().outcome());
        assertTrue(h.recovery().run(RecoveryTrigger.SCHEDULE, false).attempts().isEmpty(), "a degraded check is no reason to force");
    }

    @Test
    void aRecoveryAfterEscalationEndsTheEpisodeSoTheNextFailureCountsAfresh() {
        Tenant tenant = h.tenant("Acme", Duration.ofDays(30));
        h.swept(tenant.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR);
        h.outcome = id -> SweepStatus.ERROR;
        h.recovery().run(RecoveryTrigger.SCHEDULE, false);
        h.f.clock.advance(Duration.ofHours(1));
        h.recovery().run(RecoveryTrigger.SCHEDULE, false);
        h.outcome = id -> SweepStatus.ALL_CLEAR;

        Recovery.One one = h.recovery().recover(tenant.id(), RecoveryTrigger.MANUAL);

        RecoveryAttempt attempt = ((Recovery.One.Done) one).attempted().attempt();
        assertEquals(RecoveryAttempt.Outcome.RECOVERED, attempt.outcome());
        assertEquals(3, attempt.number());
        assertEquals(Optional.empty(), h.log.state(tenant.id()));
    }

    @Test
    void atMostFiveForcedSweepsRunAtOnce() {
        for (int i = 0; i < 8; i++) {
            Tenant tenant = h.tenant("Tenant " + i, Duration.ofDays(30));
            h.swept(tenant.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR);
        }
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch fiveIn = new CountDownLatch(5);
        Recovery recovery = h.recovery((tenantId, trigger) -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            fiveIn.countDown();
            try {
                // Holds the first sweeps until five run together (or, if fewer ever could, gives up and lets the assertion tell).
                fiveIn.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return h.invoker.sweepNow(tenantId, trigger);
        });

        Recovery.Run run = recovery.run(RecoveryTrigger.SCHEDULE, false);

        assertEquals(5, most.get(), "five at once, never more");
        assertEquals(8, run.count(RecoveryAttempt.Outcome.RECOVERED), "and every tenant was recovered");
    }

    @Test
    void noForcedSweepStartsAfterTheRunsTimeIsUpAndTheTenantsLeftAreDeferred() {
        for (int i = 0; i < 3; i++) {
            h.tenant("Tenant " + i, Duration.ofDays(30));
        }
        Instant startBefore = h.f.clock.instant().plusSeconds(30);
        Recovery oneAtATime = h.recovery((tenantId, trigger) -> {
            h.f.clock.advance(Duration.ofMinutes(1));
            return h.invoker.sweepNow(tenantId, trigger);
        }, 1);

        Recovery.Run run = oneAtATime.run(RecoveryTrigger.SCHEDULE, false, startBefore);

        assertEquals(1, run.attempts().size(), "the first sweep took the run past its time");
        assertEquals(2, run.deferred(), run.toJson().toString());
        assertEquals(1, h.asked.size());
    }

    @Test
    void aForcedRunAlsoSweepsHealthyTenantsButNeverAPausedOne() {
        Tenant healthy = h.tenant("Acme", Duration.ofDays(30));
        h.swept(healthy.id(), Duration.ofMinutes(5), SweepStatus.ALL_CLEAR);
        Tenant paused = h.tenant("Paused", Duration.ofDays(30), true);

        assertTrue(h.recovery().run(RecoveryTrigger.API, false).attempts().isEmpty(), "nothing unhealthy");
        Recovery.Run forced = h.recovery().run(RecoveryTrigger.API, true);

        assertEquals(List.of(healthy.id() + " recovery"), h.asked);
        assertEquals(RecoveryTrigger.API, forced.attempts().getFirst().attempt().trigger());
        assertTrue(h.recovery().recover(paused.id(), RecoveryTrigger.MANUAL) instanceof Recovery.One.Paused);
        assertTrue(h.recovery().recover("tn_nobody000000", RecoveryTrigger.MANUAL) instanceof Recovery.One.NoSuchTenant);
    }

    @Test
    void aSweepFunctionThatFailsIsAFailedAttemptNotAFailedRun() {
        Tenant tenant = h.tenant("Acme", Duration.ofDays(30));
        h.swept(tenant.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR);
        Recovery recovery = h.recovery((tenantId, trigger) -> {
            throw new dev.vigil.runtime.LambdaInvocation.FunctionFailed("the tenant-sweep function failed: Runtime.OutOfMemory");
        });

        Recovery.Run run = recovery.run(RecoveryTrigger.SCHEDULE, false);

        assertEquals(1, run.count(RecoveryAttempt.Outcome.FAILED));
        assertTrue(h.log.attempts(tenant.id(), 1).getFirst().error().orElseThrow().contains("Runtime.OutOfMemory"));
        assertFalse(h.log.state(tenant.id()).orElseThrow().escalated());
    }

    @Test
    void aSweepThatDidNotRunBecauseItIsSwitchedOffOrTheTenantWentIsNoAttemptAndNeverEscalates() {
        Tenant tenant = h.tenant("Acme", Duration.ofDays(30));
        h.swept(tenant.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR);
        h.outcome = id -> SweepStatus.ERROR;
        h.recovery().run(RecoveryTrigger.SCHEDULE, false);
        RecoveryState before = h.log.state(tenant.id()).orElseThrow();
        for (String code : List.of("disabled", "paused", "not_found")) {
            h.f.clock.advance(Duration.ofHours(1));
            Recovery refused = h.recovery((tenantId, trigger) -> Optional.of(dev.vigil.runtime.Json.object().put("error", code)
                    .put("message", "no sweep (" + code + ")")));

            Recovery.Run run = refused.run(RecoveryTrigger.SCHEDULE, false);

            assertEquals(1, run.count(RecoveryAttempt.Outcome.SKIPPED), run.toJson().toString());
            assertEquals(0, run.count(RecoveryAttempt.Outcome.FAILED));
            assertEquals(1, run.toJson().path("skipped").asInt());
            assertEquals(Optional.of(code + ": no sweep (" + code + ")"), run.attempts().getFirst().attempt().error());
            assertEquals(before, h.log.state(tenant.id()).orElseThrow(), code + ": the episode is left as it was");
            assertEquals(1, h.log.attempts(tenant.id(), 10).size(), code + ": nothing recorded as an attempt");
        }
        assertTrue(h.f.bus.published.isEmpty(), "one real failure and three sweeps that did not run: nothing escalated");
    }

    @Test
    void theStartWindowOfARunAskedForThroughTheApiBeginsAfterItsReads() {
        for (int i = 0; i < 3; i++) {
            Tenant tenant = h.tenant("Tenant " + i, Duration.ofDays(30));
            h.swept(tenant.id(), Duration.ofHours(3), SweepStatus.ALL_CLEAR);
        }
        // Every read of the execution records takes a second of the run's clock.
        software.amazon.awssdk.services.dynamodb.DynamoDbClient slow = (software.amazon.awssdk.services.dynamodb.DynamoDbClient)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {software.amazon.awssdk.services.dynamodb.DynamoDbClient.class}, (proxy, method, args) -> {
                            if (method.getName().equals("query")) {
                                synchronized (h.f.clock) {
                                    h.f.clock.advance(Duration.ofSeconds(1));
                                }
                            }
                            try {
                                return method.invoke(h.f.platform.dynamo(), args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        Recovery slowReads = new Recovery(h.tenants, dev.vigil.checks.store.SweepLog.fromEnv(h.f.platform.env(), slow), h.log,
                h.invoker, h.f.ledger(), h.f.clock, new Recovery.Settings(new dev.vigil.checks.recovery.Backoff(Duration.ofSeconds(60),
                Duration.ofHours(1)), 2, 5), new java.util.Random(7));
        Instant before = h.f.clock.instant();

        Recovery.Run run = slowReads.run(RecoveryTrigger.API, false, Duration.ofSeconds(2));

        assertTrue(Duration.between(before, h.f.clock.instant()).toSeconds() >= 3, "the reads took at least 3 s");
        assertEquals(3, run.attempts().size(), "every sweep started within 2 s of the end of the reads: " + run.toJson());
        assertEquals(0, run.deferred());
    }
}
