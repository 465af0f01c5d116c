package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.bus.AlertLedger;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Status;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class ApplicationStoreTest {
    private final TestPlatform f = new TestPlatform();
    private final ApplicationStore store = f.tables().applications();

    private int eventCount() {
        return f.db.client().scan(s -> s.tableName("EventsTable")).count();
    }

    @Test
    void detectorReadsOnlyOverdueItemsAmongFiveThousandThatAreNotDue() {
        Instant now = f.clock.instant();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            Application app = new Application("app_bulk" + i, UUID.randomUUID().toString(), "bulk " + i, 3600, 60,
                    Status.UP, Status.UP, true, Optional.of(now), now, Optional.empty(), 0, now, now);
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(store.item(app.withDueAt(Deadlines.deadline(app)))).build()).build());
            if (batch.size() == 25) {
                List<WriteRequest> chunk = List.copyOf(batch);
                f.db.client().batchWriteItem(b -> b.requestItems(Map.of("ApplicationsTable", chunk)));
                batch.clear();
            }
        }
        for (int i = 0; i < 3; i++) {
            f.register("overdue " + i, 60, 0);
        }
        f.clock.advance(Duration.ofSeconds(61));

        ApplicationStore.DueBatch due = store.overdue(f.clock.instant(), 100);

        assertEquals(3, due.applications().size());
        assertEquals(3, due.scannedCount(), "the query touched only the overdue items, not the 5 000 others");
    }

    @Test
    void beatIsOneConditionalWriteWithNoReadBefore() {
        Application app = f.register("api", 60, 10);
        CountingDynamo counting = new CountingDynamo(f.db.client());
        ApplicationStore counted = new ApplicationStore(counting.client(), "ApplicationsTable", 8);

        BeatOutcome outcome = counted.recordBeat(app.uuid(), beat());

        assertInstanceOf(BeatOutcome.Accepted.class, outcome);
        assertEquals(List.of("updateItem"), counting.calls());
        Application stored = store.findByUuid(app.uuid()).orElseThrow();
        assertEquals(Status.UP, stored.status());
        assertEquals(Optional.of(f.clock.instant().plusSeconds(70)), stored.dueAt());
    }

    @Test
    void beatRulesAreStoredWithTheSettingsAndReadBack() {
        Application app = f.register("backup", 86400, 600);
        BeatRules rules = new BeatRules(Optional.of(new BeatRules.CronSchedule(CronExpression.parse("30 2 * * *"),
                ZoneId.of("Europe/Paris"))), 3, 2, Optional.of(Duration.ofSeconds(5)), Optional.of(Duration.ofHours(2)),
                true, Optional.of("app_parent00001"), List.of("prod", "nightly"));

        assertTrue(store.updateSettings(app, app.withRules(rules)));

        Application stored = store.findByUuid(app.uuid()).orElseThrow();
        assertEquals(rules, stored.rules());
        assertTrue(store.updateSettings(stored, stored.withRules(BeatRules.DEFAULT)));
        assertEquals(BeatRules.DEFAULT, store.findByUuid(app.uuid()).orElseThrow().rules());
    }

    @Test
    void anItemStoredBeforeBeatRulesHasTheDefaultsAndNoRun() {
        Application app = f.register("old", 60, 0);
        Map<String, AttributeValue> item = new HashMap<>(store.item(app));
        List.of("failureThreshold", "recoveryThreshold", "manualResume", "tags").forEach(item::remove);

        Application read = ApplicationStore.fromItem(item);

        assertEquals(BeatRules.DEFAULT, read.rules());
        assertEquals(RunState.NONE, read.run());
    }

    @Test
    void beatForUnknownUuidWritesNothing() {
        BeatOutcome outcome = store.recordBeat(UUID.randomUUID().toString(), beat());
        assertInstanceOf(BeatOutcome.Unknown.class, outcome);
        assertEquals(0, f.db.client().scan(s -> s.tableName("ApplicationsTable")).count());
    }

    @Test
    void twoDetectorsRacingOnTheSameReadFlipOnceAndWriteOneEvent() {
        f.register("racy", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        Instant now = f.clock.instant();
        Application seenByA = store.overdue(now, 10).applications().get(0);
        Application seenByB = store.overdue(now, 10).applications().get(0);

        AlertEvent byA = Alerts.down(seenByA, Deadlines.deadline(seenByA).orElseThrow(), now);
        AlertEvent byB = Alerts.down(seenByB, Deadlines.deadline(seenByB).orElseThrow(), now);
        AlertLedger ledger = f.platform.ledger();

        assertEquals(AlertLedger.Outcome.PUBLISHED, ledger.record(byA, store.markDown(seenByA, byA)));
        assertEquals(AlertLedger.Outcome.LOST_RACE, ledger.record(byB, store.markDown(seenByB, byB)));
        assertEquals(1, eventCount());
        assertEquals(List.of(byA), f.published);
    }

    @Test
    void historyIsNewestFirstAndPaginated() {
        Application app = f.register("paged", 60, 0);
        HeartbeatLog heartbeats = f.tables().heartbeats();
        for (int i = 0; i < 5; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            heartbeats.appendAll(List.of(new HeartbeatLog.Entry(app.id(), i + 1, beat())));
        }
        Page<HeartbeatLog.Beat> first = heartbeats.list(app.id(), 3, Optional.empty());
        assertEquals(3, first.items().size());
        assertTrue(first.items().get(0).receivedAt().isAfter(first.items().get(1).receivedAt()));
        Page<HeartbeatLog.Beat> second = heartbeats.list(app.id(), 3, first.nextToken());
        assertEquals(2, second.items().size());
        assertTrue(second.items().get(0).receivedAt().isBefore(first.items().get(2).receivedAt()));
    }

    @Test
    void historyItemsCarryATimeToLive() {
        Application app = f.register("ttl", 60, 0);
        f.tables().heartbeats().appendAll(List.of(new HeartbeatLog.Entry(app.id(), 1, beat())));
        Map<String, AttributeValue> item = f.db.client().scan(s -> s.tableName("HeartbeatsTable")).items().get(0);
        long expires = Long.parseLong(item.get("expiresAt").n());
        assertEquals(f.clock.instant().plus(Duration.ofDays(30)).getEpochSecond(), expires);
    }

    @Test
    void listingPagesThroughEveryApplication() {
        for (int i = 0; i < 7; i++) {
            f.register("app " + i, 60, 0);
        }
        Map<String, Boolean> seen = new HashMap<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Application> page = store.list(3, token);
            page.items().forEach(a -> seen.put(a.id(), true));
            token = page.nextToken();
        } while (token.isPresent());
        assertEquals(7, seen.size());
    }

    private HeartbeatLog.Beat beat() {
        return new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.of("127.0.0.1"), Optional.of("curl/8"));
    }
}
