package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", Optional.empty(), f.clock.instant()).claim());
        log.complete(event.eventId(), "sns", NotificationLog.SENT, Optional.empty(), Optional.empty(), 12, f.clock.instant());
        assertEquals(Claim.DONE, log.claim(event, "sns", "sns", Optional.empty(), f.clock.instant()).claim());
        assertEquals(Claim.TAKEN, log.claim(event, "slack", "slack", Optional.empty(), f.clock.instant()).claim(), "another channel is independent");
    }

    @Test
    void aFailedDeliveryMayBeRetriedAndCountsAttempts() {
        AlertEvent event = event();
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", Optional.empty(), f.clock.instant()).claim());
        log.fail(event.eventId(), "sns", "throttled", Optional.empty(), 5, true, f.clock.instant());
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", Optional.empty(), f.clock.instant()).claim());
        log.complete(event.eventId(), "sns", NotificationLog.SENT, Optional.empty(), Optional.empty(), 5, f.clock.instant());
        NotificationLog.Notification n = log.list(10, Optional.empty(), Optional.empty()).items().get(0);
        assertEquals(NotificationLog.SENT, n.status());
        assertEquals(2, n.attempts());
        assertEquals(Optional.empty(), n.error());
    }

    @Test
    void aFailureThatCannotPassIsNeverClaimedAgain() {
        AlertEvent event = event();
        log.claim(event, "slack", "slack", Optional.empty(), f.clock.instant());
        log.fail(event.eventId(), "slack", "HTTP 404 from the channel", Optional.of(404), 5, false, f.clock.instant());
        NotificationLog.Claimed again = log.claim(event, "slack", "slack", Optional.empty(), f.clock.instant().plusSeconds(600));
        assertEquals(Claim.DONE, again.claim());
        assertEquals(Optional.of(NotificationLog.FAILED), again.previousStatus());
    }

    @Test
    void theFeedIsSpreadOverPartitionsAndStillListsNewestFirstAcrossPages() {
        AlertEvent event = event();
        java.util.Set<String> feeds = new java.util.HashSet<>();
        for (int i = 0; i < 40; i++) {
            log.claim(event, "ch" + i, "slack", Optional.empty(), f.clock.instant());
            feeds.add(NotificationLog.feed(event.eventId() + "#ch" + i));
            f.clock.advance(Duration.ofMillis(i % 3 == 0 ? 0 : 7));
        }
        assertTrue(feeds.size() > 4, "records land in several partitions: " + feeds);
        java.util.List<NotificationLog.Notification> seen = new java.util.ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            var page = log.list(7, Optional.empty(), token);
            seen.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent());
        assertEquals(40, seen.size());
        assertEquals(40, seen.stream().map(NotificationLog.Notification::id).distinct().count(), "no record twice");
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(!seen.get(i).createdAt().isAfter(seen.get(i - 1).createdAt()), "newest first");
        }
    }

    @Test
    void aClaimInFlightAsksForALaterRetryAndIsTakenOverOnceAbandoned() {
        AlertEvent event = event();
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", Optional.empty(), f.clock.instant()).claim());
        assertEquals(Claim.IN_FLIGHT, log.claim(event, "sns", "sns", Optional.empty(), f.clock.instant().plusSeconds(60)).claim());
        assertEquals(Claim.TAKEN, log.claim(event, "sns", "sns", Optional.empty(), f.clock.instant().plus(Duration.ofMinutes(3))).claim(),
                "Lambda's second retry, about 3 minutes on, takes over the claim of an attempt that died");
    }

    @Test
    void listsNewestFirstAndFiltersByStatus() {
        AlertEvent event = event();
        log.claim(event, "sns", "sns", Optional.empty(), f.clock.instant()).claim();
        log.fail(event.eventId(), "sns", "boom", Optional.empty(), 1, false, f.clock.instant());
        f.clock.advance(Duration.ofSeconds(1));
        log.claim(event, "other", "other", Optional.empty(), f.clock.instant()).claim();
        log.complete(event.eventId(), "other", NotificationLog.SENT, Optional.empty(), Optional.empty(), 1, f.clock.instant());
        var all = log.list(10, Optional.empty(), Optional.empty()).items();
        assertEquals("other", all.get(0).channel());
        var failed = log.list(10, Optional.of(NotificationLog.FAILED), Optional.empty()).items();
        assertEquals(1, failed.size());
        assertEquals(Optional.of("boom"), failed.get(0).error());
    }
}
