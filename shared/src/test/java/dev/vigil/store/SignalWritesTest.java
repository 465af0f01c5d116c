package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Application;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.Runs;
import dev.vigil.domain.SignalKind;
import dev.vigil.domain.Status;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Beats with signals written to DynamoDB Local: what each signal changes on the item, and in how many writes. */
class SignalWritesTest {
    private final TestPlatform f = new TestPlatform();
    private final ApplicationStore store = f.tables().applications();
    private final CountingDynamo counting = new CountingDynamo(f.db.client());
    private final ApplicationStore counted = new ApplicationStore(counting.client(), "ApplicationsTable", 8);

    private Application register(BeatRules rules) {
        Instant now = f.clock.instant();
        Application app = Application.registered("app_" + UUID.randomUUID().toString().substring(0, 12),
                UUID.randomUUID().toString(), "job", 60, 10, true, List.of(), dev.vigil.domain.Severity.CRITICAL,
                Optional.empty(), now).withRules(rules);
        store.create(app);
        return app;
    }

    private Application registerDown(BeatRules rules) {
        Instant now = f.clock.instant();
        Application app = new Application("app_" + UUID.randomUUID().toString().substring(0, 12),
                UUID.randomUUID().toString(), "job", 60, 10, Status.DOWN, Status.DOWN, true, Optional.of(now), now,
                Optional.empty(), 1, now, now).withRules(rules);
        store.create(app);
        return app;
    }

    private HeartbeatLog.Beat beat(SignalKind kind, Optional<String> rid) {
        return new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(), Optional.empty(),
                new BeatDetail(kind, Optional.empty(), rid, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Map.of()));
    }

    private Application stored(Application app) {
        return store.findByUuid(app.uuid()).orElseThrow();
    }

    private Map<String, AttributeValue> item(Application app) {
        return f.db.client().getItem(g -> g.tableName("ApplicationsTable")
                .key(Map.of("uuid", AttributeValue.fromS(app.uuid())))).item();
    }

    @Test
    void plainSuccessIsStillOneWrite() {
        Application app = register(BeatRules.DEFAULT);

        counted.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.empty()));

        assertEquals(List.of("updateItem"), counting.calls());
        assertEquals(Status.UP, stored(app).status());
    }

    @Test
    void startWithoutRidOpensARunAndLeavesStatusAndDeadlineAlone() {
        Application app = register(BeatRules.DEFAULT);

        counted.recordBeat(app.uuid(), beat(SignalKind.START, Optional.empty()));

        Application after = stored(app);
        assertEquals(List.of("updateItem"), counting.calls());
        assertEquals(Optional.of(f.clock.instant()), after.run().startedAt());
        assertEquals(Status.NEW, after.status());
        assertEquals(app.dueAt(), after.dueAt());
        assertEquals(Optional.empty(), after.lastHeartbeat());
    }

    @Test
    void successEndsTheRunItStarted() {
        Application app = register(BeatRules.DEFAULT);
        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.empty()));
        f.clock.advance(Duration.ofSeconds(5));

        store.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.empty()));

        assertFalse(stored(app).run().started());
    }

    @Test
    void firstStartWithARidCreatesTheMapOfOpenRunsInASecondWrite() {
        Application app = register(BeatRules.DEFAULT);
        String rid = UUID.randomUUID().toString();

        counted.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(rid)));

        assertEquals(List.of("updateItem", "updateItem"), counting.calls());
        assertEquals(Map.of(rid, f.clock.instant()), stored(app).run().runs());
    }

    @Test
    void laterStartsWithRidsAreOneWriteEach() {
        Application app = register(BeatRules.DEFAULT);
        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(UUID.randomUUID().toString())));
        String second = UUID.randomUUID().toString();

        counted.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(second)));

        assertEquals(List.of("updateItem"), counting.calls());
        assertEquals(2, stored(app).run().runs().size());
    }

    @Test
    void endWithARidClosesOnlyThatRun() {
        Application app = register(BeatRules.DEFAULT);
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(first)));
        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(second)));

        store.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.of(first)));

        assertEquals(List.of(second), List.copyOf(stored(app).run().runs().keySet()));
    }

    @Test
    void endWithARidThatNeverStartedIsRecordedWithoutAMapOfRuns() {
        Application app = register(BeatRules.DEFAULT);

        BeatOutcome outcome = store.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.of(UUID.randomUUID().toString())));

        assertInstanceOf(BeatOutcome.Accepted.class, outcome);
        assertEquals(Status.UP, stored(app).status());
        assertTrue(stored(app).run().runs().isEmpty());
    }

    @Test
    void recoveryCountingWorksAfterTheLastOpenRunEnded() {
        Application app = registerDown(new BeatRules(Optional.empty(), 1, 2, Optional.empty(), Optional.empty(), false,
                Optional.empty(), List.of()));
        String rid = UUID.randomUUID().toString();
        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(rid)));
        store.recordBeat(app.uuid(), beat(SignalKind.FAIL, Optional.of(rid)));
        String next = UUID.randomUUID().toString();
        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(next)));

        BeatOutcome outcome = store.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.of(next)));

        assertTrue(((BeatOutcome.Accepted) outcome).stillDown());
        assertEquals(1, stored(app).run().successStreak());
        assertTrue(stored(app).run().runs().isEmpty());
    }

    @Test
    void anEleventhOpenRunClosesTheOldest() {
        Application app = register(BeatRules.DEFAULT);
        String oldest = UUID.randomUUID().toString();
        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(oldest)));
        for (int i = 1; i < Runs.MAX_OPEN_RUNS; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(UUID.randomUUID().toString())));
        }
        f.clock.advance(Duration.ofSeconds(1));
        String newest = UUID.randomUUID().toString();

        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(newest)));

        Map<String, Instant> runs = stored(app).run().runs();
        assertEquals(Runs.MAX_OPEN_RUNS, runs.size());
        assertFalse(runs.containsKey(oldest));
        assertTrue(runs.containsKey(newest));
    }

    @Test
    void failCountsAFailureMovesTheDeadlineAndLeavesTheFlipToTheStream() {
        Application app = register(BeatRules.DEFAULT);
        store.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.empty()));
        f.clock.advance(Duration.ofSeconds(30));

        counted.recordBeat(app.uuid(), beat(SignalKind.FAIL, Optional.empty()));

        Application after = stored(app);
        assertEquals(List.of("updateItem"), counting.calls());
        assertEquals(1, after.run().failStreak());
        assertEquals(0, after.run().successStreak());
        assertEquals(Status.UP, after.status());
        assertEquals(Optional.of(f.clock.instant().plusSeconds(70)), after.dueAt());
    }

    @Test
    void successResetsTheFailStreak() {
        Application app = register(BeatRules.DEFAULT);
        store.recordBeat(app.uuid(), beat(SignalKind.FAIL, Optional.empty()));

        store.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.empty()));

        assertEquals(0, stored(app).run().failStreak());
        assertEquals(1, stored(app).run().successStreak());
    }

    @Test
    void failOfADownApplicationCountsWithoutGivingItADeadline() {
        Application app = registerDown(BeatRules.DEFAULT);

        store.recordBeat(app.uuid(), beat(SignalKind.FAIL, Optional.empty()));

        Application after = stored(app);
        assertEquals(Status.DOWN, after.status());
        assertEquals(Optional.empty(), after.dueAt());
        assertEquals(1, after.run().failStreak());
    }

    @Test
    void logChangesNoStatusDeadlineOrLastBeat() {
        Application app = register(BeatRules.DEFAULT);
        store.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.empty()));
        Application before = stored(app);
        f.clock.advance(Duration.ofSeconds(20));

        store.recordBeat(app.uuid(), beat(SignalKind.LOG, Optional.empty()));

        Application after = stored(app);
        assertEquals(before.status(), after.status());
        assertEquals(before.dueAt(), after.dueAt());
        assertEquals(before.lastHeartbeat(), after.lastHeartbeat());
        assertEquals(before.run(), after.run());
    }

    @Test
    void successOfADownApplicationBelowTheRecoveryThresholdOnlyCounts() {
        Application app = registerDown(new BeatRules(Optional.empty(), 1, 2, Optional.empty(), Optional.empty(), false,
                Optional.empty(), List.of()));

        BeatOutcome outcome = counted.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.empty()));

        assertEquals(List.of("updateItem", "updateItem"), counting.calls());
        assertTrue(((BeatOutcome.Accepted) outcome).stillDown());
        assertEquals(Status.DOWN, stored(app).status());
        assertEquals(1, stored(app).run().successStreak());
    }

    @Test
    void successThatReachesTheRecoveryThresholdDeclaresItUp() {
        Application app = registerDown(new BeatRules(Optional.empty(), 1, 2, Optional.empty(), Optional.empty(), false,
                Optional.empty(), List.of()));
        store.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.empty()));

        counted.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.empty()));

        assertEquals(List.of("updateItem"), counting.calls());
        assertEquals(Status.UP, stored(app).status());
        assertTrue(stored(app).recoveryUnannounced());
    }

    @Test
    void successOfADownApplicationWithThresholdOneDeclaresItUpInOneWrite() {
        Application app = registerDown(BeatRules.DEFAULT);

        counted.recordBeat(app.uuid(), beat(SignalKind.SUCCESS, Optional.empty()));

        assertEquals(List.of("updateItem"), counting.calls());
        assertEquals(Status.UP, stored(app).status());
    }

    @Test
    void signalOfAPausedApplicationIsRecordedWithoutStartingARun() {
        Application app = register(BeatRules.DEFAULT);
        Application paused = stored(app).with("job", 60, 10, false, f.clock.instant());
        assertTrue(store.updateSettings(stored(app), paused));

        BeatOutcome outcome = store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.empty()));

        assertInstanceOf(BeatOutcome.Paused.class, outcome);
        assertFalse(stored(app).run().started());
        assertEquals("start", item(app).get("lastSignal").s());
    }

    @Test
    void beatWithAPayloadReturnsItsNumberAndTheRunStateBeforeIt() {
        Application app = register(BeatRules.DEFAULT);
        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.empty()));
        Instant started = f.clock.instant();
        f.clock.advance(Duration.ofSeconds(3));
        HeartbeatLog.Beat withMessage = new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(), Optional.empty(),
                new BeatDetail(SignalKind.SUCCESS, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of("42 rows"), Optional.empty(), Map.of()));

        BeatOutcome outcome = store.recordBeat(app.uuid(), withMessage);

        BeatOutcome.Recorded recorded = ((BeatOutcome.Accepted) outcome).recorded().orElseThrow();
        assertEquals(2, recorded.sequence());
        assertEquals(app.id(), recorded.applicationId());
        assertEquals(Optional.of(started), recorded.before().startedAt());
        assertTrue(item(app).get("lastPayload").bool());
    }

    @Test
    void theStreamSeesTheDurationOfTheRunABeatEnded() {
        Application app = register(BeatRules.DEFAULT);
        String rid = UUID.randomUUID().toString();
        store.recordBeat(app.uuid(), beat(SignalKind.START, Optional.of(rid)));
        Map<String, AttributeValue> before = item(app);
        f.clock.advance(Duration.ofMillis(2500));
        store.recordBeat(app.uuid(), new HeartbeatLog.Beat(f.clock.instant(), "GET", Optional.empty(), Optional.empty(),
                new BeatDetail(SignalKind.FAIL, Optional.of(3), Optional.of(rid), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of())));

        HeartbeatLog.Entry entry = ApplicationStore.beatBetween(before, item(app)).orElseThrow();

        assertEquals(SignalKind.FAIL, entry.beat().detail().kind());
        assertEquals(Optional.of(3), entry.beat().detail().exitCode());
        assertEquals(Optional.of(rid), entry.beat().detail().rid());
        assertEquals(Optional.of(2500L), entry.beat().detail().durationMs());
        assertEquals(f.clock.instant(), entry.beat().receivedAt());
    }
}
