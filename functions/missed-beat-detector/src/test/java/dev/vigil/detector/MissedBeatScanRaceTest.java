package dev.vigil.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.domain.AlertEvent;
import dev.vigil.fixtures.Fixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several detectors at once (overlapping invocations) on the same overdue applications. */
class MissedBeatScanRaceTest {
    private final Fixture f = new Fixture();

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
                return new MissedBeatScan(f.applications(), f.ledger(), f.clock).runPass().flippedDown();
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
        assertEquals(20, f.db.client().scan(s -> s.tableName("EventsTable")).count());
        assertEquals(20, f.bus.published.size(), "each flip published once, at once");
        assertEquals(20, f.bus.published.stream().map(AlertEvent::eventId).distinct().count());
    }
}
