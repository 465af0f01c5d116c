package dev.vigil.notify;

import dev.vigil.bus.ScheduledAlertStore;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Status;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.NotificationLog;
import dev.vigil.store.NotificationLog.Claimed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers one alert to every channel of one type that it is routed to. Each channel is claimed in the
 * notification log before sending, so a redelivered event is sent once per channel; each outcome is
 * recorded with its HTTP status, error, latency and attempt count. A failing channel does not stop the
 * others.
 *
 * <p>Only the send decides whether a delivery is retried. A failure that may pass (a timeout, 429, 5xx)
 * is recorded as retryable and scheduled again with exponential backoff, for {@link #RETRY_HORIZON}
 * from the first attempt; the detector puts the event on the bus again when it is due, and only the
 * channels still owed it send. Any other failure is recorded once and stays failed. The bookkeeping
 * after a successful send (its record, its reminder) is retried on its own and never resends: if it
 * cannot be written at all, {@link RetryLater} makes Lambda invoke again, and this container remembers
 * what it already sent.
 */
public final class AlertDispatcher {
    private static final Log LOG = Log.of(AlertDispatcher.class);
    /** Retryable failures are retried at least this long after the first attempt, then recorded as given up. */
    public static final Duration RETRY_HORIZON = Duration.ofHours(24);
    /** The wait before the first retry unless configured ({@code RETRY_FIRST_DELAY_SECONDS}); it doubles each time. */
    public static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    private static final int BOOKKEEPING_ATTEMPTS = 4;
    private static final int REMEMBERED = 10_000;

    private final ChannelType type;
    private final ChannelResolver resolver;
    private final ChannelSender sender;
    private final NotificationLog notifications;
    private final NoisePolicy policy;
    private final ScheduledAlertStore scheduled;
    private final ApplicationStore applications;
    private final Clock clock;
    private final Duration firstRetry;
    /** Deliveries this container sent but could not record: never sent again, only recorded. */
    private final Set<String> sentUnrecorded = ConcurrentHashMap.newKeySet();

    public AlertDispatcher(ChannelType type, ChannelResolver resolver, ChannelSender sender, NotificationLog notifications,
                           NoisePolicy policy, ScheduledAlertStore scheduled, ApplicationStore applications, Clock clock) {
        this(type, resolver, sender, notifications, policy, scheduled, applications, clock, FIRST_RETRY);
    }

    /** A dispatcher whose first retry waits {@code firstRetry} (doubling from there, up to an hour). */
    public AlertDispatcher(ChannelType type, ChannelResolver resolver, ChannelSender sender, NotificationLog notifications,
                           NoisePolicy policy, ScheduledAlertStore scheduled, ApplicationStore applications, Clock clock,
                           Duration firstRetry) {
        this.type = type;
        this.resolver = resolver;
        this.sender = sender;
        this.notifications = notifications;
        this.policy = policy;
        this.scheduled = scheduled;
        this.applications = applications;
        this.clock = clock;
        this.firstRetry = firstRetry;
    }

    /** What happened on each channel. */
    public record Result(int sent, int alreadyHandled, int failed, int willRetry) {
    }

    /** Thrown when the records of a delivery could not be written: Lambda invokes again. */
    public static final class RetryLater extends RuntimeException {
        public RetryLater(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** For SnapStart priming: resolves the channels of {@code event} and decides on its noise, sending nothing. */
    void prime(AlertEvent event) {
        resolver.targets(event, type);
        policy.decide(event, application(event));
    }

    public Result dispatch(AlertEvent event) {
        ChannelResolver.Routing routing = resolver.targets(event, type);
        if (routing.targets().isEmpty()) {
            return new Result(0, 0, 0, 0);
        }
        NoisePolicy.Decision decision = policy.decide(event, application(event));
        if (isFlapping(decision)) {
            scheduled.scheduleSettle(event, event.time().plus(policy.settleAfter()));
        }
        int sent = 0;
        int handled = 0;
        int failed = 0;
        int retry = 0;
        RuntimeException unrecorded = null;
        for (ChannelTarget target : routing.targets()) {
            String channelId = target.channel().id();
            String key = event.eventId() + "#" + channelId;
            if (sentUnrecorded.contains(key)) {
                unrecorded = recordSent(event, target, decision, Optional.empty(), 0, key).orElse(unrecorded);
                handled++;
                continue;
            }
            Claimed claim = notifications.claim(event, channelId, type.wire(), routing.note(), clock.instant());
            switch (claim.claim()) {
                case DONE -> {
                    handled++;
                    if (claim.previousStatus().filter(NotificationLog.SENT::equals).isPresent()) {
                        // Sent before; its reminder may not have been scheduled then (scheduling is idempotent).
                        scheduleReminder(event, target);
                    }
                }
                case IN_FLIGHT -> {
                    // Another attempt holds it; if that attempt died, this retry takes the stale claim over.
                    scheduled.scheduleRetry(event, channelId, (int) claim.attempts(),
                            clock.instant().plus(NotificationLog.STALE_CLAIM).plusSeconds(30));
                    retry++;
                }
                case TAKEN -> {
                    Outcome outcome = deliver(event, target, decision, claim, key);
                    sent += outcome.delivery() == Delivery.SENT ? 1 : 0;
                    failed += outcome.delivery() == Delivery.FAILED || outcome.delivery() == Delivery.RETRY ? 1 : 0;
                    retry += outcome.delivery() == Delivery.RETRY ? 1 : 0;
                    unrecorded = outcome.bookkeeping().orElse(unrecorded);
                }
            }
        }
        if (unrecorded != null) {
            throw new RetryLater("a delivery was sent but its records could not be written; they are retried", unrecorded);
        }
        return new Result(sent, handled, failed, retry);
    }

    private enum Delivery { SENT, FAILED, RETRY, NOT_SENT }

    /** How a delivery went, and the bookkeeping write that failed after a send, if one did. */
    private record Outcome(Delivery delivery, Optional<RuntimeException> bookkeeping) {
        static Outcome of(Delivery delivery) {
            return new Outcome(delivery, Optional.empty());
        }
    }

    private Outcome deliver(AlertEvent event, ChannelTarget target, NoisePolicy.Decision decision, Claimed claim,
                             String key) {
        String channelId = target.channel().id();
        switch (decision) {
            case NoisePolicy.Decision.Superseded superseded -> {
                notSent(event, channelId, NotificationLog.SUPERSEDED, superseded.reason());
                return Outcome.of(Delivery.NOT_SENT);
            }
            case NoisePolicy.Decision.Hold hold -> {
                scheduled.hold(event, channelId, hold.until());
                notSent(event, channelId, NotificationLog.SUPPRESSED, hold.reason());
                return Outcome.of(Delivery.NOT_SENT);
            }
            case NoisePolicy.Decision.Suppress suppress -> {
                notSent(event, channelId, NotificationLog.SUPPRESSED, suppress.reason());
                // A down suppressed for flapping is still an outage: its reminders run as if it had been sent.
                // One suppressed because its parent is down is not paged at all.
                if (event.suppressed().isEmpty()) {
                    scheduleReminder(event, target);
                }
                return Outcome.of(Delivery.NOT_SENT);
            }
            case NoisePolicy.Decision.Send send -> {
                long began = System.nanoTime();
                Optional<Integer> status;
                try {
                    status = sender.send(target, send.event());
                } catch (RuntimeException e) {
                    return Outcome.of(failed(event, channelId, e, claim, Duration.ofNanos(System.nanoTime() - began).toMillis()));
                }
                long latency = Duration.ofNanos(System.nanoTime() - began).toMillis();
                LOG.info("Alert sent", "eventId", event.eventId(), "applicationId", event.applicationId(),
                        "channel", channelId, "channelType", type.wire(), "latencyMs", latency);
                Optional<RuntimeException> problem = recordSent(event, target, decision, status, latency, key);
                correctIfSuperseded(event, target);
                return new Outcome(Delivery.SENT, problem);
            }
        }
    }

    /** Records a send and schedules its reminder, each retried on its own; empty when both were written. */
    private Optional<RuntimeException> recordSent(AlertEvent event, ChannelTarget target, NoisePolicy.Decision decision,
                                                  Optional<Integer> status, long latency, String key) {
        String channelId = target.channel().id();
        try {
            retrying(() -> notifications.complete(event.eventId(), channelId, NotificationLog.SENT, Optional.empty(),
                    status, latency, clock.instant()));
            sentUnrecorded.remove(key);
        } catch (RuntimeException e) {
            if (sentUnrecorded.size() > REMEMBERED) {
                sentUnrecorded.clear();
            }
            sentUnrecorded.add(key);
            LOG.error("A sent alert could not be recorded; it is recorded, not sent, on the retry", e,
                    "eventId", event.eventId(), "channel", channelId);
            return Optional.of(e);
        }
        if (decision instanceof NoisePolicy.Decision.Send) {
            try {
                retrying(() -> scheduleReminder(event, target));
            } catch (RuntimeException e) {
                // The retry finds the delivery done and schedules the reminder then.
                LOG.error("The reminder of a sent alert could not be scheduled", e, "eventId", event.eventId(),
                        "channel", channelId);
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private Delivery failed(AlertEvent event, String channelId, RuntimeException e, Claimed claim, long latency) {
        // Only a sender's own DeliveryException message is recorded: other messages may quote secrets.
        DeliveryException failure = e instanceof DeliveryException d ? d
                : new DeliveryException(true, Optional.empty(), "unexpected " + e.getClass().getSimpleName());
        Instant now = clock.instant();
        boolean retryable = failure.retryable();
        boolean givenUp = retryable && !now.isBefore(claim.firstAttempt().plus(RETRY_HORIZON));
        String error = givenUp ? failure.getMessage() + " (given up after " + claim.attempts() + " attempts over "
                + RETRY_HORIZON.toHours() + " h)" : failure.getMessage();
        notifications.fail(event.eventId(), channelId, error, failure.httpStatus(), latency, retryable && !givenUp, now);
        LOG.warn("Alert delivery failed", "eventId", event.eventId(), "applicationId", event.applicationId(),
                "channel", channelId, "channelType", type.wire(), "retryable", retryable, "attempt", claim.attempts(),
                "error", failure.getMessage());
        if (!retryable || givenUp) {
            return Delivery.FAILED;
        }
        scheduled.scheduleRetry(event, channelId, (int) claim.attempts() + 1, now.plus(backoff(firstRetry, claim.attempts())));
        return Delivery.RETRY;
    }

    /** The wait before retry {@code attempt + 1}: doubling from {@code first} to at most an hour, half of it jittered. */
    static Duration backoff(Duration first, long attempt) {
        long doubled = first.toMillis() << Math.min(20, Math.max(0, attempt - 1));
        long ceiling = Math.min(LONGEST_RETRY.toMillis(), doubled);
        return Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    }

    /** The application an alert is about, as it is now; empty for a digest or a check alert, or once deleted. */
    private Optional<Application> application(AlertEvent event) {
        return event.aboutOneApplication() ? applications.findById(event.applicationId()) : Optional.empty();
    }

    /**
     * A channel that keeps incident state (PagerDuty) must not end with an open incident for an
     * application or a check that is up: if the application recovered (or the check's later recorded
     * change is healthy) while this down alert was being sent, the up that may have overtaken it is
     * sent again after it.
     */
    private void correctIfSuperseded(AlertEvent event, ChannelTarget target) {
        if (!sender.tracksIncidents() || !event.isDown()) {
            return;
        }
        Optional<AlertEvent> recovery = event.aboutCheck()
                ? policy.latestCheckChange(event).filter(later -> later.flip() > event.flip() && !later.isDown())
                : application(event).filter(now -> now.flips() > event.flip() && now.status() == Status.UP)
                        .map(now -> Alerts.upAfter(event, now, clock.instant()));
        if (recovery.isPresent()) {
            AlertEvent up = recovery.get();
            try {
                sender.send(target, up);
                LOG.info("Recovery sent again after a down it overtook", "eventId", up.eventId(),
                        "channel", target.channel().id());
            } catch (RuntimeException e) {
                LOG.warn("Sending the recovery again failed", "eventId", up.eventId(), "channel", target.channel().id(),
                        "error", e instanceof DeliveryException ? e.getMessage() : e.getClass().getSimpleName());
            }
        }
    }

    /** A down alert on a channel with {@code repeatMinutes} is repeated until recovery or acknowledgement. */
    private void scheduleReminder(AlertEvent event, ChannelTarget target) {
        Optional<Long> every = target.channel().repeatMinutes();
        boolean repeats = event.type() == AlertType.APPLICATION_DOWN || event.type() == AlertType.APPLICATION_STILL_DOWN;
        if (every.isPresent() && repeats) {
            scheduled.scheduleReminder(event, target.channel().id(), event.reminder() + 1,
                    clock.instant().plus(Duration.ofMinutes(every.get())));
        }
    }

    private static boolean isFlapping(NoisePolicy.Decision decision) {
        return decision instanceof NoisePolicy.Decision.Send send && send.flapping()
                || decision instanceof NoisePolicy.Decision.Suppress suppress && suppress.flapping();
    }

    private void notSent(AlertEvent event, String channelId, String status, String reason) {
        notifications.complete(event.eventId(), channelId, status, Optional.of(reason), Optional.empty(), 0,
                clock.instant());
        LOG.info("Alert not sent", "eventId", event.eventId(), "channel", channelId, "status", status, "reason", reason);
    }

    /** Runs a bookkeeping write, retried a few times with short pauses; rethrows the last failure. */
    private static void retrying(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (RuntimeException e) {
                if (attempt >= BOOKKEEPING_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(50L << attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
