package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Severity;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.SampleAlerts;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.NotificationLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the dispatcher does when an earlier attempt at the same alert died half-way. */
class AlertDispatcherTest {
    private final Fixture f = new Fixture();
    private final List<AlertEvent> sent = new CopyOnWriteArrayList<>();
    private final NotificationLog log = f.tables().notifications();
    private final AlertDispatcher dispatcher = new AlertDispatcher(ChannelType.INAPP,
            new ChannelResolver(new ChannelStore(f.db.client(), "ChannelsTable"), new InMemorySecretStore()),
            (target, event) -> {
                sent.add(event);
                return Optional.empty();
            }, log, new NoisePolicy(f.events(), Set.of(Severity.CRITICAL), 10, Duration.ofMinutes(30)),
            f.tables().scheduled(), f.clock);

    @Test
    void anAttemptThatDiedAfterClaimingIsRetriedNotForgotten() {
        AlertEvent event = SampleAlerts.DOWN;
        // An earlier invocation claimed the delivery, then its container died before recording the outcome.
        assertEquals(NotificationLog.Claim.TAKEN, log.claim(event, Channel.BUILT_IN_INAPP, "inapp", f.clock.instant()));

        f.clock.advance(Duration.ofMinutes(1));
        assertThrows(AlertDispatcher.RetryLater.class, () -> dispatcher.dispatch(event), "Lambda's first retry waits");
        assertTrue(sent.isEmpty());

        f.clock.advance(Duration.ofMinutes(2));
        assertEquals(1, dispatcher.dispatch(event).sent(), "the second retry takes the abandoned claim over");
        assertEquals(1, dispatcher.dispatch(event).alreadyHandled(), "and then it is done");
        assertEquals(1, sent.size());
    }
}
