package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Application;
import dev.vigil.domain.UnknownReason;
import dev.vigil.wiring.TestPlatform;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The ingest-health table on DynamoDB Local: per-minute error buckets, the detector's state and its episodes. */
class IngestHealthStoreTest {
    private final TestPlatform f = new TestPlatform();
    private final IngestHealthStore store = IngestHealthStore.fromEnv(f.platform.env(), f.platform.dynamo());
    private final Instant minute = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void failuresFromManyContainersAddUpInTheirMinutesBucket() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int second = i;
                writes.add(pool.submit(() -> store.recordFailure(minute.plusSeconds(second))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        store.recordFailure(minute.plusSeconds(60));

        assertEquals(List.of(new IngestHealthStore.ErrorBucket(minute, 40), new IngestHealthStore.ErrorBucket(minute.plusSeconds(60), 1)),
                store.errors(minute, minute.plusSeconds(120)));
    }

    @Test
    void aBucketIsFoundFromAnyMomentInsideItsMinute() {
        store.recordFailure(minute.plusSeconds(50));

        assertEquals(1, store.errors(minute.plusSeconds(59), minute.plusSeconds(61)).size(), "the window starts inside it");
        assertEquals(List.of(), store.errors(minute.plusSeconds(60), minute.plusSeconds(600)), "the window starts after it");
        assertEquals(List.of(), store.errors(minute.minusSeconds(600), minute.minusMillis(1)), "the window ends before it");
    }

    @Test
    void aBucketExpiresThreeDaysAfterItsMinute() {
        store.recordFailure(minute.plusSeconds(5));

        var item = f.platform.dynamo().scan(s -> s.tableName(f.platform.env().require(IngestHealthStore.TABLE_SETTING))).items().get(0);
        assertEquals(String.valueOf(minute.plus(IngestHealthStore.KEPT).getEpochSecond()), item.get("expiresAt").n());
    }

    @Test
    void theStateIsFreshUntilTheFirstPassAndReadBackAfterIt() {
        assertEquals(IngestHealthStore.State.FRESH, store.state());

        store.recordPass(1.25, 2, minute);

        assertEquals(new IngestHealthStore.State(1.25, Optional.empty(), Optional.empty(), 2, Optional.of(minute)), store.state());
    }

    @Test
    void anEpisodeOpensOnceAndEndsOnce() {
        store.recordPass(0.5, 0, minute);
        f.platform.dynamo().transactWriteItems(t -> t.transactItems(store.openEpisode(minute, UnknownReason.FLEET_DROP)));

        assertThrows(TransactionCanceledException.class, () -> f.platform.dynamo().transactWriteItems(
                t -> t.transactItems(store.openEpisode(minute.plusSeconds(30), UnknownReason.INGEST_ERRORS))),
                "a racing pass cannot open a second episode");
        IngestHealthStore.State open = store.state();
        assertTrue(open.degraded());
        assertEquals(Optional.of(minute), open.degradedSince());
        assertEquals(Optional.of(UnknownReason.FLEET_DROP), open.reason());
        assertEquals(0.5, open.baseline(), "the baseline is left alone");

        f.platform.dynamo().transactWriteItems(t -> t.transactItems(store.closeEpisode(minute, minute.plusSeconds(120))));

        assertThrows(TransactionCanceledException.class, () -> f.platform.dynamo().transactWriteItems(
                t -> t.transactItems(store.closeEpisode(minute, minute.plusSeconds(150)))), "it ends once");
        assertFalse(store.state().degraded());
    }

    @Test
    void theWatchedApplicationsAreTheDeadlineIndexs() {
        f.register("a", 60, 0);
        f.register("b", 60, 0);
        Application paused = f.register("c", 60, 0);
        f.tables().applications().updateSettings(paused, paused.with("c", 60, 0, false, minute));

        assertEquals(2, f.tables().applications().watchedCount(), "the paused application has no deadline");
    }
}
