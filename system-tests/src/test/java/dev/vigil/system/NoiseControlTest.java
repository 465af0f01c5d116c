package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.admin.ApplicationRegistry;
import dev.vigil.admin.ApplicationRequest;
import dev.vigil.admin.ChannelRegistry;
import dev.vigil.admin.ChannelRequest;
import dev.vigil.bus.ScheduledAlertStore;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Application;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.Severity;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.notify.ChannelResolver;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.NoisePolicy;
import dev.vigil.runtime.Json;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.NotificationLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Quiet hours with a digest, repeat alerts until acknowledged, and flapping — through the detector and
 * a dispatcher whose channel records what it would send.
 */
class NoiseControlTest {
    private final SystemFixture system = new SystemFixture();
    private final Fixture f = system.f;
    private final List<AlertEvent> delivered = new CopyOnWriteArrayList<>();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final ChannelStore channels = new ChannelStore(f.db.client(), "ChannelsTable");
    private final ScheduledAlertStore scheduled = f.tables().scheduled();
    private final NotificationLog log = f.tables().notifications();

    private AlertDispatcher dispatcher(int flapThreshold) {
        NoisePolicy policy = new NoisePolicy(f.events(), Set.of(Severity.CRITICAL), flapThreshold, Duration.ofMinutes(30));
        ChannelSender recording = (target, event) -> {
            delivered.add(event);
            return Optional.of(200);
        };
        return new AlertDispatcher(ChannelType.SLACK, new ChannelResolver(channels, secrets), recording, log, policy,
                scheduled, f.applications(), f.clock);
    }

    private Channel channel(String extra) throws Exception {
        return new ChannelRegistry(channels, secrets, system.registry(), f.clock).create(ChannelRequest.forCreate(Json.parse(
                "{\"type\":\"slack\",\"name\":\"ops\",\"default\":true" + extra
                        + ",\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/x\"}}")));
    }

    /** Runs a detector pass and hands every event it published to the dispatcher, as the bus would. */
    private void pass(AlertDispatcher dispatcher) {
        int before = f.bus.published.size();
        system.detector().runPass();
        for (AlertEvent event : List.copyOf(f.bus.published.subList(before, f.bus.published.size()))) {
            dispatcher.dispatch(event);
        }
    }

    private Application register(Severity severity, Optional<QuietHours> quiet) {
        return register(severity, quiet, 60);
    }

    private Application register(Severity severity, Optional<QuietHours> quiet, long intervalSeconds) {
        return system.registry().register(new ApplicationRequest(Optional.of("nightly-backup"), Optional.of(intervalSeconds), Optional.of(0L),
                Optional.empty(), Optional.empty(), Optional.of(severity), Optional.of(quiet)));
    }

    private List<String> statuses() {
        return log.list(50, Optional.empty(), Optional.empty()).items().stream().map(NotificationLog.Notification::status).toList();
    }

    @Test
    void nonUrgentAlertsInQuietHoursArriveAsOneDigestWhenTheyEnd() throws Exception {
        channel("");
        f.clock.set(Instant.parse("2026-11-24T12:00:00Z"));
        // Due every 10 hours: down at 22:30, and after its 22:40 beat not due again before 08:40.
        Application app = register(Severity.WARNING, Optional.of(QuietHours.parse("22:00", "07:00", "UTC")), 36_000);
        AlertDispatcher dispatcher = dispatcher(10);

        f.clock.set(Instant.parse("2026-11-24T22:30:00Z"));
        pass(dispatcher);                                   // down at 22:30: not urgent (warning) → held
        f.clock.advance(Duration.ofMinutes(10));
        system.beat(app);                                        // up at 22:40 → held
        for (AlertEvent e : List.copyOf(f.bus.published)) {
            if (e.type().equals(AlertType.APPLICATION_UP)) {
                dispatcher.dispatch(e);
            }
        }
        assertTrue(delivered.isEmpty(), "nothing is sent during quiet hours: " + delivered);
        assertEquals(List.of("suppressed", "suppressed"), statuses());

        f.clock.set(Instant.parse("2026-11-25T06:59:00Z"));
        pass(dispatcher);
        assertTrue(delivered.isEmpty(), "still quiet at 06:59");
        f.clock.set(Instant.parse("2026-11-25T07:00:30Z"));
        pass(dispatcher);

        assertEquals(1, delivered.size(), "one digest: " + delivered);
        AlertEvent digest = delivered.get(0);
        assertEquals(AlertType.ALERT_DIGEST, digest.type());
        assertEquals("2 alerts held during quiet hours", digest.name());
        String note = digest.note().orElseThrow();
        assertTrue(note.contains("22:30 UTC: nightly-backup went DOWN") && note.contains("22:40 UTC: nightly-backup is UP again"), note);
        pass(dispatcher);
        assertEquals(1, delivered.size(), "the digest is sent once");
    }

    @Test
    void urgentAlertsGoThroughQuietHours() throws Exception {
        channel("");
        f.clock.set(Instant.parse("2026-11-24T21:30:00Z"));
        register(Severity.CRITICAL, Optional.of(QuietHours.parse("22:00", "07:00", "UTC")));
        f.clock.set(Instant.parse("2026-11-24T22:30:00Z"));
        pass(dispatcher(10));
        assertEquals(List.of(AlertType.APPLICATION_DOWN), delivered.stream().map(AlertEvent::type).toList());
    }

    @Test
    void downAlertsRepeatAtTheChannelsIntervalUntilAcknowledged() throws Exception {
        Channel ops = channel(",\"repeatMinutes\":10");
        Application app = register(Severity.CRITICAL, Optional.empty());
        AlertDispatcher dispatcher = dispatcher(10);
        f.clock.advance(Duration.ofSeconds(61));
        pass(dispatcher);                                   // the down alert
        f.clock.advance(Duration.ofMinutes(9));
        pass(dispatcher);                                   // not yet
        f.clock.advance(Duration.ofMinutes(1));
        pass(dispatcher);                                   // reminder 1 at +10 min
        f.clock.advance(Duration.ofMinutes(10));
        pass(dispatcher);                                   // reminder 2 at +20 min

        assertEquals(List.of(AlertType.APPLICATION_DOWN, AlertType.APPLICATION_STILL_DOWN, AlertType.APPLICATION_STILL_DOWN),
                delivered.stream().map(AlertEvent::type).toList());
        assertEquals(List.of(ops.id()), delivered.get(1).channels(), "a reminder goes to its own channel only");
        assertTrue(delivered.get(2).note().orElseThrow().contains("reminder 2"));

        assertTrue(system.registry().acknowledge(app.id()) instanceof dev.vigil.admin.ApplicationRegistry.Acknowledgement.Done);
        f.clock.advance(Duration.ofMinutes(30));
        pass(dispatcher);
        assertEquals(3, delivered.size(), "no reminders after acknowledgement");
    }

    @Test
    void remindersStopWhenTheApplicationRecovers() throws Exception {
        channel(",\"repeatMinutes\":5");
        Application app = register(Severity.CRITICAL, Optional.empty());
        AlertDispatcher dispatcher = dispatcher(10);
        f.clock.advance(Duration.ofSeconds(61));
        pass(dispatcher);
        f.clock.advance(Duration.ofMinutes(1));
        system.beat(app);
        f.clock.advance(Duration.ofMinutes(10));
        pass(dispatcher);
        // The recovered outage sends no reminder; the application missed beats again since, which is a new outage.
        assertTrue(delivered.stream().noneMatch(e -> e.type().equals(AlertType.APPLICATION_STILL_DOWN)), delivered.toString());
        assertTrue(scheduled.due(f.clock.instant().plus(Duration.ofDays(1)), 10).stream()
                .noneMatch(r -> r.event().eventId().equals(delivered.get(0).eventId())), "the old reminder is gone");
    }

    @Test
    void anApplicationThatFlapsIsReportedOnceAsFlapping() throws Exception {
        channel("");
        Application app = register(Severity.CRITICAL, Optional.empty());
        AlertDispatcher dispatcher = dispatcher(2);
        for (int i = 0; i < 3; i++) {
            f.clock.advance(Duration.ofSeconds(61));
            pass(dispatcher);                               // down
            f.clock.advance(Duration.ofSeconds(5));
            int before = f.bus.published.size();
            system.beat(app);                                    // up
            f.bus.published.subList(before, f.bus.published.size()).forEach(dispatcher::dispatch);
        }
        // Six flips with a threshold of two: flips 1 and 2 alert, flip 3 says "flapping", 4 to 6 are quiet.
        assertEquals(List.of(AlertType.APPLICATION_DOWN, AlertType.APPLICATION_UP, AlertType.APPLICATION_FLAPPING),
                delivered.stream().map(AlertEvent::type).toList());
        assertTrue(delivered.get(2).note().orElseThrow().contains("3 state changes in 30 min"));
        assertEquals(3, statuses().stream().filter("suppressed"::equals).count());
    }

    /** Down, then up, as often as {@code flips} says, each alert dispatched as soon as it is published. */
    private void flipAlternately(Application app, AlertDispatcher dispatcher, int flips) {
        for (int i = 0; i < flips; i++) {
            if (i % 2 == 0) {
                f.clock.advance(Duration.ofSeconds(61));
                pass(dispatcher);                           // down
            } else {
                f.clock.advance(Duration.ofSeconds(5));
                int before = f.bus.published.size();
                system.beat(app);                           // up
                List.copyOf(f.bus.published.subList(before, f.bus.published.size())).forEach(dispatcher::dispatch);
            }
        }
    }

    @Test
    void aFlappingApplicationThatStaysDownIsNeverSilent() throws Exception {
        Channel ops = channel(",\"repeatMinutes\":5");
        Application app = register(Severity.CRITICAL, Optional.empty());
        AlertDispatcher dispatcher = dispatcher(2);
        // down, up, down (flapping notice), up (suppressed), down (suppressed): it is down and stays down.
        flipAlternately(app, dispatcher, 5);
        assertEquals(List.of(AlertType.APPLICATION_DOWN, AlertType.APPLICATION_UP, AlertType.APPLICATION_FLAPPING),
                delivered.stream().map(AlertEvent::type).toList());
        assertTrue(delivered.get(2).note().orElseThrow().endsWith("it is DOWN now."), delivered.get(2).note().toString());

        f.clock.advance(Duration.ofMinutes(5));
        pass(dispatcher);
        AlertEvent reminder = delivered.get(delivered.size() - 1);
        assertEquals(AlertType.APPLICATION_STILL_DOWN, reminder.type(), "the suppressed down still has its reminders");
        assertEquals(List.of(ops.id()), reminder.channels());

        f.clock.advance(Duration.ofMinutes(6));
        pass(dispatcher);
        List<AlertEvent> settled = delivered.stream().filter(e -> e.type() == AlertType.APPLICATION_SETTLED).toList();
        assertEquals(1, settled.size(), "one settled alert once no flip happened for a third of the window");
        assertTrue(settled.get(0).isDown());
        assertTrue(dev.vigil.notify.AlertText.stateSuffix(settled.get(0)).contains("settled: now DOWN"));

        f.clock.advance(Duration.ofMinutes(30));
        pass(dispatcher);
        assertEquals(1, delivered.stream().filter(e -> e.type() == AlertType.APPLICATION_SETTLED).count(), "once");
    }

    @Test
    void aFlappingApplicationThatSettlesUpSaysSoOnce() throws Exception {
        channel("");
        Application app = register(Severity.CRITICAL, Optional.empty());
        AlertDispatcher dispatcher = dispatcher(2);
        flipAlternately(app, dispatcher, 4);               // ends up, after a suppressed recovery
        for (int i = 0; i < 14; i++) {                      // and keeps beating
            f.clock.advance(Duration.ofSeconds(50));
            system.beat(app);
            pass(dispatcher);
        }
        List<AlertEvent> settled = delivered.stream().filter(e -> e.type() == AlertType.APPLICATION_SETTLED).toList();
        assertEquals(1, settled.size(), delivered.toString());
        assertTrue(!settled.get(0).isDown());
    }

    @Test
    void theFlappingNoticeSaysTheStateWhenItIsSentNotWhenItWasRaised() throws Exception {
        channel("");
        Application app = register(Severity.CRITICAL, Optional.empty());
        AlertDispatcher dispatcher = dispatcher(2);
        flipAlternately(app, dispatcher, 2);
        f.clock.advance(Duration.ofSeconds(61));
        int before = f.bus.published.size();
        system.detector().runPass();                        // the third flip, down: its notice is not sent yet
        List<AlertEvent> third = List.copyOf(f.bus.published.subList(before, f.bus.published.size()));
        f.clock.advance(Duration.ofSeconds(5));
        system.recorder().beat(app.uuid(), "POST", Optional.empty(), Optional.empty()); // beating again, not announced yet
        third.forEach(dispatcher::dispatch);
        AlertEvent notice = delivered.get(delivered.size() - 1);
        assertEquals(AlertType.APPLICATION_FLAPPING, notice.type());
        assertTrue(notice.note().orElseThrow().endsWith("it is UP now."), notice.note().toString());
    }
}
