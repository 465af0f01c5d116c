package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.bus.ScheduledAlertStore;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.CheckFacts;
import dev.vigil.domain.QuietHours;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Tenant;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.fixtures.StoredChannels;
import dev.vigil.store.NotificationLog;
import dev.vigil.wiring.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Check alerts through the dispatcher, recorded in the ledger as the check sweep records them: sent
 * once per channel; held for the digest in the tenant's quiet hours unless urgent; never counted as
 * flaps and never repeated; and never delivered once their check has changed status again.
 */
class CheckAlertDispatchTest {
    private static final String CHECK = "chk_k3v9x2m7q4pa";
    private static final Optional<QuietHours> NIGHTS = Optional.of(QuietHours.parse("22:00", "07:00", "UTC"));
    private static final Instant NIGHT = Instant.parse("2026-11-24T23:00:00Z");

    private final Fixture f = new Fixture();
    private final Tables tables = f.tables();
    private final NotificationLog log = tables.notifications();
    private final ScheduledAlertStore scheduled = tables.scheduled();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final List<AlertEvent> sent = new CopyOnWriteArrayList<>();

    /** A Slack dispatcher whose sender records what it sends; flapping would be reported after 2 changes. */
    private AlertDispatcher dispatcher(boolean tracksIncidents, Runnable whileSending) {
        ChannelSender sender = new ChannelSender() {
            @Override
            public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
                sent.add(event);
                whileSending.run();
                return Optional.of(200);
            }

            @Override
            public boolean tracksIncidents() {
                return tracksIncidents;
            }
        };
        return new AlertDispatcher(ChannelType.SLACK, new ChannelResolver(tables.channels(), secrets), sender, log,
                new NoisePolicy(f.events(), Set.of(Severity.CRITICAL), 2, Duration.ofMinutes(30)), scheduled,
                f.applications(), f.clock);
    }

    private AlertDispatcher dispatcher() {
        return dispatcher(false, () -> { });
    }

    private Channel slack(String name) {
        return StoredChannels.create(tables.channels(), secrets, f.clock.instant(), "{\"type\":\"slack\",\"name\":\"" + name
                + "\",\"default\":true,\"repeatMinutes\":10,\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/"
                + name + "\"}}");
    }

    /** Run {@code run} of the check confirmed {@code status} at {@code at}, recorded and published as the sweep does. */
    private AlertEvent change(long run, String status, String previous, Optional<QuietHours> quiet, Instant at) {
        Optional<String> threshold = CheckFacts.HEALTHY.equals(status) ? Optional.empty()
                : Optional.of(CheckFacts.UNHEALTHY.equals(status) ? "latencyMs < 500" : "latencyMs < 300");
        CheckFacts facts = new CheckFacts("http", status, previous, 812, threshold, "", "{\"status\":200}");
        AlertEvent event = Alerts.checkChanged(CHECK, Tenant.DEFAULT_ID, "api-health", run, facts, List.of(), quiet, at);
        f.ledger().record(event, List.of());
        return event;
    }

    private List<ScheduledAlertStore.Scheduled> scheduledItems() {
        return scheduled.due(f.clock.instant().plus(Duration.ofDays(3)), 100);
    }

    private String status(AlertEvent event, Channel channel) {
        return log.list(100, Optional.empty(), Optional.empty()).items().stream()
                .filter(n -> n.eventId().equals(event.eventId()) && n.channel().equals(channel.id()))
                .map(NotificationLog.Notification::status).findFirst().orElseThrow();
    }

    @Test
    void aCheckAlertIsSentOncePerChannelAndNeverRepeated() {
        Channel ops = slack("ops");
        Channel oncall = slack("oncall");
        AlertEvent unhealthy = change(42, CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, Optional.empty(), f.clock.instant());

        assertEquals(2, dispatcher().dispatch(unhealthy).sent());
        f.clock.advance(Duration.ofSeconds(2));
        AlertDispatcher.Result redelivered = dispatcher().dispatch(unhealthy);

        assertEquals(0, redelivered.sent());
        assertEquals(2, redelivered.alreadyHandled());
        assertEquals(List.of(unhealthy, unhealthy), sent, "as it is, once to each channel");
        assertEquals(NotificationLog.SENT, status(unhealthy, ops));
        assertEquals(NotificationLog.SENT, status(unhealthy, oncall));
        assertEquals(List.of(), scheduledItems(), "no reminder, though both channels repeat down alerts every 10 min");
    }

    @Test
    void aCheckThatKeepsChangingIsNeverReportedAsFlapping() {
        slack("ops");
        AlertDispatcher dispatcher = dispatcher();
        for (int run = 1; run <= 6; run++) {
            f.clock.advance(Duration.ofMinutes(1));
            AlertEvent event = run % 2 == 1
                    ? change(run, CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, Optional.empty(), f.clock.instant())
                    : change(run, CheckFacts.HEALTHY, CheckFacts.UNHEALTHY, Optional.empty(), f.clock.instant());
            dispatcher.dispatch(event);
        }

        assertEquals(6, sent.size(), "every change is sent: " + sent);
        assertTrue(sent.stream().allMatch(e -> e.type() == AlertType.CHECK_STATUS_CHANGED), "no flapping notice: " + sent);
        assertEquals(0, f.events().flipsBetween(CHECK, f.clock.instant().minus(Duration.ofHours(1)), f.clock.instant()));
        assertEquals(List.of(), scheduledItems(), "no settle check and no reminder");
    }

    @Test
    void aDegradedCheckInQuietHoursIsHeldForTheDigest() {
        Channel ops = slack("ops");
        f.clock.set(NIGHT);
        AlertEvent degraded = change(7, CheckFacts.DEGRADED, CheckFacts.HEALTHY, NIGHTS, NIGHT);

        AlertDispatcher.Result result = dispatcher().dispatch(degraded);

        assertEquals(0, result.sent(), "a warning is not urgent");
        assertEquals(List.of(), sent);
        assertEquals(NotificationLog.SUPPRESSED, status(degraded, ops));
        List<ScheduledAlertStore.Scheduled> held = scheduledItems();
        assertEquals(1, held.size(), held.toString());
        assertEquals(ScheduledAlertStore.Kind.HELD, held.get(0).kind());
        assertEquals(Instant.parse("2026-11-25T07:00:00Z"), held.get(0).dueAt(), "until the tenant's quiet hours end");
        assertEquals(degraded, held.get(0).event(), "the check's facts are kept with it");

        // When they end, the held alerts become one digest (as the detector makes it), which is sent.
        f.clock.set(held.get(0).dueAt().plusSeconds(20));
        AlertEvent digest = Alerts.digest(ops.id(), List.of(held.get(0).event()), held.get(0).dueAt(), f.clock.instant());
        assertEquals("- 2026-11-24 23:00 UTC: api-health became DEGRADED", digest.note().orElseThrow());
        assertEquals(1, dispatcher().dispatch(digest).sent());
        assertEquals(List.of(digest), sent);
    }

    @Test
    void anUnhealthyCheckIsSentDuringQuietHours() {
        slack("ops");
        f.clock.set(NIGHT);
        AlertEvent unhealthy = change(8, CheckFacts.UNHEALTHY, CheckFacts.DEGRADED, NIGHTS, NIGHT);

        assertEquals(1, dispatcher().dispatch(unhealthy).sent(), "critical and down: urgent");
        assertEquals(List.of(unhealthy), sent);
        assertEquals(List.of(), scheduledItems());
    }

    @Test
    void aCheckAlertThatArrivesAfterALaterChangeOfItsCheckIsSuperseded() {
        Channel ops = slack("ops");
        AlertEvent unhealthy = change(42, CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, Optional.empty(), f.clock.instant());
        f.clock.advance(Duration.ofMinutes(3));
        AlertEvent recovered = change(45, CheckFacts.HEALTHY, CheckFacts.UNHEALTHY, Optional.empty(), f.clock.instant());
        AlertDispatcher dispatcher = dispatcher();

        assertEquals(1, dispatcher.dispatch(recovered).sent());
        assertEquals(0, dispatcher.dispatch(unhealthy).sent(), "the unhealthy alert arrives late (unordered invocations)");

        assertEquals(List.of(recovered), sent);
        assertEquals(NotificationLog.SUPERSEDED, status(unhealthy, ops));
    }

    @Test
    void aPagerDutyLikeChannelGetsTheChecksRecoveryAgainWhenItOvertookTheTrigger() {
        slack("ops");
        AlertEvent unhealthy = change(42, CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, Optional.empty(), f.clock.instant());
        List<AlertEvent> recovery = new CopyOnWriteArrayList<>();
        AlertDispatcher dispatcher = dispatcher(true, () -> {
            if (recovery.isEmpty()) {
                // While the trigger is on its way, the check recovers and its resolve is sent first.
                f.clock.advance(Duration.ofMinutes(1));
                recovery.add(change(43, CheckFacts.HEALTHY, CheckFacts.UNHEALTHY, Optional.empty(), f.clock.instant()));
            }
        });

        dispatcher.dispatch(unhealthy);

        assertEquals(List.of(unhealthy, recovery.get(0)), sent, "the incident ends resolved, not open");
    }
}
