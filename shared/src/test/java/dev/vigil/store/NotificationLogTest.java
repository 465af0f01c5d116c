package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.store.NotificationLog.Claim;
import dev.vigil.wiring.TestPlatform;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationLogTest {
    private final TestPlatform f = new TestPlatform();
    private final NotificationLog log = f.tables().notifications();

    private AlertEvent event() {
        Application app = f.register("db backup", 60, 0);
        return Alerts.down(app, f.clock.instant().plusSeconds(60), f.clock.instant());
    }

    @Test
    void aSecondClaimForTheSameAlertAndChannelIsRefused() {
        AlertEvent event = event();
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", f.clock.instant()));
        log.complete(event.eventId(), "sns", NotificationLog.SENT, Optional.empty(), Optional.empty(), 12, f.clock.instant());
        assertEquals(Claim.DONE, log.claim(event, "sns", "sns", f.clock.instant()));
        assertEquals(Claim.TAKEN, log.claim(event, "slack", "slack", f.clock.instant()), "another channel is independent");
    }

    @Test
    void aFailedDeliveryMayBeRetriedAndCountsAttempts() {
        AlertEvent event = event();
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", f.clock.instant()));
        log.complete(event.eventId(), "sns", NotificationLog.FAILED, Optional.of("throttled"), Optional.empty(), 5, f.clock.instant());
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", f.clock.instant()));
        log.complete(event.eventId(), "sns", NotificationLog.SENT, Optional.empty(), Optional.empty(), 5, f.clock.instant());
        NotificationLog.Notification n = log.list(10, Optional.empty(), Optional.empty()).items().get(0);
        assertEquals(NotificationLog.SENT, n.status());
        assertEquals(2, n.attempts());
        assertEquals(Optional.empty(), n.error());
    }

    @Test
    void aClaimInFlightAsksForALaterRetryAndIsTakenOverOnceAbandoned() {
        AlertEvent event = event();
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", f.clock.instant()));
        assertEquals(Claim.IN_FLIGHT, log.claim(event, "sns", "sns", f.clock.instant().plusSeconds(60)));
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", f.clock.instant().plus(Duration.ofMinutes(3))),
                "Lambda's second retry, about 3 minutes on, takes over the claim of an attempt that died");
    }

    @Test
    void listsNewestFirstAndFiltersByStatus() {
        AlertEvent event = event();
        log.claim(event, "sns", "sns", f.clock.instant());
        log.complete(event.eventId(), "sns", NotificationLog.FAILED, Optional.of("boom"), Optional.empty(), 1, f.clock.instant());
        f.clock.advance(Duration.ofSeconds(1));
        log.claim(event, "other", "other", f.clock.instant());
        log.complete(event.eventId(), "other", NotificationLog.SENT, Optional.empty(), Optional.empty(), 1, f.clock.instant());
        var all = log.list(10, Optional.empty(), Optional.empty()).items();
        assertEquals("other", all.get(0).channel());
        var failed = log.list(10, Optional.of(NotificationLog.FAILED), Optional.empty()).items();
        assertEquals(1, failed.size());
        assertEquals(Optional.of("boom"), failed.get(0).error());
    }
}
