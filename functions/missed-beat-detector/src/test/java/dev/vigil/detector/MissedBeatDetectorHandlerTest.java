package dev.vigil.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Application;
import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.RecordingBus;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.ScheduleRate;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.PulseRecorder;
import dev.vigil.store.PulseStore;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.LambdaContext;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.testkit.TestClock;
import dev.vigil.wiring.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detector fed events/schedule-tick.json with the template's schedule settings, against DynamoDB
 * Local. Waiting between passes moves the test clock instead of sleeping.
 */
class MissedBeatDetectorHandlerTest {
    static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    final DynamoLocal db = DynamoLocal.shared();
    final TestClock clock = new TestClock(START);
    final RecordingBus bus = new RecordingBus();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    final List<String> metricLines = new CopyOnWriteArrayList<>();
    Map<String, String> env;

    @BeforeEach
    void emptyTables() {
        db.reset();
        SamTemplate template = SamTemplate.load();
        env = new HashMap<>(template.environment(template.function("MissedBeatDetectorFunction").orElseThrow(), Map.of()));
    }

    @Test
    void templateDefaultsGiveTwoPassesPerTick() {
        assertEquals("rate(1 minute)", env.get("SCHEDULE_EXPRESSION"));
        assertEquals("30", env.get("CHECK_INTERVAL_SECONDS"));
        assertEquals(2, new MissedBeatDetectorHandler(platform()).passesPerInvocation());
    }

    @Test
    void scheduleTickRunsTwoPassesThirtySecondsApart() throws IOException {
        JsonNode summary = invoke(handler(), null);

        assertEquals(Json.object().put("passes", 2).put("flippedDown", 0).put("recoveries", 0).put("published", 0)
                .put("unknown", 0), summary);
        assertEquals(List.of(Duration.ofSeconds(30)), sleeps, "one wait between the two passes");
        assertEquals(START.plusSeconds(30), clock.instant());
    }

    @Test
    void overdueApplicationIsFlippedOnceAndAnnouncedOnce() throws IOException {
        Application app = register("nightly-backup", 60, 0);
        clock.set(START.plusSeconds(61));
        MissedBeatDetectorHandler handler = handler();

        JsonNode first = invoke(handler, null);
        JsonNode second = invoke(handler, null);

        assertEquals(1, first.path("flippedDown").asInt(), first.toString());
        assertEquals(1, first.path("published").asInt(), first.toString());
        assertEquals(0, second.path("flippedDown").asInt(), "a down application is not flipped again: " + second);
        assertEquals(0, second.path("published").asInt(), second.toString());
        assertEquals(1, bus.published.size(), "published: " + bus.published);
        AlertEvent down = bus.published.get(0);
        assertEquals(AlertType.APPLICATION_DOWN, down.type());
        assertEquals(app.id() + "-1", down.eventId());
        assertEquals("nightly-backup", down.name());
        assertEquals(Status.NEW, down.previousStatus());
        assertEquals(Optional.of(START.plusSeconds(60)), down.deadline());
        Application stored = platform().tables().applications().findByUuid(app.uuid()).orElseThrow();
        assertEquals(Status.DOWN, stored.status());
        assertEquals(1, stored.flips());
        assertEquals(List.of(), platform().tables().events().pending(10));
    }

    @Test
    void anInvocationWritesItsFlipsAlertsAndOneDurationPerPassAsOneMetricLine() throws IOException {
        register("nightly-backup", 60, 0);
        clock.set(START.plusSeconds(61));

        invoke(handler(), null);

        assertEquals(1, metricLines.size(), String.valueOf(metricLines));
        JsonNode line = Json.parse(metricLines.get(0));
        assertEquals("missed-beat-detector", line.path("Function").asText());
        assertEquals(1, line.path("Flips").asLong());
        assertEquals(1, line.path("AlertsPublished").asLong());
        assertEquals(2, line.path("DetectorDurationMs").size(), "one duration per pass: " + line);
    }

    @Test
    void secondPassCatchesApplicationThatBecomesOverdueDuringTheInvocation() throws IOException {
        register("nightly-backup", 60, 0);
        clock.set(START.plusSeconds(45));

        JsonNode summary = invoke(handler(), null);

        assertEquals(2, summary.path("passes").asInt());
        assertEquals(1, summary.path("flippedDown").asInt(), "overdue at +75s, seen by the second pass: " + summary);
        assertEquals(List.of(AlertType.APPLICATION_DOWN), bus.published.stream().map(AlertEvent::type).toList());
    }

    @Test
    void applicationWithinItsGracePeriodIsNotFlipped() throws IOException {
        register("nightly-backup", 60, 120);
        clock.set(START.plusSeconds(100));

        JsonNode summary = invoke(handler(), null);

        assertEquals(0, summary.path("flippedDown").asInt(), summary.toString());
        assertTrue(bus.published.isEmpty());
    }

    @Test
    void busOutageKeepsDownEventPendingUntilALaterTick() throws IOException {
        Application app = register("nightly-backup", 60, 0);
        clock.set(START.plusSeconds(120));
        bus.failing = true;
        MissedBeatDetectorHandler handler = handler();

        JsonNode duringOutage = invoke(handler, null);
        bus.failing = false;
        JsonNode after = invoke(handler, null);

        assertEquals(1, duringOutage.path("flippedDown").asInt());
        assertEquals(0, duringOutage.path("published").asInt());
        assertEquals(1, after.path("published").asInt(), after.toString());
        assertEquals(List.of(app.id() + "-1"), bus.published.stream().map(AlertEvent::eventId).toList());
    }

    @Test
    void stopsEarlyWhenTheInvocationIsRunningOutOfTime() throws IOException {
        JsonNode summary = invoke(handler(), new LambdaContext("missed-beat-detector", Duration.ofSeconds(20), 512));

        assertEquals(1, summary.path("passes").asInt(), "30 s wait + 10 s margin does not fit in 20 s: " + summary);
        assertEquals(List.of(), sleeps);
    }

    @Test
    void theKillSwitchTurnsDetectionIntoASuccessfulNoOp() throws IOException {
        assertEquals("true", env.get("HEARTBEAT_ENABLED"), "the template's default");
        register("nightly-backup", 60, 0);
        clock.set(START.plusSeconds(61));
        env.put("HEARTBEAT_ENABLED", "false");

        JsonNode summary = invoke(new MissedBeatDetectorHandler(platform()), null);

        assertEquals(Json.object().put("disabled", true).put("passes", 0), summary);
        assertEquals(List.of(), bus.published, "nothing is flipped or published while switched off");
        env.put("HEARTBEAT_ENABLED", "off");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MissedBeatDetectorHandler(platform()));
        assertTrue(e.getMessage().contains("HEARTBEAT_ENABLED"), e.getMessage());
    }

    @Test
    void aScheduledRunRecordsAHealthyPulseWithItsCountsAndNextExpectedRun() throws IOException {
        register("nightly-backup", 60, 0);
        clock.set(START.plusSeconds(61));

        invoke(handler(), null);

        Pulse pulse = pulses().find(Component.MISSED_BEAT_DETECTOR).orElseThrow();
        assertEquals(Pulse.Outcome.HEALTHY, pulse.outcome());
        assertEquals(START.plusSeconds(91), pulse.at(), "when the run finished (after its two passes)");
        assertEquals(Map.of("passes", 2L, "flippedDown", 1L, "recoveries", 0L, "published", 1L, "unknown", 0L), pulse.counts());
        assertEquals(Duration.ofMinutes(1), pulse.schedule(), "the template's DetectorSchedule");
        assertEquals(START.plusSeconds(151), pulse.nextExpected());
        assertFalse(pulse.disabled());
    }

    @Test
    void aFailedRunRecordsAnErrorPulseWithoutItsMessageAndStillFails() {
        Platform platform = platform();
        ApplicationStore broken = new ApplicationStore(db.client(), "NoSuchTable-tn_k3v9x2m7q4pa", 8);
        MissedBeatDetectorHandler handler = handler(new MissedBeatScan(broken, platform.ledger(), clock), pulses());

        assertThrows(RuntimeException.class, () -> invoke(handler, null), "Lambda still sees the failure");

        Pulse pulse = pulses().find(Component.MISSED_BEAT_DETECTOR).orElseThrow();
        assertEquals(Pulse.Outcome.ERROR, pulse.outcome());
        assertEquals(1, pulse.errors().size(), pulse.errors().toString());
        assertTrue(pulse.errors().get(0).startsWith("run failed: "), pulse.errors().toString());
        assertFalse(pulse.errors().get(0).contains("tn_k3v9x2m7q4pa"), "no message text, so no table or tenant name");
    }

    @Test
    void aRunWithTheKillSwitchOffRecordsAHealthyDisabledPulse() throws IOException {
        env.put("HEARTBEAT_ENABLED", "false");

        invoke(new MissedBeatDetectorHandler(platform()), null);

        Pulse pulse = pulses().find(Component.MISSED_BEAT_DETECTOR).orElseThrow();
        assertEquals(Pulse.Outcome.HEALTHY, pulse.outcome());
        assertTrue(pulse.disabled());
        assertEquals(START, pulse.at());
    }

    @Test
    void aPulseThatCannotBeWrittenDoesNotFailTheRun() throws IOException {
        MissedBeatDetectorHandler handler = handler(new MissedBeatScan(platform().tables().applications(), platform().ledger(), clock),
                new PulseStore(db.client(), "NoSuchPulseTable"));

        JsonNode summary = invoke(handler, null);

        assertEquals(2, summary.path("passes").asInt());
    }

    @Test
    void nonPositiveCheckIntervalIsRejectedAtStartUp() {
        env.put("CHECK_INTERVAL_SECONDS", "0");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MissedBeatDetectorHandler(platform()));
        assertTrue(e.getMessage().contains("CHECK_INTERVAL_SECONDS"), e.getMessage());
    }

    @Test
    void nonNumericCheckIntervalIsRejectedWithTheVariableName() {
        env.put("CHECK_INTERVAL_SECONDS", "thirty");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MissedBeatDetectorHandler(platform()));
        assertTrue(e.getMessage().contains("CHECK_INTERVAL_SECONDS") && e.getMessage().contains("thirty"), e.getMessage());
    }

    @Test
    void garbageScheduleExpressionIsRejectedAtStartUp() {
        env.put("SCHEDULE_EXPRESSION", "every minute");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new MissedBeatDetectorHandler(platform()));
        assertTrue(e.getMessage().contains("SCHEDULE_EXPRESSION"), e.getMessage());
    }

    @Test
    void scheduleRateReadsRateExpressions() {
        assertEquals(Duration.ofMinutes(5), ScheduleRate.parse("rate(5 minutes)"));
        assertEquals(Duration.ofMinutes(1), ScheduleRate.parse("rate(1 minute)"));
        assertEquals(Duration.ofHours(2), ScheduleRate.parse("rate(2 hours)"));
        assertEquals(Duration.ofDays(1), ScheduleRate.parse("rate(1 day)"));
        assertEquals(Duration.ofMinutes(10), ScheduleRate.parse("  Rate(10 Minutes) "));
    }

    @Test
    void scheduleRateCountsCronAsOneMinute() {
        assertEquals(Duration.ofMinutes(1), ScheduleRate.parse("cron(0/5 * * * ? *)"));
        assertEquals(Duration.ofMinutes(1), ScheduleRate.parse("cron(0 12 * * ? *)"));
    }

    @Test
    void scheduleRateRejectsGarbageWithClearMessage() {
        for (String garbage : new String[] {"every 5 minutes", "rate(five minutes)", "rate(5 fortnights)", "", "rate()"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScheduleRate.parse(garbage),
                    "'" + garbage + "'");
            assertTrue(e.getMessage().contains("SCHEDULE_EXPRESSION must be rate(...) or cron(...)"), e.getMessage());
            assertTrue(e.getMessage().contains("'" + garbage + "'"), "message names the value: " + e.getMessage());
        }
    }

    @Test
    void fiveMinuteScheduleWithThirtySecondChecksGivesTenPasses() {
        env.put("SCHEDULE_EXPRESSION", "rate(5 minutes)");
        assertEquals(10, new MissedBeatDetectorHandler(platform()).passesPerInvocation());
    }

    // --- helpers -------------------------------------------------------------------------------

    Platform platform() {
        return Platform.builder(Env.of(env)).clock(clock).dynamo(db.client()).bus(bus).metricLines(metricLines::add).build();
    }

    /** The handler as the template configures it, waiting by moving the clock. */
    MissedBeatDetectorHandler handler() {
        Platform platform = platform();
        return handler(new MissedBeatScan(platform.tables().applications(), platform.ledger(), clock), pulses());
    }

    /** The handler with {@code scan}, recording its pulses in {@code pulses}, waiting by moving the clock. */
    MissedBeatDetectorHandler handler(MissedBeatScan scan, PulseStore pulses) {
        Platform platform = platform();
        return new MissedBeatDetectorHandler(scan, new PulseRecorder(pulses, Component.MISSED_BEAT_DETECTOR,
                ScheduleRate.parse(platform.env().require("SCHEDULE_EXPRESSION")), clock),
                Duration.ofSeconds(platform.env().getLong("CHECK_INTERVAL_SECONDS", -1)),
                duration -> {
                    sleeps.add(duration);
                    clock.advance(duration);
                }, true, platform.metrics(MissedBeatDetectorHandler.FUNCTION));
    }

    PulseStore pulses() {
        return new PulseStore(db.client(), env.get("PULSE_TABLE"));
    }

    Application register(String name, long interval, long grace) {
        Application app = Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), name, interval,
                grace, true, List.of(), Severity.CRITICAL, Optional.empty(), clock.instant());
        platform().tables().applications().create(app);
        return app;
    }

    static JsonNode invoke(MissedBeatDetectorHandler handler, Context context) throws IOException {
        Path tick = SamTemplate.locate().getParent().resolve("events").resolve("schedule-tick.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(tick)) {
            handler.handleRequest(in, out, context);
        }
        return Json.MAPPER.readTree(out.toByteArray());
    }

    /** A Lambda context with a fixed amount of time left. */
}
