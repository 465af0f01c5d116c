package dev.vigil.notify;

import dev.vigil.bus.EventStore;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, once per alert and the same way for every channel, whether it goes out now:
 * <ul>
 *   <li>a non-urgent alert inside the application's quiet hours is held for the digest sent when they
 *       end (urgent: a down alert whose severity is listed in {@code URGENT_SEVERITIES});</li>
 *   <li>an application that flipped more than {@code FLAP_THRESHOLD} times within
 *       {@code FLAP_WINDOW_MINUTES} is reported once as flapping, and its further flips are suppressed
 *       until it settles.</li>
 * </ul>
 * The decision depends only on stored facts up to the alert's time, so a retry decides the same.
 */
public final class NoisePolicy {
    private final EventStore events;
    private final Set<Severity> urgent;
    private final int flapThreshold;
    private final Duration flapWindow;

    public NoisePolicy(EventStore events, Set<Severity> urgent, int flapThreshold, Duration flapWindow) {
        this.events = events;
        this.urgent = urgent;
        this.flapThreshold = flapThreshold;
        this.flapWindow = flapWindow;
    }

    /**
     * The policy configured by {@code URGENT_SEVERITIES} (comma-separated), {@code FLAP_THRESHOLD} and
     * {@code FLAP_WINDOW_MINUTES}; an unknown severity fails at start-up, naming it.
     */
    public static NoisePolicy configured(String urgentSeverities, long flapThreshold, long flapWindowMinutes,
                                         EventStore events) {
        Set<Severity> urgent = Arrays.stream(urgentSeverities.split(","))
                .map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> Severity.fromWire(v).orElseThrow(() -> new IllegalStateException(
                        "URGENT_SEVERITIES lists unknown severity '" + v + "'; use critical, warning, info")))
                .collect(Collectors.toUnmodifiableSet());
        return new NoisePolicy(events, urgent, (int) flapThreshold, Duration.ofMinutes(flapWindowMinutes));
    }

    /** What to do with an alert. */
    public sealed interface Decision {
        /** Deliver {@code event} (the alert itself, or its flapping notice). */
        record Send(AlertEvent event) implements Decision {
        }

        /** Keep it for the digest sent when quiet hours end. */
        record Hold(Instant until, String reason) implements Decision {
        }

        /** Do not deliver it. */
        record Suppress(String reason) implements Decision {
        }
    }

    public boolean isUrgent(AlertEvent event) {
        return event.isDown() && urgent.contains(event.severity());
    }

    public Decision decide(AlertEvent event) {
        if (event.type() == AlertType.ALERT_DIGEST) {
            return new Decision.Send(event);
        }
        if (!isUrgent(event)) {
            Optional<Instant> quietEnd = event.quietHours().flatMap(q -> q.endOfPeriodContaining(event.time()));
            if (quietEnd.isPresent()) {
                return new Decision.Hold(quietEnd.get(), "held for the quiet-hours digest at " + quietEnd.get());
            }
        }
        if (event.isFlip()) {
            int flips = events.flipsBetween(event.applicationId(), event.time().minus(flapWindow), event.time());
            if (flips == flapThreshold + 1) {
                return new Decision.Send(Alerts.flapping(event, flips, flapWindow));
            }
            if (flips > flapThreshold + 1) {
                return new Decision.Suppress("flapping: " + flips + " state changes in " + flapWindow.toMinutes() + " min");
            }
        }
        return new Decision.Send(event);
    }
}
