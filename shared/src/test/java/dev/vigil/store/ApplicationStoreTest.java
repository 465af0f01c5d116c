package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Application;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.Status;
import dev.vigil.domain.AlertEvent;
import dev.vigil.fixtures.Fixture;
import dev.vigil.testkit.CountingDynamo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class ApplicationStoreTest {
    private final Fixture f = new Fixture();

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
                    .item(ApplicationStore.toItem(app.withDueAt(Deadlines.deadline(app)))).build()).build());
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

        ApplicationStore.DueBatch due = f.applications().overdue(f.clock.instant(), 100);

        assertEquals(3, due.applications().size());
        assertEquals(3, due.scannedCount(), "the query touched only the overdue items, not the 5 000 others");
    }

    @Test
    void beatIsOneConditionalWriteWithNoReadBefore() {
        Application app = f.register("api", 60, 10);
        CountingDynamo counting = new CountingDynamo(f.db.client());
        ApplicationStore store = new ApplicationStore(counting.client(), "ApplicationsTable", f.events());

        BeatOutcome outcome = store.recordBeat(app.uuid(), f.clock.instant());

        assertInstanceOf(BeatOutcome.Accepted.class, outcome);
        assertEquals(List.of("updateItem"), counting.calls());
        Application stored = f.reload(app);
        assertEquals(Status.UP, stored.status());
        assertEquals(Optional.of(f.clock.instant().plusSeconds(70)), stored.dueAt());
    }

    @Test
    void beatForUnknownUuidWritesNothing() {
        BeatOutcome outcome = f.applications().recordBeat(UUID.randomUUID().toString(), f.clock.instant());
        assertInstanceOf(BeatOutcome.Unknown.class, outcome);
        assertEquals(0, f.db.client().scan(s -> s.tableName("ApplicationsTable")).count());
    }

    @Test
    void twoDetectorsRacingOnTheSameReadFlipOnceAndWriteOneEvent() {
        f.register("racy", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        Instant now = f.clock.instant();
        Application seenByA = f.applications().overdue(now, 10).applications().get(0);
        Application seenByB = f.applications().overdue(now, 10).applications().get(0);

        Optional<AlertEvent> a = f.applications().flipDown(seenByA, Deadlines.deadline(seenByA).orElseThrow(), now);
        Optional<AlertEvent> b = f.applications().flipDown(seenByB, Deadlines.deadline(seenByB).orElseThrow(), now);

        assertTrue(a.isPresent());
        assertTrue(b.isEmpty());
        assertEquals(1, eventCount());
    }

    @Test
    void manyConcurrentDetectorPassesProduceOneFlipAndOneAlert() throws Exception {
        for (int i = 0; i < 20; i++) {
            f.register("app " + i, 60, 0);
        }
        f.clock.advance(Duration.ofSeconds(61));
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Callable<Integer> pass = () -> {
                start.await();
                return f.scan().runPass().flippedDown();
            };
            results.add(pool.submit(pass));
        }
        start.countDown();
        int flips = 0;
        for (Future<Integer> r : results) {
            flips += r.get();
        }
        pool.shutdown();
        assertEquals(20, flips, "each application flipped by exactly one pass");
        assertEquals(20, eventCount());
        assertEquals(20, f.bus.published.stream().map(AlertEvent::eventId).distinct().count());
    }

    @Test
    void concurrentBeatsForADownApplicationAnnounceOneRecovery() throws Exception {
        Application app = f.register("flappy", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        f.scan().runPass();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                f.beat(app);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> d : done) {
            d.get();
        }
        pool.shutdown();
        assertEquals(List.of(AlertEvent.APPLICATION_DOWN, AlertEvent.APPLICATION_UP), f.bus.types());
        assertEquals(2, eventCount());
        assertEquals(8, f.heartbeats().list(app.id(), 100, Optional.empty()).items().size(), "every beat is in the history");
    }

    @Test
    void historyIsNewestFirstAndPaginated() {
        Application app = f.register("paged", 60, 0);
        for (int i = 0; i < 5; i++) {
            f.clock.advance(Duration.ofSeconds(1));
            f.beat(app);
        }
        Page<HeartbeatLog.Beat> first = f.heartbeats().list(app.id(), 3, Optional.empty());
        assertEquals(3, first.items().size());
        assertTrue(first.items().get(0).receivedAt().isAfter(first.items().get(1).receivedAt()));
        Page<HeartbeatLog.Beat> second = f.heartbeats().list(app.id(), 3, first.nextToken());
        assertEquals(2, second.items().size());
        assertTrue(second.items().get(0).receivedAt().isBefore(first.items().get(2).receivedAt()));
    }

    @Test
    void historyItemsCarryATimeToLive() {
        Application app = f.register("ttl", 60, 0);
        f.beat(app);
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
            Page<Application> page = f.applications().list(3, token);
            page.items().forEach(a -> seen.put(a.id(), true));
            token = page.nextToken();
        } while (token.isPresent());
        assertEquals(7, seen.size());
    }
}
