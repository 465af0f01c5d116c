package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.checks.SweepExecution.CheckOutcome;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A tenant's sweep health from its settings and execution records, at fixed instants: stale after two
 * intervals of active hours without a successful sweep (24 h at most), failing above half its sweeps in
 * error, and neither while paused, young or outside its hours.
 */
class SweepHealthTest {
    /** A Wednesday, 12:00 UTC. */
    private static final Instant NOON = Instant.parse("2025-03-12T12:00:00Z");
    private static final ActiveHours ALWAYS = new ActiveHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    private static final ZoneId UTC = ZoneId.of("UTC");
    private int ids;

    private static Tenant tenant(int intervalMinutes, ActiveHours hours, ZoneId zone, boolean paused, Instant created) {
        return new Tenant("tn_k3v9x2m7q4pa", "acme", zone, intervalMinutes, hours, Optional.empty(), paused, created, created,
                Optional.empty(), 1);
    }

    private static Tenant aroundTheClock(int intervalMinutes) {
        return tenant(intervalMinutes, ALWAYS, UTC, false, NOON.minus(Duration.ofDays(30)));
    }

    /** A sweep ending in {@code status}; an {@code alert} is a critical check confirmed unhealthy (a p1 incident). */
    private SweepExecution run(Instant at, SweepStatus status) {
        return status == SweepStatus.ALERT ? alert(at, Tier.CRITICAL, CheckStatus.UNHEALTHY)
                : new SweepExecution("sw_test" + (ids++), "tn_k3v9x2m7q4pa", SweepTrigger.SCHEDULE, at, 120, List.of(), 0, status);
    }

    /** An {@code alert} sweep whose one check, of {@code tier}, ran unhealthy and is now confirmed {@code confirmed}. */
    private SweepExecution alert(Instant at, Tier tier, CheckStatus confirmed) {
        CheckOutcome down = new CheckOutcome("chk_api", "API", "http", CheckStatus.UNHEALTHY, 120, "status == 200 failed: was 503",
                Optional.of("status == 200"), confirmed == CheckStatus.UNHEALTHY, Optional.of(tier), Optional.of(confirmed));
        return new SweepExecution("sw_test" + (ids++), "tn_k3v9x2m7q4pa", SweepTrigger.SCHEDULE, at, 120, List.of(down), 0,
                SweepStatus.ALERT);
    }

    private SweepExecution ok(Instant at) {
        return run(at, SweepStatus.ALL_CLEAR);
    }

    @Test
    void staysFreshWhileTheLastSuccessIsExactlyTwoIntervalsOld() {
        SweepHealth health = SweepHealth.of(aroundTheClock(30), List.of(ok(NOON.minus(Duration.ofMinutes(60)))), NOON);

        assertFalse(health.stale(), health.toString());
        assertTrue(health.healthy());
        assertEquals(Optional.of(60L), health.minutesSinceLastSuccess());
    }

    @Test
    void becomesStaleJustPastTwoIntervals() {
        SweepHealth health = SweepHealth.of(aroundTheClock(30), List.of(ok(NOON.minus(Duration.ofMinutes(75)))), NOON);

        assertTrue(health.stale());
        assertFalse(health.healthy());
        assertEquals(List.of("no successful sweep for 75 min (interval 30 min: at most 60 min of active hours without one)"),
                health.reasons());
        SweepHealth justPast = SweepHealth.of(aroundTheClock(30), List.of(ok(NOON.minus(Duration.ofMinutes(60)).minusMillis(1))), NOON);
        assertTrue(justPast.stale(), "one millisecond past the allowed gap");
    }

    @Test
    void aSweepThatFoundAServiceDownIsNotASuccess() {
        List<SweepExecution> runs = List.of(ok(NOON.minus(Duration.ofMinutes(90))), run(NOON.minus(Duration.ofMinutes(50)), SweepStatus.ALERT),
                run(NOON.minus(Duration.ofMinutes(20)), SweepStatus.ALERT));

        SweepHealth health = SweepHealth.of(aroundTheClock(30), runs, NOON);

        assertFalse(SweepHealth.successful(runs.get(1)));
        assertTrue(health.stale(), "90 min since the last all-clear; the alerts since do not count");
        assertEquals(runs.get(0).executionId(), health.lastSuccessfulExecution().orElseThrow().executionId());
        assertEquals(Optional.of(90L), health.minutesSinceLastSuccess());
        assertEquals(2, health.failures24h());
        assertFalse(health.healthy());
    }

    @Test
    void anUnhealthyCheckOfAnotherTierDoesNotFailTheSweep() {
        for (Tier tier : List.of(Tier.CORE, Tier.INTEGRATION, Tier.EXTERNAL)) {
            SweepExecution sweep = alert(NOON, tier, CheckStatus.UNHEALTHY);
            assertTrue(SweepHealth.successful(sweep), tier + ": its alert is the alerting's business, not recovery's");
        }
        List<SweepExecution> runs = List.of(alert(NOON.minus(Duration.ofMinutes(50)), Tier.EXTERNAL, CheckStatus.UNHEALTHY),
                alert(NOON.minus(Duration.ofMinutes(20)), Tier.EXTERNAL, CheckStatus.UNHEALTHY));
        SweepHealth health = SweepHealth.of(aroundTheClock(30), runs, NOON);
        assertTrue(health.healthy(), health.toString());
        assertEquals(0, health.failures24h());
    }

    @Test
    void aCriticalCheckStillBelowItsFailureThresholdDoesNotFailTheSweep() {
        assertTrue(SweepHealth.successful(alert(NOON, Tier.CRITICAL, CheckStatus.HEALTHY)), "unhealthy once, not yet confirmed");
        assertTrue(SweepHealth.successful(alert(NOON, Tier.CRITICAL, CheckStatus.DEGRADED)));
    }

    @Test
    void aCriticalCheckConfirmedUnhealthyFailsTheSweep() {
        assertFalse(SweepHealth.successful(alert(NOON, Tier.CRITICAL, CheckStatus.UNHEALTHY)));
    }

    @Test
    void anAlertRecordedBeforeTiersWereKeptIsJudgedAsThenAFailure() {
        CheckOutcome old = new CheckOutcome("chk_api", "API", "http", CheckStatus.UNHEALTHY, 120, "refused", Optional.empty(), false,
                Optional.empty(), Optional.empty());
        assertFalse(SweepHealth.successful(new SweepExecution("sw_old", "tn_k3v9x2m7q4pa", SweepTrigger.SCHEDULE, NOON, 120,
                List.of(old), 0, SweepStatus.ALERT)));
    }

    @Test
    void aSweepInErrorIsNotASuccess() {
        List<SweepExecution> runs = List.of(ok(NOON.minus(Duration.ofMinutes(50))), run(NOON.minus(Duration.ofMinutes(20)), SweepStatus.ERROR));

        SweepHealth health = SweepHealth.of(aroundTheClock(30), runs, NOON);

        assertFalse(SweepHealth.successful(runs.get(1)));
        assertEquals(runs.get(0).executionId(), health.lastSuccessfulExecution().orElseThrow().executionId());
        SweepHealth later = SweepHealth.of(aroundTheClock(30), runs, NOON.plus(Duration.ofMinutes(11)));
        assertTrue(later.stale(), "61 min after the last success; the error since does not count");
    }

    @Test
    void aWarningSweepIsASuccess() {
        List<SweepExecution> runs = List.of(ok(NOON.minus(Duration.ofMinutes(90))), run(NOON.minus(Duration.ofMinutes(20)), SweepStatus.WARNING));

        SweepHealth health = SweepHealth.of(aroundTheClock(30), runs, NOON);

        assertTrue(SweepHealth.successful(runs.get(1)));
        assertTrue(health.healthy(), health.toString());
        assertEquals(runs.get(1).executionId(), health.lastSuccessfulExecution().orElseThrow().executionId());
        assertEquals(0, health.failures24h());
    }

    @Test
    void theAllowedGapIsCappedAt24Hours() {
        Tenant daily = aroundTheClock(Tenant.MAX_SWEEP_MINUTES);
        assertEquals(Duration.ofHours(24), SweepHealth.allowedGap(daily));

        assertFalse(SweepHealth.of(daily, List.of(ok(NOON.minus(Duration.ofHours(24)))), NOON).stale());
        SweepHealth health = SweepHealth.of(daily, List.of(ok(NOON.minus(Duration.ofHours(25)))), NOON);
        assertTrue(health.stale(), "not two days: 24 h at most");
        assertEquals(Optional.of(1L), health.daysSinceExecution());
    }

    @Test
    void onlyActiveHoursCountSoTheNightDoesNotMakeATenantStale() {
        Tenant office = tenant(30, ActiveHours.DEFAULT, UTC, false, NOON.minus(Duration.ofDays(30)));
        Instant lastEvening = Instant.parse("2025-03-11T20:50:00Z");
        List<SweepExecution> runs = List.of(ok(lastEvening));

        assertFalse(SweepHealth.of(office, runs, Instant.parse("2025-03-12T09:45:00Z")).stale(),
                "10 min last evening + 45 min this morning: 55 min of active hours");
        assertFalse(SweepHealth.of(office, runs, Instant.parse("2025-03-12T09:50:00Z")).stale(), "exactly 60 min");
        assertTrue(SweepHealth.of(office, runs, Instant.parse("2025-03-12T09:51:00Z")).stale());
        assertFalse(SweepHealth.of(office, runs, Instant.parse("2025-03-12T08:00:00Z")).stale(), "outside its hours");
    }

    @Test
    void activeHoursAcrossMidnightAreReadInTheTenantsZone() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");
        Tenant night = tenant(60, new ActiveHours(LocalTime.of(22, 0), LocalTime.of(6, 0)), tokyo, false,
                NOON.minus(Duration.ofDays(30)));
        // 23:30 Tokyo on the 11th is 14:30 UTC; the hours end at 06:00 Tokyo (21:00 UTC) and start again at 22:00 Tokyo (13:00 UTC).
        List<SweepExecution> runs = List.of(ok(Instant.parse("2025-03-10T20:00:00Z")));

        assertFalse(SweepHealth.of(night, runs, Instant.parse("2025-03-11T14:00:00Z")).stale(),
                "23:00 Tokyo: 05:00-06:00 this morning and 22:00-23:00 tonight, 120 min");
        assertTrue(SweepHealth.of(night, runs, Instant.parse("2025-03-11T14:00:00Z").plusSeconds(60)).stale());
        assertFalse(SweepHealth.of(night, runs, Instant.parse("2025-03-11T12:00:00Z")).stale(), "21:00 Tokyo: outside its hours");
        assertTrue(SweepHealth.of(night, runs, Instant.parse("2025-03-11T15:30:00Z")).stale(), "00:30 Tokyo, past midnight");
        assertEquals(Instant.parse("2025-03-10T20:00:00Z"), SweepHealth.gapStart(night, Instant.parse("2025-03-11T14:00:00Z")));
    }

    @Test
    void aPausedTenantIsNeverStaleNorFailing() {
        Tenant paused = tenant(30, ALWAYS, UTC, true, NOON.minus(Duration.ofDays(30)));
        List<SweepExecution> errors = List.of(run(NOON.minus(Duration.ofHours(3)), SweepStatus.ERROR),
                run(NOON.minus(Duration.ofHours(2)), SweepStatus.ERROR));

        SweepHealth health = SweepHealth.of(paused, errors, NOON);

        assertTrue(health.healthy());
        assertFalse(health.stale());
        assertTrue(health.paused());
        assertEquals(1.0, health.failureRate(), "the rate is still reported");
    }

    @Test
    void aTenantYoungerThanOneIntervalIsNotStaleAndANeverSweptOneCountsFromItsCreation() {
        Tenant young = tenant(30, ALWAYS, UTC, false, NOON.minus(Duration.ofMinutes(29)));
        assertFalse(SweepHealth.of(young, List.of(), NOON).stale());

        Tenant neverSwept = tenant(30, ALWAYS, UTC, false, NOON.minus(Duration.ofMinutes(61)));
        SweepHealth health = SweepHealth.of(neverSwept, List.of(), NOON);
        assertTrue(health.stale());
        assertEquals(List.of("no successful sweep since the tenant was created 61 min ago (interval 30 min: at most 60 min of active"
                + " hours without one)"), health.reasons());
        assertEquals(Optional.empty(), health.lastSuccessfulExecution());
        assertEquals(Optional.empty(), health.daysSinceExecution());
        assertFalse(SweepHealth.of(tenant(30, ALWAYS, UTC, false, NOON.minus(Duration.ofMinutes(60))), List.of(), NOON).stale());
    }

    @Test
    void failingWhenMoreThanHalfTheSweepsOfTheDayEndedInErrorOrAlert() {
        List<SweepExecution> runs = new ArrayList<>();
        SweepStatus[] statuses = {SweepStatus.ERROR, SweepStatus.ALL_CLEAR, SweepStatus.ALERT, SweepStatus.WARNING, SweepStatus.ERROR};
        for (int i = 0; i < statuses.length; i++) {
            runs.add(run(NOON.minus(Duration.ofMinutes(10L + 20 * i)), statuses[i]));
        }
        runs.add(run(NOON.minus(Duration.ofHours(25)), SweepStatus.ERROR));

        SweepHealth health = SweepHealth.of(aroundTheClock(30), runs, NOON);

        assertEquals(5, health.executionCount24h(), "the one of yesterday is out");
        assertEquals(3, health.failures24h());
        assertEquals(0.6, health.failureRate(), 1e-9);
        assertFalse(health.stale());
        assertFalse(health.healthy());
        assertEquals(List.of("failure rate 0.6 over 5 sweeps in 24 h (3 in error or with a critical check down; at most 0.5)"), health.reasons());
    }

    @Test
    void aTenantWhoseLatestSweepSucceededIsBackThoughItsRateOfTheDayIsStillHigh() {
        List<SweepExecution> runs = List.of(ok(NOON.minus(Duration.ofMinutes(10))),
                run(NOON.minus(Duration.ofMinutes(30)), SweepStatus.ALERT), run(NOON.minus(Duration.ofMinutes(60)), SweepStatus.ALERT),
                run(NOON.minus(Duration.ofMinutes(90)), SweepStatus.ERROR));

        SweepHealth health = SweepHealth.of(aroundTheClock(30), runs, NOON);

        assertEquals(0.75, health.failureRate(), 1e-9, "the rate is still reported");
        assertTrue(health.healthy(), "no forced sweep for a tenant whose latest sweep succeeded: " + health.reasons());
    }

    @Test
    void exactlyHalfOrASingleFailedSweepIsNoFailingRate() {
        List<SweepExecution> half = List.of(run(NOON.minus(Duration.ofMinutes(40)), SweepStatus.ERROR),
                ok(NOON.minus(Duration.ofMinutes(20))));
        assertTrue(SweepHealth.of(aroundTheClock(30), half, NOON).healthy());

        List<SweepExecution> single = List.of(run(NOON.minus(Duration.ofMinutes(20)), SweepStatus.ERROR));
        SweepHealth one = SweepHealth.of(tenant(30, ALWAYS, UTC, false, NOON.minus(Duration.ofMinutes(40))), single, NOON);
        assertEquals(1.0, one.failureRate());
        assertTrue(one.healthy(), "one sweep is no rate, and the tenant is not stale yet");
    }

    @Test
    void noExecutionsIsARateOfZero() {
        SweepHealth health = SweepHealth.of(aroundTheClock(30), List.of(), NOON);
        assertEquals(0, health.executionCount24h());
        assertEquals(0.0, health.failureRate());
        assertTrue(health.stale(), "a tenant of 30 days never swept");
    }

    @Test
    void theLookbackReachesAsFarAsTheAllowedGapInActiveHours() {
        Tenant office = tenant(Tenant.MAX_SWEEP_MINUTES, ActiveHours.DEFAULT, UTC, false, NOON.minus(Duration.ofDays(30)));
        // 24 h of 09:00-21:00 days: 3 h this morning, 12 h yesterday, and the last 9 h of the day before.
        assertEquals(Instant.parse("2025-03-10T12:00:00Z"), SweepHealth.lookback(office, NOON));
        assertEquals(NOON.minus(Duration.ofHours(24)), SweepHealth.lookback(aroundTheClock(30), NOON));
    }

    @Test
    void theSystemIsHealthyOnlyWhenEveryTenantIsAndListsTheOnesToRecover() {
        SweepHealth fine = SweepHealth.of(aroundTheClock(30), List.of(ok(NOON.minus(Duration.ofMinutes(10))),
                run(NOON.minus(Duration.ofMinutes(40)), SweepStatus.ERROR)), NOON);
        SweepHealth stale = SweepHealth.of(aroundTheClock(30), List.of(), NOON);
        Tenant other = new Tenant("tn_otherotherot", "globex", UTC, 30, ALWAYS, Optional.empty(), false, NOON.minus(Duration.ofDays(1)),
                NOON.minus(Duration.ofDays(1)), Optional.empty(), 1);
        SweepHealth failing = SweepHealth.of(other, List.of(run(NOON.minus(Duration.ofMinutes(10)), SweepStatus.ERROR),
                run(NOON.minus(Duration.ofMinutes(20)), SweepStatus.ERROR), ok(NOON.minus(Duration.ofMinutes(30)))), NOON);

        SweepHealth.SystemView view = new SweepHealth.SystemView(List.of(fine, failing));
        assertFalse(view.isSystemHealthy());
        assertEquals(List.of("tn_otherotherot"), view.needsRecovery());
        assertEquals((0.5 + 2.0 / 3) / 2, view.averageFailureRate(), 1e-9);
        assertEquals(0.5, new SweepHealth.SystemView(List.of(fine, stale)).averageFailureRate(), 1e-9,
                "a tenant without sweeps has no rate to average");
        assertTrue(new SweepHealth.SystemView(List.of(fine)).isSystemHealthy());
        assertTrue(new SweepHealth.SystemView(List.of()).isSystemHealthy());
    }

    @Test
    void theDiagnosisNamesTheFailingChecksTheLastGoodSweepAndUpToFiveDistinctErrors() {
        List<SweepExecution> runs = new ArrayList<>();
        runs.add(ok(NOON.minus(Duration.ofHours(3))));
        for (int i = 0; i < 4; i++) {
            runs.add(new SweepExecution("sw_err" + i, "tn_k3v9x2m7q4pa", SweepTrigger.SCHEDULE, NOON.minus(Duration.ofMinutes(100 - 20L * i)),
                    5000, List.of(outcome("chk_db", CheckStatus.UNKNOWN, "timed out after 5000 ms"),
                    outcome("chk_api" + i, CheckStatus.UNHEALTHY, "status == 200 failed: was 50" + i),
                    outcome("chk_web", CheckStatus.DEGRADED, "latencyMs < 800 failed: was 950"),
                    outcome("chk_ok", CheckStatus.HEALTHY, "all 2 conditions hold")), 0, SweepStatus.ERROR));
        }
        SweepHealth health = SweepHealth.of(aroundTheClock(30), runs, NOON);

        SweepDiagnosis diagnosis = SweepDiagnosis.of(health, runs);

        assertEquals("sw_err3", diagnosis.latest().orElseThrow().executionId());
        assertEquals(List.of("chk_db", "chk_api3", "chk_web"), diagnosis.failingChecks().stream().map(CheckOutcome::checkId).toList());
        assertEquals(runs.get(0).executionId(), health.lastSuccessfulExecution().orElseThrow().executionId());
        assertEquals(List.of("chk_db", "chk_api3", "chk_api2", "chk_api1", "chk_api0"),
                diagnosis.errorSamples().stream().map(SweepDiagnosis.ErrorSample::checkId).toList(), "newest first, one per check and reason");
        assertTrue(diagnosis.operations().contains(new SweepDiagnosis.Operation("POST", "/api/tenants/tn_k3v9x2m7q4pa/sweep",
                "sweep the tenant now: every enabled check, whatever the hour")));
        assertEquals("5000", diagnosis.toJson().path("failingChecks").path(0).path("latencyMs").asText());
        assertEquals("latencyMs < 800", diagnosis.toJson().path("failingChecks").path(2).path("threshold").asText());
    }

    private static CheckOutcome outcome(String id, CheckStatus status, String reason) {
        Optional<String> threshold = status == CheckStatus.HEALTHY || status == CheckStatus.UNKNOWN ? Optional.empty()
                : Optional.of(reason.substring(0, reason.indexOf(" failed")));
        return new CheckOutcome(id, id, "http", status, status == CheckStatus.UNKNOWN ? 5000 : 120, reason, threshold, false,
                Optional.of(Tier.CORE), Optional.of(status == CheckStatus.UNKNOWN ? CheckStatus.HEALTHY : status));
    }
}
