package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.domain.AlertType;
import dev.vigil.domain.Application;
import dev.vigil.fixtures.Fixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Beats through the ingest, the table's stream and the detector together. */
class BeatPathTest {
    private final SystemFixture system = new SystemFixture();
    private final Fixture f = system.f;

    @Test
    void concurrentBeatsForADownApplicationAnnounceOneRecoveryAndAreAllInTheHistory() throws Exception {
        Application app = system.register("flappy", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        system.scan().runPass();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                start.await();
                return system.recorder().beat(app.uuid(), "POST", Optional.empty(), Optional.empty());
            }));
        }
        start.countDown();
        for (Future<?> d : done) {
            d.get();
        }
        pool.shutdown();
        // The next outage's detector pass gets to the unannounced recovery before the stream's reader does.
        f.clock.advance(Duration.ofSeconds(61));
        system.scan().runPass();
        system.deliverStream();

        assertEquals(List.of(AlertType.APPLICATION_DOWN, AlertType.APPLICATION_UP, AlertType.APPLICATION_DOWN),
                f.bus.types(), "one recovery, announced before the next outage");
        assertEquals(3, f.db.client().scan(s -> s.tableName("EventsTable")).count());
        assertEquals(8, f.heartbeats().list(app.id(), 100, Optional.empty()).items().size(), "every beat is in the history");
    }
}
