package dev.vigil.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.store.ApplicationStore;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.TestClock;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ledger records a state change with its alert and publishes the alert at once; the pending
 * sweep, which reads an eventually consistent index, only catches what the bus refused. The tables
 * here sit behind an index that lags by a minute, as a real one may under load.
 */
class AlertLedgerTest {
    private static final Duration LAG = Duration.ofMinutes(1);

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final TestPlatform f = new TestPlatform(clock, LaggingIndexDynamo.wrap(DynamoLocal.shared().client(), clock, LAG));
    private final ApplicationStore applications = f.tables().applications();
    private final AlertLedger ledger = f.platform.ledger();

    /** A registered application that missed its deadline, and the alert its flip records. */
    private AlertEvent overdue(Application app) {
        Application current = applications.findByUuid(app.uuid()).orElseThrow();
        return Alerts.down(current, current.dueAt().orElseThrow(), f.clock.instant());
    }

    private AlertLedger.Outcome flip(Application app, AlertEvent down) {
        Application current = applications.findByUuid(app.uuid()).orElseThrow();
        return ledger.record(down, applications.markDown(current, down));
    }

    @Test
    void aFlipIsPublishedAtOnceEvenWhileTheIndexLags() {
        Application app = f.register("api", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        AlertEvent down = overdue(app);

        assertEquals(AlertLedger.Outcome.PUBLISHED, flip(app, down));

        assertEquals(List.of(down), f.published, "published in the same call, not on a later pass");
        clock.advance(LAG.plusSeconds(1));
        assertEquals(0, ledger.publishPending(10), "nothing is left pending once the index catches up");
        assertEquals(List.of(down), f.published);
    }

    @Test
    void anAlertTheBusRefusedIsPublishedByTheSweepWhenTheIndexShowsIt() {
        Application app = f.register("api", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        AlertEvent down = overdue(app);
        f.busDown = true;

        assertEquals(AlertLedger.Outcome.PENDING, flip(app, down));
        f.busDown = false;
        assertEquals(0, ledger.publishPending(10), "the lagging index does not show it yet");
        assertTrue(f.published.isEmpty());

        clock.advance(LAG.plusSeconds(1));
        assertEquals(1, ledger.publishPending(10));
        assertEquals(0, ledger.publishPending(10), "published once");
        assertEquals(List.of(down), f.published);
    }

    @Test
    void theLoserOfARaceRecordsAndPublishesNothing() {
        Application app = f.register("api", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        Application seen = applications.findByUuid(app.uuid()).orElseThrow();
        AlertEvent first = Alerts.down(seen, seen.dueAt().orElseThrow(), f.clock.instant());
        AlertEvent second = Alerts.down(seen, seen.dueAt().orElseThrow(), f.clock.instant().plusMillis(5));

        assertEquals(AlertLedger.Outcome.PUBLISHED, ledger.record(first, applications.markDown(seen, first)));
        assertEquals(AlertLedger.Outcome.LOST_RACE, ledger.record(second, applications.markDown(seen, second)));

        assertEquals(List.of(first), f.published);
    }
}
