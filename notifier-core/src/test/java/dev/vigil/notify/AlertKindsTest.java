package dev.vigil.notify;

import static dev.vigil.fixtures.SampleAlerts.CHECK_DEGRADED;
import static dev.vigil.fixtures.SampleAlerts.CHECK_RECOVERED;
import static dev.vigil.fixtures.SampleAlerts.CHECK_UNHEALTHY;
import static dev.vigil.fixtures.SampleAlerts.DOWN;
import static dev.vigil.fixtures.SampleAlerts.T;
import static dev.vigil.fixtures.SampleAlerts.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.bus.AlertEventCodec;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.CheckFacts;
import dev.vigil.runtime.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The alert kinds beyond down and up: how they are named, worded and carried on the bus. */
class AlertKindsTest {

    @Test
    void remindersAreNumberedPerOutageAndGoToOneChannel() {
        AlertEvent second = Alerts.reminder(Alerts.reminder(DOWN, 1, "ch_a", T.plusSeconds(600)), 2, "ch_a", T.plusSeconds(1200));
        assertEquals("app_x-3-r2-ch_a", second.eventId());
        assertEquals(3, second.flip(), "the numbers travel as numbers, not inside the id");
        assertEquals(2, second.reminder());
        assertEquals(List.of("ch_a"), second.channels());
        assertEquals("STILL DOWN", AlertText.state(second));
        assertEquals(" is still DOWN", AlertText.stateSuffix(second));
        assertEquals(AlertText.Tone.ALARM, AlertText.tone(second));
        assertTrue(AlertText.explanation(second).contains("reminder 2"));
    }

    @Test
    void anEscalatedRecoveryIsAnAlarmAboutTheTenantAndCarriesItsDiagnosisOnTheBus() {
        AlertEvent escalated = new AlertEvent("recovery-escalated-tn_k3v9x2m7q4pa-1", dev.vigil.domain.AlertType.RECOVERY_ESCALATED,
                "tn_k3v9x2m7q4pa", "Acme", dev.vigil.domain.Status.DOWN, dev.vigil.domain.Status.DOWN, Optional.empty(), Optional.empty(),
                1800, 0, T, List.of(), dev.vigil.domain.Severity.CRITICAL, Optional.empty(),
                Optional.of("2 forced sweeps failed; last: the forced sweep ended in error"), 2, 0, "tn_k3v9x2m7q4pa", Optional.empty(),
                Optional.of("{\"attemptsMade\":2,\"failingChecks\":[{\"name\":\"Public API\",\"latencyMs\":10000}]}"));
        assertEquals("RECOVERY ESCALATED", AlertText.state(escalated));
        assertEquals("Acme: recovery escalated", escalated.name() + AlertText.stateSuffix(escalated));
        assertEquals("2 forced sweeps failed; last: the forced sweep ended in error", AlertText.explanation(escalated));
        assertEquals(AlertText.Tone.ALARM, AlertText.tone(escalated));
        assertTrue(!escalated.aboutOneApplication() && escalated.aboutTenant(), "no application is looked up for it");
        assertEquals("vigil:tenant/tn_k3v9x2m7q4pa", AlertEventCodec.resource(escalated));
        assertEquals(escalated, AlertEventCodec.fromDetail(Json.MAPPER.valueToTree(AlertEventCodec.toDetail(escalated))), "it survives the bus");
    }

    @Test
    void flappingKeepsTheFlipsIdAndSaysHowOften() {
        AlertEvent flapping = Alerts.flapping(DOWN, 5, Duration.ofMinutes(30), dev.vigil.domain.Status.UP);
        assertEquals(DOWN.eventId(), flapping.eventId());
        assertEquals(" is flapping", AlertText.stateSuffix(flapping));
        assertTrue(AlertText.explanation(flapping).startsWith("Flapping: 5 state changes in 30 min"));
        assertTrue(AlertText.explanation(flapping).endsWith("it is UP now."), "the state when it is sent, not the flip's");
    }

    @Test
    void aDigestListsTheHeldAlertsAndIsNeutral() {
        AlertEvent digest = Alerts.digest("ch_a", List.of(DOWN, UP), Instant.parse("2026-11-25T07:00:00Z"),
                Instant.parse("2026-11-25T07:00:20Z"));
        assertEquals("2 alerts held during quiet hours", digest.name());
        assertEquals(AlertText.Tone.INFO, AlertText.tone(digest));
        assertEquals("- 2026-11-24 22:30 UTC: nightly-backup went DOWN\n- 2026-11-24 22:40 UTC: nightly-backup is UP again",
                digest.note().orElseThrow());
        assertEquals(digest, AlertEventCodec.fromDetail(Json.MAPPER.valueToTree(AlertEventCodec.toDetail(digest))), "it survives the bus");
    }

    @Test
    void checkAlertsNameTheCheckStatusAndWhatTheRunFound() {
        assertEquals("UNHEALTHY", AlertText.state(CHECK_UNHEALTHY));
        assertEquals(" is UNHEALTHY", AlertText.stateSuffix(CHECK_UNHEALTHY));
        assertEquals(" is DEGRADED", AlertText.stateSuffix(CHECK_DEGRADED));
        assertEquals(" is HEALTHY again", AlertText.stateSuffix(CHECK_RECOVERED));
        assertEquals(AlertText.Tone.ALARM, AlertText.tone(CHECK_DEGRADED));
        assertEquals(AlertText.Tone.RECOVERY, AlertText.tone(CHECK_RECOVERED));

        CheckFacts unhealthy = CHECK_UNHEALTHY.check().orElseThrow();
        assertEquals("UNHEALTHY (was HEALTHY)", AlertText.checkChange(unhealthy));
        assertEquals("latencyMs < 500 failed: was 812; latency 812 ms", AlertText.checkFinding(unhealthy));
        assertEquals(AlertText.checkFinding(unhealthy), AlertText.explanation(CHECK_UNHEALTHY),
                "the status change is in the headline; the note would say it twice");
        assertEquals("all 2 conditions hold; latency 95 ms", AlertText.explanation(CHECK_RECOVERED));
        assertEquals("HEALTHY (was UNHEALTHY)", AlertText.checkChange(CHECK_RECOVERED.check().orElseThrow()));
    }

    @Test
    void aCheckShowsItsMeasuredValuesButNotItsLatencyTwice() {
        CheckFacts facts = new CheckFacts("dns", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 30, Optional.empty(), "",
                "{\"latencyMs\":30,\"records\":[\"10.0.0.1\",\"10.0.0.2\"],\"answer\":{\"nested\":1},"
                        + "\"note\":\"two\\nlines\",\"long\":\"" + "x".repeat(300) + "\",\"missing\":null,"
                        + "\"a\":1,\"b\":2,\"c\":3,\"d\":4}");
        List<Map.Entry<String, String>> measured = AlertText.checkMeasured(facts);
        assertEquals(List.of("records", "note", "long", "a", "b", "c"), measured.stream().map(Map.Entry::getKey).toList(),
                "values in the order measured, up to " + AlertText.MAX_MEASURED);
        assertEquals("10.0.0.1, 10.0.0.2", measured.get(0).getValue());
        assertEquals("two lines", measured.get(1).getValue());
        assertEquals(AlertText.MAX_MEASURED_VALUE, measured.get(2).getValue().length());
        assertTrue(AlertText.checkMeasuredLine(facts).startsWith("records: 10.0.0.1, 10.0.0.2, note: two lines, long: xxx"));
        assertEquals("latency 30 ms", AlertText.checkFinding(facts), "no reason and no condition: the latency alone");
        assertEquals(List.of(), AlertText.checkMeasured(new CheckFacts("tcp", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 1,
                Optional.empty(), "", "not json")));
    }

    @Test
    void aDigestSaysWhatEachHeldCheckBecame() {
        AlertEvent digest = Alerts.digest("ch_a", List.of(CHECK_DEGRADED, CHECK_RECOVERED), Instant.parse("2026-11-25T07:00:00Z"),
                Instant.parse("2026-11-25T07:00:20Z"));
        assertEquals("- 2026-11-24 22:20 UTC: api-health became DEGRADED\n- 2026-11-24 22:45 UTC: api-health became HEALTHY",
                digest.note().orElseThrow());
    }
    @Test
    void scheduledTaskAlertsSayFailingOrOkAgainAndSurviveTheBus() {
        dev.vigil.domain.ScheduledTask task = new dev.vigil.domain.ScheduledTask("task_aaaaaaaaaaaa", "default", "nightly export",
                dev.vigil.domain.CronExpression.parse("30 2 * * *"), java.time.ZoneId.of("Europe/Paris"), true,
                new dev.vigil.domain.TaskTarget.Event("{}"), 1, dev.vigil.domain.TaskStatus.OK, 0, 4, Optional.empty(),
                Optional.empty(), T, T, 1);
        AlertEvent failing = Alerts.taskChanged(task, dev.vigil.domain.TaskStatus.FAILING, 5,
                Optional.of("HTTP 500 from hooks.example.com"), T);
        assertEquals("FAILING", AlertText.state(failing));
        assertEquals(" (scheduled task) is FAILING", AlertText.stateSuffix(failing));
        assertEquals(AlertText.Tone.ALARM, AlertText.tone(failing));
        assertTrue(AlertText.explanation(failing).contains("HTTP 500 from hooks.example.com"));
        assertEquals(failing, AlertEventCodec.fromDetail(Json.MAPPER.valueToTree(AlertEventCodec.toDetail(failing))), "it survives the bus");
        AlertEvent ok = Alerts.taskChanged(task, dev.vigil.domain.TaskStatus.OK, 6, Optional.empty(), T);
        assertEquals(" (scheduled task) runs OK again", AlertText.stateSuffix(ok));
        assertEquals(AlertText.Tone.RECOVERY, AlertText.tone(ok));
    }

    @Test
    void downFlipOfAFailedRunIsExplainedByItsNote() {
        dev.vigil.domain.Application app = new dev.vigil.domain.Application("app_k3v9x2m7q4pa",
                "3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13", "nightly-backup", 300, 60, dev.vigil.domain.Status.UP,
                dev.vigil.domain.Status.UP, true, java.util.Optional.empty(), java.time.Instant.EPOCH,
                java.util.Optional.empty(), 0, java.time.Instant.EPOCH, java.time.Instant.EPOCH);
        dev.vigil.domain.AlertEvent failed = dev.vigil.domain.Alerts.failed(app, "Failed: the job sent a fail signal.",
                java.time.Instant.EPOCH, java.time.Instant.EPOCH);

        assertEquals("Failed: the job sent a fail signal.", AlertText.explanation(failed));
    }
}
