package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.bus.ScheduledAlertStore;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Severity;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.StoredChannels;
import dev.vigil.store.NotificationLog;
import dev.vigil.wiring.Tables;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A down alert suppressed because the application's parent is down: no channel is paged, nor reminded. */
class ParentSuppressionDispatchTest {
    private final Fixture f = new Fixture();
    private final Tables tables = f.tables();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final List<String> posted = new CopyOnWriteArrayList<>();

    private AlertDispatcher dispatcher() {
        ChannelSender sender = (target, event) -> {
            posted.add(target.channel().id() + ":" + event.type().wire());
            return Optional.of(200);
        };
        return new AlertDispatcher(ChannelType.SLACK, new ChannelResolver(tables.channels(), secrets), sender,
                tables.notifications(), new NoisePolicy(f.events(), Set.of(Severity.CRITICAL), 10, Duration.ofMinutes(30)),
                tables.scheduled(), f.applications(), f.clock);
    }

    private Channel repeatingSlack() {
        return StoredChannels.create(tables.channels(), secrets, f.clock.instant(), "{\"type\":\"slack\",\"name\":\"ops\","
                + "\"default\":true,\"repeatMinutes\":10,\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/ops\"}}");
    }

    private AlertEvent down(Application app, Optional<String> suppressed) {
        f.clock.advance(Duration.ofSeconds(app.intervalSeconds() + app.graceSeconds() + 1));
        Application current = f.reload(app);
        AlertEvent down = Alerts.down(current, current.dueAt().orElseThrow(), f.clock.instant()).suppressedFor(suppressed);
        f.ledger().record(down, f.applications().markDown(current, down));
        return down;
    }

    private List<ScheduledAlertStore.Scheduled> reminders() {
        return tables.scheduled().due(f.clock.instant().plus(Duration.ofDays(1)), 100).stream()
                .filter(s -> s.kind() == ScheduledAlertStore.Kind.REMINDER).toList();
    }

    @Test
    void suppressedDownIsRecordedWithItsReasonAndNotSentNorReminded() {
        Channel slack = repeatingSlack();
        AlertEvent event = down(f.register("reports", 60, 0), Optional.of("parent app_database0001 is down"));

        AlertDispatcher.Result result = dispatcher().dispatch(event);

        assertEquals(0, result.sent());
        assertEquals(List.of(), posted);
        NotificationLog.Notification record = tables.notifications().list(100, Optional.empty(), Optional.empty()).items()
                .stream().filter(n -> n.channel().equals(slack.id())).findFirst().orElseThrow();
        assertEquals(NotificationLog.SUPPRESSED, record.status());
        assertEquals(Optional.of("suppressed: parent app_database0001 is down"), record.error());
        assertEquals(List.of(), reminders());
    }

    @Test
    void downThatIsNotSuppressedIsSentAndReminded() {
        repeatingSlack();
        AlertEvent event = down(f.register("reports", 60, 0), Optional.empty());

        dispatcher().dispatch(event);

        assertEquals(1, posted.size());
        assertEquals(1, reminders().size());
    }
}
