package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * How each kind of alert is made from the facts: a flip down or up (id {@code <applicationId>-<flip>}),
 * a reminder of a down flip on one channel ({@code <applicationId>-<flip>-r<n>-<channelId>}), a flapping
 * notice in place of a flip, the settled notice after flapping ({@code <applicationId>-<flip>-settled}),
 * and the digest of the alerts a channel held during quiet hours
 * ({@code digest-<channelId>-<quiet end millis>}), and the status change of an active check
 * ({@code <checkId>-run<n>}) or of a scheduled task ({@code <taskId>-run<n>}), and a channel's test alert
 * ({@code test-<channelId>-<millis>}), with the note each of them carries.
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
                app.channels(), app.severity(), app.quietHours(), Optional.empty(), flip, 0, app.tenantId());
    }

    /**
     * Flip number {@code app.flips() + 1}: a run failed at {@code at} (a fail signal, a non-zero exit code,
     * a run shorter than its minimum runtime); {@code why} says which, for the notifiers' text.
     */
    public static AlertEvent failed(Application app, String why, Instant at, Instant now) {
        long flip = app.flips() + 1;
        return new AlertEvent(flipId(app.id(), flip), AlertType.APPLICATION_DOWN, app.id(), app.name(), Status.DOWN,
                app.status(), Optional.of(at), Optional.empty(), app.intervalSeconds(), app.graceSeconds(), now,
                app.channels(), app.severity(), app.quietHours(), Optional.of(why), flip, 0, app.tenantId());
    }

    /**
     * Flip number {@code app.flips() + 1}: the run in progress passed its maximum runtime at
     * {@code deadline}; the note says when it started.
     */
    public static AlertEvent timedOut(Application app, Instant deadline, Instant now) {
        AlertEvent down = down(app, deadline, now);
        String why = Runs.timedOut(app.run().firstStart().orElse(deadline), app.rules().maxRuntime().orElseThrow());
        return new AlertEvent(down.eventId(), down.type(), down.applicationId(), down.name(), down.status(),
                down.previousStatus(), down.lastHeartbeat(), down.deadline(), down.intervalSeconds(), down.graceSeconds(),
                down.time(), down.channels(), down.severity(), down.quietHours(), Optional.of(why), down.flip(), 0,
                down.tenantId());
    }

    /** Flip number {@code downApp.flips() + 1}: a beat at {@code beatAt} ended the outage. */
    public static AlertEvent up(Application downApp, Instant beatAt, Instant now) {
        long flip = downApp.flips() + 1;
        return new AlertEvent(flipId(downApp.id(), flip), AlertType.APPLICATION_UP, downApp.id(), downApp.name(),
                Status.UP, Status.DOWN, Optional.of(beatAt), Optional.empty(), downApp.intervalSeconds(),
                downApp.graceSeconds(), now, downApp.channels(), downApp.severity(), downApp.quietHours(),
                Optional.empty(), flip, 0, downApp.tenantId()).suppressedFor(downApp.run().suppressed());
    }

    /**
     * The up alert of {@code current}'s latest flip, made from the down alert {@code down} it ended, for
     * a channel whose down arrived after the up.
     */
    public static AlertEvent upAfter(AlertEvent down, Application current, Instant now) {
        return new AlertEvent(flipId(down.applicationId(), current.flips()), AlertType.APPLICATION_UP, down.applicationId(),
                current.name(), Status.UP, Status.DOWN, current.lastHeartbeat(), Optional.empty(), current.intervalSeconds(),
                current.graceSeconds(), now, down.channels(), down.severity(), down.quietHours(), Optional.empty(),
                current.flips(), 0, down.tenantId()).suppressedFor(down.suppressed());
    }

    /** Reminder {@code number} of the down flip {@code down} (or of one of its reminders), for one channel. */
    public static AlertEvent reminder(AlertEvent down, int number, String channelId, Instant now) {
        return down.as(flipId(down.applicationId(), down.flip()) + "-r" + number + "-" + channelId,
                AlertType.APPLICATION_STILL_DOWN,
                Status.DOWN, List.of(channelId),
                Optional.of("Still down (reminder " + number + "): acknowledge it to stop the reminders."), now, number);
    }

    /**
     * {@code flip} reported as flapping: {@code flips} state changes within {@code window}; {@code now} is
     * the state the application is in as the notice is sent, which may be later than the flip.
     */
    public static AlertEvent flapping(AlertEvent flip, int flips, Duration window, Status now) {
        return flip.as(flip.eventId(), AlertType.APPLICATION_FLAPPING, now, flip.channels(),
                Optional.of("Flapping: " + flips + " state changes in " + window.toMinutes()
                        + " min. Further changes are not alerted until it settles; it is " + now.wire().toUpperCase()
                        + " now."), flip.time(), 0);
    }

    /**
     * {@code app} stopped flapping: its last change, flip {@code app.flips()}, has held for
     * {@code quietFor}. Says the state it settled in, which no alert may have said (its changes were
     * suppressed while it flapped).
     */
    public static AlertEvent settled(Application app, Duration quietFor, Instant now) {
        String state = app.status().wire().toUpperCase();
        return new AlertEvent(flipId(app.id(), app.flips()) + "-settled", AlertType.APPLICATION_SETTLED, app.id(),
                app.name(), app.status(), app.status(), app.lastHeartbeat(), app.dueAt(), app.intervalSeconds(),
                app.graceSeconds(), now, app.channels(), app.severity(), app.quietHours(),
                Optional.of("Settled: no state change for " + quietFor.toMinutes() + " min after flapping; it is "
                        + state + " now."), app.flips(), 0, app.tenantId());
    }

    /**
     * One digest of the alerts held for a channel during the quiet period that ended at {@code quietEnd}; it
     * belongs to their tenant (the channel's).
     */
    public static AlertEvent digest(String channelId, List<AlertEvent> held, Instant quietEnd, Instant now) {
        StringBuilder text = new StringBuilder();
        for (AlertEvent e : held) {
            text.append("- ").append(MINUTE.format(e.time())).append(": ").append(e.name())
                    .append(e.check().map(c -> " became " + c.checkStatus().toUpperCase(java.util.Locale.ROOT))
                            .orElse(e.isDown() ? " went DOWN" : " is UP again")).append('\n');
        }
        AlertEvent last = held.get(held.size() - 1);
        String name = held.size() + (held.size() == 1 ? " alert" : " alerts") + " held during quiet hours";
        return new AlertEvent("digest-" + channelId + "-" + quietEnd.toEpochMilli(), AlertType.ALERT_DIGEST, "digest",
                name, last.status(), last.previousStatus(), Optional.empty(), Optional.empty(), 0, 0, now,
                List.of(channelId), Severity.INFO, Optional.empty(), Optional.of(text.toString().strip()), 0, 0, last.tenantId());
    }

    /**
     * Check {@code checkId} (named {@code name}, of tenant {@code tenantId}) was confirmed in a new
     * status by its run number {@code run}. Unhealthy is critical, degraded a warning, a recovery
     * informational; the tenant's quiet hours apply, and it goes to the tenant's default channels
     * ({@code channels} empty) or the ones named.
     */
    public static AlertEvent checkChanged(String checkId, String tenantId, String name, long run, CheckFacts facts,
                                          List<String> channels, Optional<QuietHours> quietHours, Instant now) {
        Severity severity = switch (facts.checkStatus()) {
            case CheckFacts.UNHEALTHY -> Severity.CRITICAL;
            case CheckFacts.DEGRADED -> Severity.WARNING;
            default -> Severity.INFO;
        };
        String state = facts.checkStatus().toUpperCase(java.util.Locale.ROOT);
        String was = facts.previousCheckStatus().toUpperCase(java.util.Locale.ROOT);
        String note = state + " (was " + was + ")" + facts.threshold().map(t -> ": " + t + " failed").orElse("")
                + "; latency " + facts.latencyMs() + " ms" + (facts.reason().isBlank() ? "" : "; " + facts.reason());
        Status status = facts.recovered() ? Status.UP : Status.DOWN;
        Status previous = CheckFacts.HEALTHY.equals(facts.previousCheckStatus()) ? Status.UP : Status.DOWN;
        return new AlertEvent(checkId + "-run" + run, AlertType.CHECK_STATUS_CHANGED, checkId, name, status, previous,
                Optional.empty(), Optional.empty(), 0, 0, now, channels, severity, quietHours, Optional.of(note), run, 0,
                tenantId, Optional.of(facts));
    }

    /**
     * A scheduled task's status changed with its run number {@code run}: failing (critical, {@code DOWN},
     * the note names the failures in a row and the last error) or ok again (info, {@code UP}).
     */
    public static AlertEvent taskChanged(ScheduledTask task, TaskStatus now, long run, Optional<String> error,
                                         Instant at) {
        boolean failing = now == TaskStatus.FAILING;
        String note = failing
                ? "FAILING (was " + task.status().wire().toUpperCase(java.util.Locale.ROOT) + "): " + task.failureThreshold()
                        + " failed run(s) in a row" + error.map(e -> "; " + e).orElse("")
                : "OK (was FAILING): the run succeeded";
        return new AlertEvent(task.id() + "-run" + run, AlertType.TASK_STATUS_CHANGED, task.id(), task.name(),
                failing ? Status.DOWN : Status.UP, failing ? Status.UP : Status.DOWN, Optional.empty(), Optional.empty(),
                0, 0, at, List.of(), failing ? Severity.CRITICAL : Severity.INFO, Optional.empty(), Optional.of(note), run, 0,
                task.tenantId(), Optional.empty());
    }

    /**
     * A test alert for {@code channel} alone, asked for at {@code now}: informational, {@code UP}, routed to the
     * channel's id only, in the channel's tenant; its note is {@link #testMessage}.
     */
    public static AlertEvent channelTest(Channel channel, Instant now) {
        return new AlertEvent("test-" + channel.id() + "-" + now.toEpochMilli(), AlertType.CHANNEL_TEST, channel.id(),
                channel.name(), Status.UP, Status.UP, Optional.empty(), Optional.empty(), 0, 0, now, List.of(channel.id()),
                Severity.INFO, Optional.empty(), Optional.of(testMessage(channel.name())), 0, 0, channel.tenantId(),
                Optional.empty());
    }

    /** {@code Test alert from Vigil: channel <name> works}. */
    public static String testMessage(String channelName) {
        return "Test alert from Vigil: channel " + channelName + " works";
    }

    /**
     * Vigil's own ingest became unhealthy ({@code degraded}: {@code DOWN}, p2 through the alert records) in
     * the episode that began at {@code since}, or healthy again ({@code UP}). Its id is the episode's and
     * the direction's, so racing detector passes record it once. In the default tenant, to its default channels.
     */
    public static AlertEvent ingestChanged(boolean degraded, Instant since, String note, Instant at) {
        String id = "system-ingest-" + since.toEpochMilli() + (degraded ? "-degraded" : "-healthy");
        return new AlertEvent(id, AlertType.INGEST_HEALTH_CHANGED, AlertLifecycle.INGEST_SUBJECT, "Vigil ingest",
                degraded ? Status.DOWN : Status.UP, degraded ? Status.UP : Status.DOWN, Optional.empty(), Optional.empty(),
                0, 0, at, List.of(), degraded ? Severity.WARNING : Severity.INFO, Optional.empty(), Optional.of(note),
                since.toEpochMilli(), 0, Tenant.DEFAULT_ID, Optional.empty());
    }

    private static String flipId(String applicationId, long flip) {
        return applicationId + "-" + flip;
    }
}
