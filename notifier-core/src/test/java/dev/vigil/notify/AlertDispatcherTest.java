package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.ChannelStore;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.NotificationLog;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.FaultInjector;
import dev.vigil.wiring.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What the dispatcher does when things go wrong around a delivery: an attempt that died half-way, an
 * alert that arrives after the state it reports has ended, bookkeeping that fails after a send, channels
 * that fail for good next to channels that fail for now, and a provider that stays down for a day.
 */
class AlertDispatcherTest {
    private final FaultInjector faults = new FaultInjector();
    private final Fixture f = new Fixture(DynamoLocal.shared().client(faults, false));
    private final Tables tables = f.tables();
    private final NotificationLog log = tables.notifications();
    private final ApplicationStore applications = f.applications();
    private final ChannelStore channels = tables.channels();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final List<String> posted = new CopyOnWriteArrayList<>();

    /** A sender that records what it posts, where, and answers as {@code outcome} says (null: success). */
    private AlertDispatcher dispatcher(ChannelType type, BiFunction<ChannelTarget, AlertEvent, DeliveryException> outcome) {
        ChannelSender sender = (target, event) -> {
            posted.add(target.channel().id() + ":" + event.type().wire());
            DeliveryException failure = outcome.apply(target, event);
            if (failure != null) {
                throw failure;
            }
            return Optional.of(200);
        };
        return new AlertDispatcher(type, new ChannelResolver(channels, secrets), sender, log,
                new NoisePolicy(f.events(), Set.of(Severity.CRITICAL), 10, Duration.ofMinutes(30)),
                tables.scheduled(), applications, f.clock);
    }

    private AlertDispatcher succeeding() {
        return dispatcher(ChannelType.INAPP, (target, event) -> null);
    }

    private Channel slack(String name) {
        return StoredChannels.create(channels, secrets, f.clock.instant(), "{\"type\":\"slack\",\"name\":\"" + name
                + "\",\"default\":true,\"settings\":{\"webhookUrl\":\"https://hooks.slack.com/services/" + name + "\"}}");
    }

    /** Flips {@code app} down as the detector does, through the ledger; returns its event. */
    private AlertEvent down(Application app) {
        f.clock.advance(Duration.ofSeconds(app.intervalSeconds() + app.graceSeconds() + 1));
        Application current = f.reload(app);
        AlertEvent down = Alerts.down(current, current.dueAt().orElseThrow(), f.clock.instant());
        f.ledger().record(down, applications.markDown(current, down));
        return down;
    }

    /** A beat, and the recovery it announces, as ingest and beat history do; returns the up event. */
    private AlertEvent up(Application app) {
        f.clock.advance(Duration.ofSeconds(5));
        applications.recordBeat(app.uuid(), new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(), Optional.empty()));
        Application beating = f.reload(app);
        AlertEvent up = Alerts.up(beating, f.clock.instant(), f.clock.instant());
        f.ledger().record(up, applications.markRecoveryAnnounced(beating, up));
        return up;
    }

    private NotificationLog.Notification record(AlertEvent event, String channel) {
        return log.list(100, Optional.empty(), Optional.empty()).items().stream()
                .filter(n -> n.eventId().equals(event.eventId()) && n.channel().equals(channel)).findFirst().orElseThrow();
    }

    private List<ScheduledAlertStore.Scheduled> retries() {
        return tables.scheduled().due(f.clock.instant().plus(Duration.ofDays(30)), 100).stream()
                .filter(s -> s.kind() == ScheduledAlertStore.Kind.RETRY).toList();
    }

    @Test
    void anAttemptThatDiedAfterClaimingIsRetriedNotForgotten() {
        Application app = f.register("billing", 60, 0);
        AlertEvent event = down(app);
        // An earlier invocation claimed the delivery, then its container died before recording the outcome.
        log.claim(event, Channel.BUILT_IN_INAPP, "inapp", Optional.empty(), f.clock.instant());

        f.clock.advance(Duration.ofMinutes(1));
        AlertDispatcher.Result first = succeeding().dispatch(event);
        assertEquals(1, first.willRetry(), "the claim is young: a retry is scheduled for after it turns stale");
        assertTrue(posted.isEmpty());
        assertEquals(1, retries().size());

        f.clock.advance(Duration.ofMinutes(2));
        assertEquals(1, succeeding().dispatch(event).sent(), "the retry takes the abandoned claim over");
        assertEquals(1, succeeding().dispatch(event).alreadyHandled(), "and then it is done");
        assertEquals(1, posted.size());
    }

    @Test
    void anUpDeliveredBeforeItsDownSupersedesTheDown() {
        Application app = f.register("billing", 60, 0);
        AlertEvent down = down(app);
        AlertEvent up = up(app);
        AlertDispatcher dispatcher = succeeding();

        assertEquals(1, dispatcher.dispatch(up).sent());
        assertEquals(0, dispatcher.dispatch(down).sent(), "the down arrives late (unordered asynchronous invocations)");

        assertEquals(List.of("inapp:ApplicationUp"), posted);
        assertEquals(NotificationLog.SUPERSEDED, record(down, Channel.BUILT_IN_INAPP).status());
        assertTrue(record(down, Channel.BUILT_IN_INAPP).error().orElseThrow().contains("changed state"));
    }

    @Test
    void aPagerDutyLikeChannelGetsTheRecoveryAgainWhenItOvertookADownBeingSent() {
        Application app = f.register("billing", 60, 0);
        AlertEvent down = down(app);
        List<AlertEvent> upHolder = new CopyOnWriteArrayList<>();
        ChannelSender incidents = new ChannelSender() {
            @Override
            public Optional<Integer> send(ChannelTarget target, AlertEvent event) {
                posted.add(event.type().wire() + ":" + event.eventId());
                if (event.isDown() && upHolder.isEmpty()) {
                    // While the trigger is on its way, the application recovers and its resolve is sent first.
                    upHolder.add(up(app));
                }
                return Optional.of(202);
            }

            @Override
            public boolean tracksIncidents() {
                return true;
            }
        };
        AlertDispatcher dispatcher = new AlertDispatcher(ChannelType.INAPP, new ChannelResolver(channels, secrets), incidents, log,
                new NoisePolicy(f.events(), Set.of(Severity.CRITICAL), 10, Duration.ofMinutes(30)), tables.scheduled(),
                applications, f.clock);
        dispatcher.dispatch(down);
        assertEquals(List.of("ApplicationDown:" + down.eventId(), "ApplicationUp:" + upHolder.get(0).eventId()), posted,
                "the incident ends resolved, not open");
    }

    @Test
    void aDownThatOvertookNothingIsStillSentAfterItsApplicationWentDownAgain() {
        Application app = f.register("billing", 60, 0);
        AlertEvent firstDown = down(app);
        up(app);
        AlertEvent secondDown = down(app);
        AlertDispatcher dispatcher = succeeding();
        dispatcher.dispatch(secondDown);
        dispatcher.dispatch(firstDown);
        assertEquals(List.of("inapp:ApplicationDown"), posted, "only the current outage is reported");
        assertEquals(NotificationLog.SUPERSEDED, record(firstDown, Channel.BUILT_IN_INAPP).status());
    }

    @Test
    void aSendWhoseRecordCannotBeWrittenIsRecordedOnTheRetryNeverSentAgain() {
        Application app = f.register("billing", 60, 0);
        AlertEvent event = down(app);
        AlertDispatcher dispatcher = succeeding();
        // Every write of the "sent" record fails for a while: the send happened, its bookkeeping did not.
        faults.failNext(AlertDispatcherTest::recordsSent, 4, FaultInjector.When.BEFORE_SENDING);

        assertThrows(AlertDispatcher.RetryLater.class, () -> dispatcher.dispatch(event));
        assertEquals(1, posted.size());

        AlertDispatcher.Result retry = dispatcher.dispatch(event);
        assertEquals(0, retry.sent());
        assertEquals(1, posted.size(), "the retry records the delivery and does not send it again");
        assertEquals(NotificationLog.SENT, record(event, Channel.BUILT_IN_INAPP).status());
    }

    @Test
    void aBookkeepingHiccupAfterASendIsRetriedOnItsOwn() {
        Application app = f.register("billing", 60, 0);
        AlertEvent event = down(app);
        faults.failNext(AlertDispatcherTest::recordsSent, 2, FaultInjector.When.BEFORE_SENDING);
        assertEquals(1, succeeding().dispatch(event).sent());
        assertEquals(NotificationLog.SENT, record(event, Channel.BUILT_IN_INAPP).status());
        assertEquals(1, posted.size());
        assertEquals(List.of(), retries());
    }

    @Test
    void aFailureForGoodStaysFailedWhileAnotherChannelsFailureForNowIsRetried() {
        Channel broken = slack("moved");
        Channel flaky = slack("flaky");
        Application app = f.register("billing", 60, 0);
        AlertEvent event = down(app);
        AlertDispatcher dispatcher = dispatcher(ChannelType.SLACK, (target, e) -> target.channel().id().equals(broken.id())
                ? new DeliveryException(false, Optional.of(302), "HTTP 302 from the channel")
                : new DeliveryException(true, Optional.of(500), "HTTP 500 from the channel"));

        AlertDispatcher.Result first = dispatcher.dispatch(event);
        assertEquals(2, first.failed());
        assertEquals(1, first.willRetry());
        assertEquals(Optional.of(false), record(event, broken.id()).retryable());
        assertEquals(Optional.of(true), record(event, flaky.id()).retryable());

        // The event comes again (the retry schedule, or any redelivery): only the retryable channel is tried.
        f.clock.advance(Duration.ofMinutes(5));
        dispatcher.dispatch(event);
        dispatcher.dispatch(event);
        assertEquals(1, posted.stream().filter(p -> p.startsWith(broken.id())).count(), "the 302 channel was posted once");
        assertEquals(3, posted.stream().filter(p -> p.startsWith(flaky.id())).count());
    }

    @Test
    void aProviderOutageIsRetriedWithBackoffForADayThenGivenUp() {
        Application app = f.register("billing", 60, 0);
        AlertEvent event = down(app);
        AlertDispatcher dispatcher = dispatcher(ChannelType.INAPP,
                (target, e) -> new DeliveryException(true, Optional.of(503), "HTTP 503 from the channel"));
        Instant firstAttempt = f.clock.instant();
        int attempts = 0;
        Duration previousWait = Duration.ZERO;
        while (true) {
            dispatcher.dispatch(event);
            attempts++;
            List<ScheduledAlertStore.Scheduled> pending = retries();
            if (pending.isEmpty()) {
                break;
            }
            Duration wait = Duration.between(f.clock.instant(), pending.get(0).dueAt());
            assertTrue(wait.compareTo(AlertDispatcher.LONGEST_RETRY) <= 0, "never more than an hour apart: " + wait);
            assertTrue(wait.compareTo(Duration.ofSeconds(29)) >= 0, "never hammering: " + wait);
            previousWait = wait;
            f.clock.set(pending.get(0).dueAt());
            tables.scheduled().drop(pending.get(0));
        }
        Duration horizon = Duration.between(firstAttempt, f.clock.instant());
        assertTrue(horizon.compareTo(Duration.ofHours(24)) >= 0, "retried for at least 24 h: " + horizon);
        assertTrue(horizon.compareTo(Duration.ofHours(26)) < 0, "and then given up: " + horizon);
        assertTrue(attempts > 20 && attempts < 60, attempts + " attempts, last wait " + previousWait);
        NotificationLog.Notification gaveUp = record(event, Channel.BUILT_IN_INAPP);
        assertEquals(NotificationLog.FAILED, gaveUp.status());
        assertEquals(Optional.of(false), gaveUp.retryable());
        assertTrue(gaveUp.error().orElseThrow().contains("given up after " + attempts + " attempts"), gaveUp.error().toString());
    }

    private static boolean recordsSent(String operation, Object request) {
        return "UpdateItem".equals(operation) && request instanceof UpdateItemRequest update
                && "NotificationsTable".equals(update.tableName())
                && NotificationLog.SENT.equals(Optional.ofNullable(update.expressionAttributeValues().get(":status"))
                .map(v -> v.s()).orElse(null));
    }
}
