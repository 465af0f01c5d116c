package dev.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertType;
import dev.vigil.domain.Application;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.Status;
import dev.vigil.fixtures.Fixture;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.testkit.DynamoLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class BeatRecorderTest {
    private static BeatRecorder recorder(Fixture f) {
        return new BeatRecorder(f.applications(), f.heartbeats(), f.ledger(), f.clock);
    }

    @Test
    void malformedUuidsNeverReachDynamoDb() {
        CountingDynamo counting = new CountingDynamo(DynamoLocal.shared().client());
        Fixture f = new Fixture(counting.client());
        BeatRecorder recorder = recorder(f);
        for (String bad : new String[] {"", "not-a-uuid", "0f8fad5b-d9cb-469f-a165-70867728950", "../../etc/passwd",
                "0f8fad5b-d9cb-469f-a165-70867728950e' OR 1=1", null}) {
            assertEquals(Optional.empty(), recorder.beat(bad, "POST", Optional.empty(), Optional.empty()));
        }
        assertTrue(counting.calls().isEmpty(), "calls made: " + counting.calls());
    }

    @Test
    void upperCaseUuidsAreTheSameApplication() {
        Fixture f = new Fixture();
        var app = f.register("case", 60, 0);
        var receipt = recorder(f).beat(app.uuid().toUpperCase(), "GET", Optional.empty(), Optional.empty());
        assertEquals(Optional.of(new BeatRecorder.Receipt(app.id(), "up")), receipt);
    }

    @Test
    void concurrentBeatsForADownApplicationAnnounceOneRecovery() throws Exception {
        Fixture f = new Fixture();
        Application registered = f.register("flappy", 60, 0);
        Application down = new Application(registered.id(), registered.uuid(), registered.name(), 60, 0, Status.DOWN,
                Status.DOWN, true, Optional.empty(), registered.watchedSince(), Optional.empty(), 1,
                registered.createdAt(), registered.updatedAt());
        f.applications().delete(registered);
        f.applications().create(down.withDueAt(Deadlines.deadline(down)));
        BeatRecorder recorder = recorder(f);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                return recorder.beat(down.uuid(), "POST", Optional.empty(), Optional.empty());
            }));
        }
        start.countDown();
        for (Future<?> d : done) {
            d.get();
        }
        pool.shutdown();
        assertEquals(List.of(AlertType.APPLICATION_UP), f.bus.types());
        assertEquals(8, f.heartbeats().list(down.id(), 100, Optional.empty()).items().size(), "every beat is in the history");
    }
}
