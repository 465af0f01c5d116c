package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * How each kind of alert is made from the facts: a flip down or up (id {@code <applicationId>-<flip>}),
 * a reminder of a down flip on one channel ({@code <applicationId>-<flip>-r<n>}), a flapping notice in
 * place of a flip, and the digest of the alerts a channel held during quiet hours
 * ({@code digest-<channelId>-<quiet end millis>}), with the note each of them carries.
 */
public final class Alerts {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Alerts() {
    }

    /** Flip number {@code app.flips() + 1}: the application missed {@code deadline}. */
    public static AlertEvent down(Application app, Instant deadline, Instant now) {
        long flip = app.flips() + 1;
        return new AlertEvent(flipId(app.id(), flip), AlertType.APPLICATION_DOWN, app.id(), app.name(), Status.DOWN,
                app.status(), app.lastHeartbeat(), Optional.of(deadline), app.intervalSeconds(), app.graceSeconds(), now,
                app.channels(), app.severity(), app.quietHours(), Optional.empty(), flip, 0);
    }

    /** Flip number {@code downApp.flips() + 1}: a beat at {@code beatAt} ended the outage. */
    public static AlertEvent up(Application downApp, Instant beatAt, Instant now) {
        long flip = downApp.flips() + 1;
        return new AlertEvent(flipId(downApp.id(), flip), AlertType.APPLICATION_UP, downApp.id(), downApp.name(),
                Status.UP, Status.DOWN, Optional.of(beatAt), Optional.empty(), downApp.intervalSeconds(),
                downApp.graceSeconds(), now, downApp.channels(), downApp.severity(), downApp.quietHours(),
                Optional.empty(), flip, 0);
    }

    /** Reminder {@code number} of the down flip {@code down} (or of one of its reminders), for one channel. */
    public static AlertEvent reminder(AlertEvent down, int number, String channelId, Instant now) {
        return down.as(flipId(down.applicationId(), down.flip()) + "-r" + number, AlertType.APPLICATION_STILL_DOWN,
                Status.DOWN, List.of(channelId),
                Optional.of("Still down (reminder " + number + "): acknowledge it to stop the reminders."), now, number);
    }

    /** {@code flip} reported as flapping: {@code flips} state changes within {@code window}. */
    public static AlertEvent flapping(AlertEvent flip, int flips, Duration window) {
        return flip.as(flip.eventId(), AlertType.APPLICATION_FLAPPING, flip.status(), flip.channels(),
                Optional.of("Flapping: " + flips + " state changes in " + window.toMinutes()
                        + " min. Further changes are not alerted until it settles; it is " + flip.status().wire()
                        + " now."), flip.time(), 0);
    }

    /** One digest of the alerts held for a channel during the quiet period that ended at {@code quietEnd}. */
    public static AlertEvent digest(String channelId, List<AlertEvent> held, Instant quietEnd, Instant now) {
        StringBuilder text = new StringBuilder();
        for (AlertEvent e : held) {
            text.append("- ").append(MINUTE.format(e.time())).append(": ").append(e.name())
                    .append(e.isDown() ? " went DOWN" : " is UP again").append('\n');
        }
        AlertEvent last = held.get(held.size() - 1);
        String name = held.size() + (held.size() == 1 ? " alert" : " alerts") + " held during quiet hours";
        return new AlertEvent("digest-" + channelId + "-" + quietEnd.toEpochMilli(), AlertType.ALERT_DIGEST, "digest",
                name, last.status(), last.previousStatus(), Optional.empty(), Optional.empty(), 0, 0, now,
                List.of(channelId), Severity.INFO, Optional.empty(), Optional.of(text.toString().strip()), 0, 0);
    }

    private static String flipId(String applicationId, long flip) {
        return applicationId + "-" + flip;
    }
}
