package dev.vigil.notify;

import dev.vigil.bus.ScheduledAlertStore;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.Log;
import dev.vigil.store.NotificationLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Delivers one alert to every channel of one type that it is routed to. Each channel is claimed in the
 * notification log before sending, so a redelivered event is sent once per channel; each outcome is
 * recorded with its HTTP status, error, latency and attempt count. A failing channel does not stop the
 * others; if any failure is worth retrying, {@link RetryLater} is thrown after all channels were tried,
 * so Lambda invokes again (the channels that succeeded are skipped then).
 */
public final class AlertDispatcher {
    private static final Log LOG = Log.of(AlertDispatcher.class);

    private final ChannelType type;
    private final ChannelResolver resolver;
    private final ChannelSender sender;
    private final NotificationLog notifications;
    private final NoisePolicy policy;
    private final ScheduledAlertStore scheduled;
    private final Clock clock;

    public AlertDispatcher(ChannelType type, ChannelResolver resolver, ChannelSender sender, NotificationLog notifications,
                           NoisePolicy policy, ScheduledAlertStore scheduled, Clock clock) {
        this.type = type;
        this.resolver = resolver;
        this.sender = sender;
        this.notifications = notifications;
        this.policy = policy;
        this.scheduled = scheduled;
        this.clock = clock;
    }

    /** What happened on each channel. */
    public record Result(int sent, int alreadyHandled, int failed, int willRetry) {
    }

    /** Thrown when some delivery failed in a way a later attempt may fix. */
    public static final class RetryLater extends RuntimeException {
        public RetryLater(String message) {
            super(message);
        }
    }

    /** A down alert on a channel with {@code repeatMinutes} is repeated until recovery or acknowledgement. */
    private void scheduleReminder(AlertEvent sent, ChannelTarget target) {
        Optional<Long> every = target.channel().repeatMinutes();
        boolean repeats = sent.type() == AlertType.APPLICATION_DOWN || sent.type() == AlertType.APPLICATION_STILL_DOWN;
        if (every.isPresent() && repeats) {
            int next = sent.reminder() + 1;
            scheduled.scheduleReminder(sent, target.channel().id(), next, clock.instant().plus(Duration.ofMinutes(every.get())));
        }
    }

    private void suppress(AlertEvent event, String channelId, String reason) {
        notifications.complete(event.eventId(), channelId, NotificationLog.SUPPRESSED, Optional.of(reason), Optional.empty(), 0,
                clock.instant());
        LOG.info("Alert suppressed", "eventId", event.eventId(), "channel", channelId, "reason", reason);
    }

    /** For SnapStart priming: resolves the channels of {@code event} and decides on its noise, sending nothing. */
    void prime(AlertEvent event) {
        resolver.targets(event, type);
        policy.decide(event);
    }

    public Result dispatch(AlertEvent event) {
        int sent = 0;
        int handled = 0;
        int failed = 0;
        List<String> retry = new ArrayList<>();
        List<ChannelTarget> targets = resolver.targets(event, type);
        NoisePolicy.Decision decision = targets.isEmpty() ? null : policy.decide(event);
        for (ChannelTarget target : targets) {
            String channelId = target.channel().id();
            NotificationLog.Claim claim = notifications.claim(event, channelId, type.wire(), clock.instant());
            if (claim == NotificationLog.Claim.DONE) {
                handled++;
                continue;
            }
            if (claim == NotificationLog.Claim.IN_FLIGHT) {
                // Another attempt holds it; if that attempt died, a later retry takes the stale claim over.
                retry.add(channelId);
                continue;
            }
            if (decision instanceof NoisePolicy.Decision.Hold hold) {
                scheduled.hold(event, channelId, hold.until());
                suppress(event, channelId, hold.reason());
                continue;
            }
            if (decision instanceof NoisePolicy.Decision.Suppress suppress) {
                suppress(event, channelId, suppress.reason());
                continue;
            }
            AlertEvent outgoing = ((NoisePolicy.Decision.Send) decision).event();
            long began = System.nanoTime();
            try {
                Optional<Integer> status = sender.send(target, outgoing);
                long latency = Duration.ofNanos(System.nanoTime() - began).toMillis();
                notifications.complete(event.eventId(), channelId, NotificationLog.SENT, Optional.empty(), status, latency,
                        clock.instant());
                LOG.info("Alert sent", "eventId", event.eventId(), "applicationId", event.applicationId(),
                        "channel", channelId, "channelType", type.wire(), "latencyMs", latency);
                sent++;
                scheduleReminder(outgoing, target);
            } catch (RuntimeException e) {
                long latency = Duration.ofNanos(System.nanoTime() - began).toMillis();
                // Only a sender's own DeliveryException message is recorded: other messages may quote secrets.
                DeliveryException failure = e instanceof DeliveryException d ? d
                        : new DeliveryException(true, Optional.empty(), "unexpected " + e.getClass().getSimpleName());
                notifications.complete(event.eventId(), channelId, NotificationLog.FAILED, Optional.of(failure.getMessage()),
                        failure.httpStatus(), latency, clock.instant());
                LOG.warn("Alert delivery failed", "eventId", event.eventId(), "applicationId", event.applicationId(),
                        "channel", channelId, "channelType", type.wire(), "retryable", failure.retryable(),
                        "error", failure.getMessage());
                failed++;
                if (failure.retryable()) {
                    retry.add(channelId);
                }
            }
        }
        if (!retry.isEmpty()) {
            throw new RetryLater("delivery to " + String.join(", ", retry) + " failed and will be retried");
        }
        return new Result(sent, handled, failed, retry.size());
    }
}
