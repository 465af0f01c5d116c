package dev.vigil.detector;

import dev.vigil.bus.AlertLedger;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Misses;
import dev.vigil.domain.RunState;
import dev.vigil.domain.UnknownReason;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.IngestHealthStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The detector's view of Vigil's own ingest health, so that our outage is not the user's outage. At the
 * start of a pass ({@link #begin}) it reads the ingest-health state and the recorded error buckets and
 * counts the applications newly overdue whose miss would page (not inside a maintenance window, not a
 * child of a down parent); during the pass ({@link Pass#holdsBack}) it marks {@code unknown},
 * instead of down, every miss that the ingest's trouble may explain:
 * <ul>
 *   <li>the pass is a suspected fleet-wide drop ({@link FleetDrop});</li>
 *   <li>recorded ingest errors overlap the miss's window, from its last beat to its deadline
 *       ({@link IngestEpisode#errorsOverlap});</li>
 *   <li>it is a miss again of an application already {@code unknown}, while the episode is still open.</li>
 * </ul>
 * An unknown miss pages nobody and restarts the watch: the application gets a new deadline one window
 * later, so a job that really stopped is caught then, once ingest is healthy. At the end of the pass
 * ({@link #end}) the episode opens (one {@code IngestHealthChanged} system alert, p2) or, after
 * {@code INGEST_RECOVERY_PASSES} clean passes in a row, ends (the alert resolved).
 */
public final class IngestWatch {
    private static final Log LOG = Log.of(IngestWatch.class);
    public static final int DEFAULT_RECOVERY_PASSES = 3;

    private final IngestHealthStore health;
    private final ApplicationStore applications;
    private final AlertLedger ledger;
    private final FleetDrop rule;
    private final int recoveryPasses;

    public IngestWatch(IngestHealthStore health, ApplicationStore applications, AlertLedger ledger, FleetDrop rule,
                       int recoveryPasses) {
        if (recoveryPasses < 1) {
            throw new IllegalStateException("INGEST_RECOVERY_PASSES must be at least 1, was " + recoveryPasses);
        }
        this.health = health;
        this.applications = applications;
        this.ledger = ledger;
        this.rule = rule;
        this.recoveryPasses = recoveryPasses;
    }

    /** The table from {@code INGEST_HEALTH_TABLE}, the rule from {@link FleetDrop#fromEnv}, {@code INGEST_RECOVERY_PASSES}. */
    public static IngestWatch fromEnv(Env env, IngestHealthStore health, ApplicationStore applications, AlertLedger ledger) {
        return new IngestWatch(health, applications, ledger, FleetDrop.fromEnv(env),
                (int) env.getLong("INGEST_RECOVERY_PASSES", DEFAULT_RECOVERY_PASSES));
    }

    /** Reads what one pass needs to judge its misses: the state, the errors, the newly overdue count. */
    public Pass begin(List<Application> overdue, Instant now) {
        IngestHealthStore.State state = health.state();
        Map<String, Optional<Application>> parents = new HashMap<>();
        long fresh = overdue.stream().filter(app -> app.unknownMiss().isEmpty())
                .filter(app -> Deadlines.isOverdue(app, now))
                .filter(app -> wouldPage(app, now, parents)).count();
        long watched = fresh >= rule.minimum() ? applications.watchedCount() : 0;
        boolean suspected = fresh >= rule.minimum() && rule.suspected(fresh, watched, state.baseline());
        Instant since = state.lastPass().orElse(now.minus(IngestHealthStore.BUCKET));
        Instant from = overdue.stream().map(IngestWatch::windowStart).reduce(since, (a, b) -> a.isBefore(b) ? a : b);
        Instant oldestKept = now.minus(IngestHealthStore.KEPT);
        List<IngestHealthStore.ErrorBucket> errors = health.errors(from.isBefore(oldestKept) ? oldestKept : from, now);
        long recentFailures = errors.stream().filter(bucket -> bucket.end().isAfter(since))
                .mapToLong(IngestHealthStore.ErrorBucket::failures).sum();
        if (suspected) {
            LOG.warn("Suspected ingest outage: too many applications became overdue in one pass", "newlyOverdue", fresh,
                    "threshold", rule.threshold(watched, state.baseline()), "watched", watched, "baseline", state.baseline());
        }
        return new Pass(state, fresh, watched, suspected, errors.stream().map(IngestHealthStore.ErrorBucket::minute).toList(),
                recentFailures);
    }

    /**
     * Whether {@code app}'s miss would page anyone: not inside one of its maintenance windows, and not a
     * child whose parent is down (its alert is suppressed). Only such misses count towards a fleet drop,
     * so many applications sharing a maintenance window or a parent do not look like Vigil's own outage.
     * Each parent is read once per pass.
     */
    private boolean wouldPage(Application app, Instant now, Map<String, Optional<Application>> parents) {
        if (MaintenanceWindow.endOfMaintenanceAt(app.rules().maintenance(), now).isPresent()) {
            return false;
        }
        Optional<Application> parent = app.rules().parentId().flatMap(id -> parents.computeIfAbsent(id,
                applications::findById)).filter(p -> p.tenantId().equals(app.tenantId()));
        return Misses.suppression(parent, now).isEmpty();
    }

    /** Where a miss's window begins: its last beat, or the start of its watch when that is later (or it never beat). */
    static Instant windowStart(Application app) {
        return app.lastHeartbeat().filter(beat -> beat.isAfter(app.watchedSince())).orElse(app.watchedSince());
    }

    /**
     * Ends a pass: keeps the baseline (a suspected pass does not change it) and moves the episode on. Returns
     * the system alert it recorded, to be published with the pass's other events: the episode's opening or end.
     */
    public Optional<AlertEvent> end(Pass pass, Instant now) {
        IngestHealthStore.State state = pass.state;
        IngestEpisode.Step step = IngestEpisode.step(pass.troubled(), state.degraded(), state.cleanPasses(), recoveryPasses);
        double baseline = pass.suspected ? state.baseline() : rule.nextBaseline(state.baseline(), pass.fresh);
        health.recordPass(baseline, step.cleanPasses(), now);
        return switch (step.transition()) {
            case OPEN -> {
                UnknownReason reason = pass.suspected ? UnknownReason.FLEET_DROP : UnknownReason.INGEST_ERRORS;
                String note = pass.suspected
                        ? pass.fresh + " applications became overdue in one pass (threshold "
                                + rule.threshold(pass.watched, state.baseline()) + "): their misses are unknown, not down"
                        : pass.recentFailures + " beat(s) could not be stored: misses they may explain are unknown, not down";
                AlertEvent opened = Alerts.ingestChanged(true, now, note, now);
                yield ledger.write(opened, List.of(health.openEpisode(now, reason))) ? Optional.of(opened) : Optional.empty();
            }
            case CLOSE -> {
                Instant since = state.degradedSince().orElseThrow();
                AlertEvent closed = Alerts.ingestChanged(false, since, "Ingest healthy for " + recoveryPasses
                        + " passes in a row; " + "applications whose misses were unknown are judged again one window on", now);
                yield ledger.write(closed, List.of(health.closeEpisode(since, now))) ? Optional.of(closed) : Optional.empty();
            }
            case NONE, CONTINUE -> Optional.empty();
        };
    }

    /**
     * One pass's judgement of misses, read once at its start; used by the pass's threads at once, so it
     * holds only what it read and a counter.
     */
    public final class Pass {
        private final IngestHealthStore.State state;
        private final long fresh;
        private final long watched;
        private final boolean suspected;
        private final List<Instant> errorMinutes;
        private final long recentFailures;
        private final AtomicInteger marked = new AtomicInteger();

        private Pass(IngestHealthStore.State state, long fresh, long watched, boolean suspected, List<Instant> errorMinutes,
                     long recentFailures) {
            this.state = state;
            this.fresh = fresh;
            this.watched = watched;
            this.suspected = suspected;
            this.errorMinutes = errorMinutes;
            this.recentFailures = recentFailures;
        }

        /** Trouble seen this pass: a suspected fleet drop, or beats that could not be stored since the last pass. */
        boolean troubled() {
            return suspected || recentFailures > 0;
        }

        /** Whether ingest counts as unhealthy in this pass: an episode is open or begins now. */
        boolean degraded() {
            return state.degraded() || troubled();
        }

        /** The reason {@code app}'s miss of {@code deadline} is unknown, if the ingest's trouble may explain it. */
        Optional<UnknownReason> judge(Application app, Instant deadline) {
            if (suspected) {
                return Optional.of(UnknownReason.FLEET_DROP);
            }
            if (IngestEpisode.errorsOverlap(errorMinutes, IngestHealthStore.BUCKET, windowStart(app), deadline)) {
                return Optional.of(UnknownReason.INGEST_ERRORS);
            }
            Optional<RunState.UnknownMiss> standing = app.unknownMiss();
            if (standing.isPresent() && degraded()) {
                return Optional.of(standing.get().reason());
            }
            return Optional.empty();
        }

        /**
         * Marks {@code app}'s miss of {@code deadline} unknown, restarting its watch, when ingest trouble may
         * explain it; true if the miss is held back from the flip (marked, or changed meanwhile: a beat or
         * another pass got there first, and the next pass reads it again).
         */
        public boolean holdsBack(Application app, Instant deadline, Instant now) {
            Optional<UnknownReason> reason = judge(app, deadline);
            if (reason.isEmpty()) {
                return false;
            }
            if (applications.markUnknown(app, app.withWatchRestarted(now), reason.get(), now)) {
                marked.incrementAndGet();
                LOG.info("Miss is unknown: ingest was unhealthy", "applicationId", app.id(), "reason", reason.get().wire(),
                        "deadline", deadline.toString());
            }
            return true;
        }

        /** The misses this pass marked unknown. */
        public int marked() {
            return marked.get();
        }

        /** The applications newly overdue in this pass (not counting repeated misses of unknown ones). */
        public long newlyOverdue() {
            return fresh;
        }

        public boolean suspected() {
            return suspected;
        }
    }
}
