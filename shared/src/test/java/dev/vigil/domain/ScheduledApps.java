package dev.vigil.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Plain applications for the schedule and state tests: built field by field, no database. */
final class ScheduledApps {
    static final Instant CREATED = Instant.parse("2026-01-05T10:00:00Z");

    private ScheduledApps() {
    }

    /** An up application on a fixed interval, last beaten at {@code lastBeat}, watched since creation. */
    static Application interval(long intervalSeconds, long graceSeconds, Instant lastBeat) {
        return app(intervalSeconds, graceSeconds, Status.UP, true, lastBeat, CREATED, BeatRules.DEFAULT, RunState.NONE);
    }

    /** An up application on a cron schedule read in {@code zone}. */
    static Application cron(String expression, String zone, long graceSeconds, Instant lastBeat) {
        BeatRules rules = BeatRules.DEFAULT.withCron(Optional.of(
                new BeatRules.CronSchedule(CronExpression.parse(expression), ZoneId.of(zone))));
        return app(0, graceSeconds, Status.UP, true, lastBeat, CREATED, rules, RunState.NONE);
    }

    static Application app(long intervalSeconds, long graceSeconds, Status status, boolean active, Instant lastBeat,
                           Instant watchedSince, BeatRules rules, RunState run) {
        Application app = new Application("app_k3v9x2m7q4pa", "0f8fad5b-d9cb-469f-a165-70867728950e", "backup",
                intervalSeconds, graceSeconds, status, status, active, Optional.ofNullable(lastBeat), watchedSince,
                Optional.empty(), 0, CREATED, CREATED, List.of(), Severity.CRITICAL, Optional.empty(), 0, 1, "tn_acme",
                rules, run);
        return app.withDueAt(Deadlines.deadline(app));
    }

    static Application withRules(Application app, BeatRules rules) {
        Application changed = app.withRules(rules);
        return changed.withDueAt(Deadlines.deadline(changed));
    }

    static Application withFailStreak(Application app, long streak) {
        return app.withRun(new RunState(Optional.empty(), Optional.empty(), streak, 0));
    }

    static Application down(Application app) {
        return withId(app(app.intervalSeconds(), app.graceSeconds(), Status.DOWN, true, app.lastHeartbeat().orElse(null),
                app.watchedSince(), app.rules(), app.run()), app.id());
    }

    static Application withId(Application app, String id) {
        return new Application(id, app.uuid(), app.name(), app.intervalSeconds(), app.graceSeconds(), app.status(),
                app.announced(), app.active(), app.lastHeartbeat(), app.watchedSince(), app.dueAt(), app.flips(),
                app.createdAt(), app.updatedAt(), app.channels(), app.severity(), app.quietHours(), app.acknowledgedFlip(),
                app.version(), app.tenantId(), app.rules(), app.run());
    }
}
