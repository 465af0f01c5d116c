package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.domain.Application;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.SignalKind;
import dev.vigil.domain.Status;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Coalescing on DynamoDB Local: beats above the rate are counted, not stored, and the next stored beat's
 * history entry carries the count.
 */
class BeatRateTest {
    private final TestPlatform f = new TestPlatform();
    private final ApplicationStore limited = new ApplicationStore(f.db.client(), "ApplicationsTable", 8,
            new BeatRate(5, Duration.ofMinutes(1)));

    @Test
    void sixBeatsWithinAMinuteStoreFiveAndCoalesceOne() {
        Application app = f.register("api", 60, 10);
        List<BeatOutcome> outcomes = new ArrayList<>();
        List<HeartbeatLog.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Map<String, AttributeValue> before = item(app);
            outcomes.add(limited.recordBeat(app.uuid(), beat()));
            ApplicationStore.beatBetween(before, item(app)).ifPresent(entries::add);
            f.clock.advance(Duration.ofSeconds(10));
        }

        assertEquals(5, outcomes.stream().filter(BeatOutcome.Accepted.class::isInstance).count(), outcomes.toString());
        assertInstanceOf(BeatOutcome.Coalesced.class, outcomes.get(5));
        assertEquals(5, entries.size(), "one history entry per stored beat");
        Map<String, AttributeValue> item = item(app);
        assertEquals("5", item.get("beats").n());
        assertEquals("1", item.get("coalesced").n());
        assertEquals("1", item.get("coalescedPending").n());
        assertEquals(Optional.of(f.clock.instant().minusSeconds(20)),
                Attr.instant(item, "lastHeartbeat"), "a coalesced beat does not move the last beat");
    }

    @Test
    void theNextStoredBeatAfterTheWindowCarriesTheCoalescedCountIntoItsHistoryEntry() {
        Application app = f.register("api", 60, 10);
        for (int i = 0; i < 8; i++) {
            limited.recordBeat(app.uuid(), beat());
        }
        f.clock.advance(Duration.ofSeconds(60));
        Map<String, AttributeValue> before = item(app);

        BeatOutcome outcome = limited.recordBeat(app.uuid(), beat());

        assertInstanceOf(BeatOutcome.Accepted.class, outcome);
        Map<String, AttributeValue> after = item(app);
        HeartbeatLog.Entry entry = ApplicationStore.beatBetween(before, after).orElseThrow();
        assertEquals(3, entry.beat().coalesced(), "8 beats at once: 5 stored, 3 coalesced, carried by the next stored one");
        assertEquals(6, entry.sequence());
        assertEquals(null, after.get("coalescedPending"), "the entry took the pending count over");
        assertEquals("3", after.get("coalesced").n(), "the item keeps the running total");
        f.tables().heartbeats().appendAll(List.of(entry));
        Map<String, AttributeValue> stored = f.db.client().scan(s -> s.tableName("HeartbeatsTable")).items().get(0);
        assertEquals("3", stored.get("coalesced").n());
        assertEquals(3, f.tables().heartbeats().list(app.id(), 10, Optional.empty()).items().get(0).coalesced(),
                "the history lists it with the entry");
    }

    @Test
    void theWindowSlidesSoBeatsSpreadOverMoreThanAWindowAreAllStored() {
        Application app = f.register("api", 60, 10);
        for (int i = 0; i < 30; i++) {
            assertInstanceOf(BeatOutcome.Accepted.class, limited.recordBeat(app.uuid(), beat()), "beat " + i);
            f.clock.advance(Duration.ofSeconds(12));
        }
        assertEquals("30", item(app).get("beats").n());
    }

    @Test
    void aStoredBeatIsStillOneWriteAndACoalescedOneTwo() {
        Application app = f.register("api", 60, 10);
        CountingDynamo counting = new CountingDynamo(f.db.client());
        ApplicationStore counted = new ApplicationStore(counting.client(), "ApplicationsTable", 8, new BeatRate(5, Duration.ofMinutes(1)));
        for (int i = 0; i < 5; i++) {
            counted.recordBeat(app.uuid(), beat());
        }
        assertEquals(List.of("updateItem", "updateItem", "updateItem", "updateItem", "updateItem"), counting.calls());

        counted.recordBeat(app.uuid(), beat());

        assertEquals(7, counting.calls().size(), "the refused write and the count: " + counting.calls());
        assertEquals(Status.UP, limited.findByUuid(app.uuid()).orElseThrow().status());
    }

    @Test
    void aPausedApplicationsBeatsAreLimitedToo() {
        Application app = f.register("paused", 60, 10);
        // Kept paused by its beats (manualResume): a beat would resume it otherwise.
        Application paused = app.with(app.name(), 60, 10, false, f.clock.instant())
                .withRules(app.rules().withManualResume(true));
        f.tables().applications().updateSettings(app, paused);
        List<BeatOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            outcomes.add(limited.recordBeat(app.uuid(), beat()));
        }
        assertEquals(5, outcomes.stream().filter(BeatOutcome.Paused.class::isInstance).count(), outcomes.toString());
        assertEquals(new BeatOutcome.Coalesced(true, 2), outcomes.get(6));
        assertEquals("5", item(app).get("beats").n());
    }

    @Test
    void anUnknownUuidIsUnknownNotCoalesced() {
        assertInstanceOf(BeatOutcome.Unknown.class, limited.recordBeat("9b2e4d61-7c3a-4f58-b0e9-1d6a8c5f2e47", beat()));
    }

    @Test
    void withTheLimitOffEveryBeatIsStored() {
        Application app = f.register("api", 60, 10);
        ApplicationStore unlimited = new ApplicationStore(f.db.client(), "ApplicationsTable", 8, BeatRate.OFF);
        for (int i = 0; i < 12; i++) {
            assertInstanceOf(BeatOutcome.Accepted.class, unlimited.recordBeat(app.uuid(), beat()));
        }
        assertEquals("12", item(app).get("beats").n());
    }

    @Test
    void aLimitOutsideZeroToTwentyIsRefusedNamingTheSetting() {
        IllegalStateException tooMany = assertThrows(IllegalStateException.class, () -> new BeatRate(21, Duration.ofMinutes(1)));
        assertEquals("BEAT_RATE_LIMIT must be between 0 (off) and 20, was 21", tooMany.getMessage());
        assertThrows(IllegalStateException.class, () -> new BeatRate(5, Duration.ZERO));
    }

    private final ApplicationStore oneAMinute = new ApplicationStore(f.db.client(), "ApplicationsTable", 8,
            new BeatRate(1, Duration.ofMinutes(1)));

    private HeartbeatLog.Beat signal(SignalKind kind, Optional<String> rid) {
        return new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(), Optional.empty(),
                new BeatDetail(kind, Optional.empty(), rid, Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Map.of()));
    }

    @Test
    void successThatEndsAnOpenRunIsStoredAboveTheRate() {
        Application app = f.register("job", 60, 10);
        oneAMinute.recordBeat(app.uuid(), beat());
        oneAMinute.recordBeat(app.uuid(), signal(SignalKind.START, Optional.of("R1")));
        f.clock.advance(Duration.ofSeconds(1));

        BeatOutcome outcome = oneAMinute.recordBeat(app.uuid(), signal(SignalKind.SUCCESS, Optional.of("R1")));

        assertInstanceOf(BeatOutcome.Accepted.class, outcome);
        assertEquals(Map.of(), f.tables().applications().findByUuid(app.uuid()).orElseThrow().run().runs(),
                "the run it ended is closed, so it cannot time out");
    }

    @Test
    void successThatEndsNoRunIsStillCoalescedAboveTheRate() {
        Application app = f.register("job", 60, 10);
        oneAMinute.recordBeat(app.uuid(), beat());
        f.clock.advance(Duration.ofSeconds(1));

        assertInstanceOf(BeatOutcome.Coalesced.class, oneAMinute.recordBeat(app.uuid(), signal(SignalKind.SUCCESS,
                Optional.of("R1"))));
    }

    @Test
    void successAboveTheRateResumesAPausedApplication() {
        Application app = f.register("paused", 60, 10);
        oneAMinute.recordBeat(app.uuid(), beat());
        Application stored = f.tables().applications().findByUuid(app.uuid()).orElseThrow();
        f.tables().applications().updateSettings(stored, stored.with(app.name(), 60, 10, false, f.clock.instant()));
        f.clock.advance(Duration.ofSeconds(1));

        assertInstanceOf(BeatOutcome.Accepted.class, oneAMinute.recordBeat(app.uuid(), beat()));

        assertEquals(true, f.tables().applications().findByUuid(app.uuid()).orElseThrow().active());
    }

    @Test
    void successAboveTheRateRecoversADownApplication() {
        Application app = f.register("down", 60, 10);
        oneAMinute.recordBeat(app.uuid(), signal(SignalKind.LOG, Optional.empty()));
        f.db.client().updateItem(u -> u.tableName("ApplicationsTable").key(Map.of("uuid", AttributeValue.fromS(app.uuid())))
                .updateExpression("SET #s = :down REMOVE dueAt, dueShard").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":down", AttributeValue.fromS(Status.DOWN.wire()))));
        f.clock.advance(Duration.ofSeconds(1));

        assertInstanceOf(BeatOutcome.Accepted.class, oneAMinute.recordBeat(app.uuid(), beat()));

        assertEquals(Status.UP, f.tables().applications().findByUuid(app.uuid()).orElseThrow().status());
    }

    private Map<String, AttributeValue> item(Application app) {
        return f.db.client().getItem(g -> g.tableName("ApplicationsTable").consistentRead(true)
                .key(Map.of("uuid", AttributeValue.fromS(app.uuid())))).item();
    }

    private HeartbeatLog.Beat beat() {
        return new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.of("127.0.0.1"), Optional.of("curl/8"));
    }
}
