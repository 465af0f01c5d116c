package dev.vigil.notify;

import dev.vigil.bus.EventStore;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertType;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Severity;
import dev.vigil.domain.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, once per alert and the same way for every channel, whether it goes out now:
 * <ul>
 *   <li>an alert about a state the application has already left (its flip number is older than the
 *       application's latest flip) is superseded and never delivered, so a late or retried down cannot
 *       follow the up that ended it; so is a check alert whose check has a later status change (a
 *       later run) recorded;</li>
 *   <li>a non-urgent alert inside the application's quiet hours is held for the digest sent when they
 *       end (urgent: a down alert whose severity is listed in {@code URGENT_SEVERITIES});</li>
 *   <li>an application that flipped more than {@code FLAP_THRESHOLD} times within
 *       {@code FLAP_WINDOW_MINUTES} is reported once as flapping, stating the state it is in when the
 *       notice is sent; its further flips are suppressed, and once no flip happened for
 *       {@link #settleAfter()} (a third of the window) one "settled" alert says the state it ended in.
 *       A suppressed down still gets its reminders, so an outage never goes silent.</li>
 *   <li>an alert the detector marked suppressed (the application went down while its parent was down,
 *       and the recovery that ends that outage) is never delivered, nor reminded.</li>
 * </ul>
 * A channel's test alert is always sent at once. Check alerts are never counted as flips, so they never flap. Apart from superseding, which reads
 * the application's current flip (or the check's latest recorded change), the decision depends only on
 * stored facts up to the alert's time, so a retry decides the same.
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
        /** Deliver {@code event} (the alert itself, or its flapping notice); {@code flapping} if it is that notice. */
        record Send(AlertEvent event, boolean flapping) implements Decision {
        }

        /** Keep it for the digest sent when quiet hours end. */
        record Hold(Instant until, String reason) implements Decision {
        }

        /** Do not deliver it ({@code flapping}: a flip suppressed because the application flaps). */
        record Suppress(String reason, boolean flapping) implements Decision {
        }

        /** Do not deliver it: the application has changed state since. */
        record Superseded(String reason) implements Decision {
        }
    }

    /**
     * The latest status change recorded for the check of {@code event}, which may be this one; empty for
     * an alert about anything else, or when none is kept.
     */
    public Optional<AlertEvent> latestCheckChange(AlertEvent event) {
        return event.aboutCheck()
                ? events.latestAbout(event.applicationId()).filter(AlertEvent::aboutCheck) : Optional.empty();
    }

    public boolean isUrgent(AlertEvent event) {
        return event.isDown() && urgent.contains(event.severity());
    }

    /** How long a flapping application must keep one state to count as settled. */
    public Duration settleAfter() {
        return flapWindow.dividedBy(3);
    }

    /**
     * The decision on {@code event}, given the application as it is now (empty: deleted, a digest, or
     * a check alert, whose check's latest status change is read from the ledger's events).
     */
    public Decision decide(AlertEvent event, Optional<Application> current) {
        if (event.type() == AlertType.ALERT_DIGEST || event.isTest()) {
            // A test was asked for now: it is sent whatever the quiet hours, and is no flip.
            return new Decision.Send(event, false);
        }
        if (event.suppressed().isPresent()) {
            return new Decision.Suppress("suppressed: " + event.suppressed().get(), false);
        }
        if (current.isPresent() && current.get().flips() > event.flip()) {
            return new Decision.Superseded("superseded: the application changed state since (flip " + event.flip()
                    + ", now " + current.get().flips() + ")");
        }
        Optional<AlertEvent> laterCheckChange = latestCheckChange(event).filter(latest -> latest.flip() > event.flip());
        if (laterCheckChange.isPresent()) {
            return new Decision.Superseded("superseded: the check's status changed since (run " + event.flip()
                    + ", now run " + laterCheckChange.get().flip() + ")");
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
                Status now = current.map(Application::status).orElse(event.status());
                return new Decision.Send(Alerts.flapping(event, flips, flapWindow, now), true);
            }
            if (flips > flapThreshold + 1) {
                return new Decision.Suppress("flapping: " + flips + " state changes in " + flapWindow.toMinutes()
                        + " min; a settled alert follows when it stops", true);
            }
        }
        return new Decision.Send(event, false);
    }
}
