package dev.vigil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.AlertLifecycle.Effect;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.SamTemplate;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which alert record each alert event opens, counts on or resolves, and at which severity. */
class AlertLifecycleTest {
    private static final Instant T = Instant.parse("2026-11-30T12:00:00Z");

    private static Application app(Severity severity) {
        return Application.registered("app_k3v9x2m7q4pa", "3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13", "billing", 60, 0, true,
                List.of(), severity, Optional.empty(), T.minusSeconds(3600));
    }

    private static AlertEvent down(Severity severity) {
        return Alerts.down(app(severity), T.minusSeconds(1), T);
    }

    private static AlertEvent check(String status, String was, Optional<String> tier) {
        CheckFacts facts = new CheckFacts("http", status, was, 812, Optional.empty(), "", "{}");
        return Alerts.checkChanged("chk_k3v9x2m7q4pa", Tenant.DEFAULT_ID, "api", 7,
                tier.map(facts::inTier).orElse(facts), List.of(), Optional.empty(), T);
    }

    @Test
    void aCriticalApplicationDownOpensAP1AboutTheApplication() {
        assertEquals(new Effect.Open("app_k3v9x2m7q4pa", AlertSeverity.P1), AlertLifecycle.effectOf(down(Severity.CRITICAL)));
    }

    @Test
    void aWarningOrInfoApplicationDownOpensAP2() {
        assertEquals(new Effect.Open("app_k3v9x2m7q4pa", AlertSeverity.P2), AlertLifecycle.effectOf(down(Severity.WARNING)));
        assertEquals(new Effect.Open("app_k3v9x2m7q4pa", AlertSeverity.P2), AlertLifecycle.effectOf(down(Severity.INFO)));
    }

    @Test
    void anApplicationUpResolvesItsAlert() {
        AlertEvent up = Alerts.upAfter(down(Severity.CRITICAL), app(Severity.CRITICAL), T.plusSeconds(60));
        assertEquals(new Effect.Resolve("app_k3v9x2m7q4pa"), AlertLifecycle.effectOf(up));
    }

    @Test
    void aReminderCountsAsARepeatedBreach() {
        AlertEvent reminder = Alerts.reminder(down(Severity.CRITICAL), 1, "ch_k3v9x2m7q4pa", T.plusSeconds(900));
        assertEquals(new Effect.Repeat("app_k3v9x2m7q4pa"), AlertLifecycle.effectOf(reminder));
    }

    @Test
    void noticesAndDigestsLeaveTheRecordsAlone() {
        AlertEvent down = down(Severity.CRITICAL);
        assertEquals(new Effect.None(), AlertLifecycle.effectOf(Alerts.flapping(down, 5, Duration.ofMinutes(30), Status.DOWN)));
        assertEquals(new Effect.None(), AlertLifecycle.effectOf(Alerts.digest("ch_k3v9x2m7q4pa", List.of(down),
                T.plusSeconds(60), T.plusSeconds(60))));
        assertEquals(new Effect.None(), AlertLifecycle.effectOf(Alerts.settled(app(Severity.CRITICAL), Duration.ofMinutes(10),
                T.plusSeconds(600))));
    }

    @Test
    void anUnhealthyCriticalTierCheckOpensAP1() {
        assertEquals(new Effect.Open("chk_k3v9x2m7q4pa", AlertSeverity.P1),
                AlertLifecycle.effectOf(check(CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, Optional.of("critical"))));
    }

    @Test
    void anUnhealthyCheckOfAnotherTierOrOfNoKnownTierOpensAP2() {
        assertEquals(new Effect.Open("chk_k3v9x2m7q4pa", AlertSeverity.P2),
                AlertLifecycle.effectOf(check(CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, Optional.of("core"))));
        assertEquals(new Effect.Open("chk_k3v9x2m7q4pa", AlertSeverity.P2),
                AlertLifecycle.effectOf(check(CheckFacts.UNHEALTHY, CheckFacts.DEGRADED, Optional.empty())));
    }

    @Test
    void aDegradedCheckOpensAP3WhateverItsTier() {
        assertEquals(new Effect.Open("chk_k3v9x2m7q4pa", AlertSeverity.P3),
                AlertLifecycle.effectOf(check(CheckFacts.DEGRADED, CheckFacts.HEALTHY, Optional.of("critical"))));
    }

    @Test
    void aHealthyCheckResolvesItsAlert() {
        assertEquals(new Effect.Resolve("chk_k3v9x2m7q4pa"),
                AlertLifecycle.effectOf(check(CheckFacts.HEALTHY, CheckFacts.UNHEALTHY, Optional.of("critical"))));
    }

    @Test
    void anEscalatedRecoveryOpensAP1AboutTheTenantThatNoRecoveryEventResolves() throws Exception {
        AlertEvent escalated = AlertEventCodec.fromBusEvent(Json.parse(Files.readString(
                SamTemplate.locate().getParent().resolve("events/recovery-escalated.json"))));
        String subject = AlertLifecycle.escalationSubject(escalated.applicationId());
        assertEquals(new Effect.Open(subject, AlertSeverity.P1), AlertLifecycle.effectOf(escalated));
        assertNotEquals(escalated.applicationId(), subject, "an application or check id never resolves an escalation");
    }

    private static ScheduledTask task(TaskStatus status) {
        return new ScheduledTask("task_k3v9x2m7q4pa", Tenant.DEFAULT_ID, "nightly-report", CronExpression.parse("0 3 * * *"),
                ZoneId.of("Europe/Paris"), true, new TaskTarget.Event("{}"), 1, status, 0, 1, Optional.of(T), Optional.empty(),
                T, T, 1);
    }

    @Test
    void aFailingScheduledTaskOpensAP2AboutTheTaskThatItsNextGoodRunResolves() {
        ScheduledTask task = task(TaskStatus.OK);
        AlertEvent failing = Alerts.taskChanged(task, TaskStatus.FAILING, 1, Optional.of("503"), T);
        AlertEvent ok = Alerts.taskChanged(task(TaskStatus.FAILING), TaskStatus.OK, 2, Optional.empty(), T);

        assertEquals(new Effect.Open("task_k3v9x2m7q4pa", AlertSeverity.P2), AlertLifecycle.effectOf(failing));
        assertEquals(new Effect.Resolve("task_k3v9x2m7q4pa"), AlertLifecycle.effectOf(ok));
    }
}
