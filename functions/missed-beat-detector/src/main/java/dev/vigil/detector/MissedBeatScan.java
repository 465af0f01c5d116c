package dev.vigil.detector;

import dev.vigil.bus.AlertLedger;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Due;
import dev.vigil.domain.Misses;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One pass of missed-beat detection: read the overdue applications from the deadline index and flip
 * each to {@code down} through the alert ledger (racing passes flip once); read the applications
 * announced down whose beats have resumed and announce their recoveries; publish the new events
 * {@value dev.vigil.bus.EventPublisher#BATCH} per bus call; run the follow-ups that are due; and finally
 * publish the events the bus refused earlier.
 *
 * <p>An alert storm (thousands of applications missing their deadline at once, say when a shared
 * dependency fails) is worked on by {@code concurrency} threads within the pass's time budget: what
 * the budget leaves is still in the indexes and is taken by the next pass.
 *
 * <p>With an {@link IngestWatch}, a miss that Vigil's own ingest trouble may explain (recorded write
 * failures in its window, or a fleet-wide drop) is marked {@code unknown} instead of flipped: nobody is paged.
 */
public final class MissedBeatScan {
    private static final Log LOG = Log.of(MissedBeatScan.class);
    /** The most applications of one deadline-index shard one pass reads. */
    static final int BATCH_PER_SHARD = 2_000;
    static final int PENDING_BATCH = 10_000;
    public static final int DEFAULT_CONCURRENCY = 8;

    private final ApplicationStore applications;
    private final AlertLedger ledger;
    private final Optional<FollowUps> followUps;
    private final Clock clock;
    private final int concurrency;
    private final Optional<IngestWatch> ingest;
    /** The current pass's view of ingest health (none without an {@link IngestWatch}, or when it could not be read). */
    private final AtomicReference<Optional<IngestWatch.Pass>> ingestPass = new AtomicReference<>(Optional.empty());

    public MissedBeatScan(ApplicationStore applications, AlertLedger ledger, FollowUps followUps, Clock clock,
                          int concurrency) {
        this(applications, ledger, Optional.of(followUps), clock, concurrency);
    }

    /** A pass that holds back the misses Vigil's own ingest trouble may explain ({@code ingest}). */
    public MissedBeatScan(ApplicationStore applications, AlertLedger ledger, FollowUps followUps, Clock clock,
                          int concurrency, IngestWatch ingest) {
        this(applications, ledger, Optional.of(followUps), clock, concurrency, Optional.of(ingest));
    }

    /** Detection alone (no reminders and digests), holding back the misses ingest trouble may explain. */
    public MissedBeatScan(ApplicationStore applications, AlertLedger ledger, Clock clock, IngestWatch ingest) {
        this(applications, ledger, Optional.empty(), clock, DEFAULT_CONCURRENCY, Optional.of(ingest));
    }

    public MissedBeatScan(ApplicationStore applications, AlertLedger ledger, FollowUps followUps, Clock clock) {
        this(applications, ledger, Optional.of(followUps), clock, DEFAULT_CONCURRENCY);
    }

    /** A pass without reminders and digests, for tests of detection alone. */
    public MissedBeatScan(ApplicationStore applications, AlertLedger ledger, Clock clock) {
        this(applications, ledger, Optional.empty(), clock, DEFAULT_CONCURRENCY);
    }

    private MissedBeatScan(ApplicationStore applications, AlertLedger ledger, Optional<FollowUps> followUps, Clock clock,
                           int concurrency) {
        this(applications, ledger, followUps, clock, concurrency, Optional.empty());
    }

    private MissedBeatScan(ApplicationStore applications, AlertLedger ledger, Optional<FollowUps> followUps, Clock clock,
                           int concurrency, Optional<IngestWatch> ingest) {
        this.ingest = ingest;
        if (concurrency < 1) {
            throw new IllegalStateException("DETECTOR_CONCURRENCY must be at least 1, was " + concurrency);
        }
        this.applications = applications;
        this.ledger = ledger;
        this.followUps = followUps;
        this.clock = clock;
        this.concurrency = concurrency;
    }

    /**
     * What one pass did: events published counts those of this pass and earlier ones the bus had refused;
     * {@code deferred} the applications left for the next pass because the time budget ran out.
     */
    public record Result(int read, int scanned, int flippedDown, int recoveries, int published, int deferred,
                         int unknown) {
    }

    /** A pass without a time budget. */
    public Result runPass() {
        return runPass(Optional.empty());
    }

    /** A pass that starts no new work once {@code budget} has passed. */
    public Result runPass(Optional<Duration> budget) {
        Instant now = clock.instant();
        Optional<Instant> stopAt = budget.map(now::plus);
        ApplicationStore.DueBatch overdue = applications.overdue(now, BATCH_PER_SHARD);
        ApplicationStore.DueBatch recovered = applications.recoveredUnannounced(BATCH_PER_SHARD);
        ConcurrentLinkedQueue<AlertEvent> recorded = new ConcurrentLinkedQueue<>();
        AtomicInteger down = new AtomicInteger();
        AtomicInteger recoveries = new AtomicInteger();
        AtomicInteger deferred = new AtomicInteger();
        ingestPass.set(beginIngestPass(overdue.applications(), now));
        List<Runnable> work = new ArrayList<>();
        for (Application app : recovered.applications()) {
            work.add(() -> announceRecovery(app, now).ifPresent(up -> {
                recorded.add(up);
                recoveries.incrementAndGet();
            }));
        }
        for (Application app : overdue.applications()) {
            work.add(() -> {
                Application current = app;
                if (current.recoveryUnannounced()) {
                    Optional<AlertEvent> up = announceRecovery(current, now);
                    up.ifPresent(recorded::add);
                    up.ifPresent(e -> recoveries.incrementAndGet());
                    current = applications.findByUuid(current.uuid()).orElse(null);
                    if (current == null) {
                        return;
                    }
                }
                check(current, now).ifPresent(event -> {
                    recorded.add(event);
                    down.incrementAndGet();
                });
            });
        }
        runAll(work, stopAt, deferred);
        int unknown = ingestPass.get().map(IngestWatch.Pass::marked).orElse(0);
        endIngestPass(now).ifPresent(recorded::add);
        // In each application's order of flips (a recovery before the outage after it), whichever thread finished first.
        int published = ledger.publishAll(recorded.stream()
                .sorted(Comparator.comparing(AlertEvent::applicationId).thenComparingLong(AlertEvent::flip)).toList());
        FollowUps.Result scheduled = FollowUps.Result.NONE;
        try {
            scheduled = followUps.map(FollowUps::run).orElse(FollowUps.Result.NONE);
        } catch (RuntimeException e) {
            // Reminders and digests wait for the next pass; the sweep below must still run.
            LOG.error("Scheduled alerts could not be read; they are tried again next pass", e);
        }
        published += scheduled.published();
        try {
            published += ledger.publishPending(PENDING_BATCH, stopAt);
        } catch (RuntimeException e) {
            LOG.error("Pending alert events could not be read; they are published on a later pass", e);
        }
        int read = overdue.applications().size() + recovered.applications().size();
        Result result = new Result(read, overdue.scannedCount() + recovered.scannedCount(), down.get(), recoveries.get(),
                published, deferred.get(), unknown);
        if (read > 0 || published > 0 || scheduled.recorded() > 0) {
            LOG.info("Missed-beat pass", "read", read, "flippedDown", down.get(), "recoveries", recoveries.get(),
                    "published", published, "scheduledEvents", scheduled.recorded(), "deferred", deferred.get(),
                    "unknown", unknown);
        }
        return result;
    }

    /** The ingest health for this pass; none (every miss judged as usual) if it could not be read. */
    private Optional<IngestWatch.Pass> beginIngestPass(List<Application> overdue, Instant now) {
        try {
            return ingest.map(watch -> watch.begin(overdue, now));
        } catch (RuntimeException e) {
            LOG.error("Ingest health could not be read; this pass judges misses without it", e);
            return Optional.empty();
        }
    }

    /** Moves the ingest episode on; the system alert it recorded, if any. */
    private Optional<AlertEvent> endIngestPass(Instant now) {
        Optional<IngestWatch.Pass> pass = ingestPass.getAndSet(Optional.empty());
        try {
            return ingest.flatMap(watch -> pass.flatMap(p -> watch.end(p, now)));
        } catch (RuntimeException e) {
            LOG.error("Ingest health could not be recorded; it is tried again next pass", e);
            return Optional.empty();
        }
    }

    /**
     * Runs every task on {@code concurrency} threads (on this one when there is a single task); one that
     * fails is logged and its application read again next pass; none starts once the budget is spent.
     */
    private void runAll(List<Runnable> work, Optional<Instant> stopAt, AtomicInteger deferred) {
        List<Runnable> guarded = work.stream().<Runnable>map(task -> () -> {
            if (stopAt.isPresent() && !clock.instant().isBefore(stopAt.get())) {
                deferred.incrementAndGet();
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                // One bad item must not stop the pass; it is read again next pass.
                LOG.error("Checking an application failed; it is checked again next pass", e);
            }
        }).toList();
        if (guarded.size() <= 1 || concurrency == 1) {
            guarded.forEach(Runnable::run);
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, guarded.size()));
        try {
            List<Future<?>> running = guarded.stream().<Future<?>>map(pool::submit).toList();
            for (Future<?> task : running) {
                task.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("A detector task failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The reads of a pass at the epoch, when nothing is overdue: warms the request path, writes nothing. */
    void prime() {
        applications.overdue(Instant.EPOCH, 1);
        ledger.prime();
    }

    /** Records the up event of an application whose beat ended an announced outage; empty if another writer did. */
    private Optional<AlertEvent> announceRecovery(Application app, Instant now) {
        AlertEvent up = Alerts.up(app, app.lastHeartbeat().orElse(now), now);
        if (!ledger.write(up, List.of(applications.markRecoveryAnnounced(app, up)))) {
            return Optional.empty();
        }
        LOG.info("Application is up again", "applicationId", app.id(), "eventId", up.eventId());
        return Optional.of(up);
    }

    /**
     * Judges a due application ({@link Misses#judge}) and acts on the verdict: moves a deadline the
     * index holds too early (a cron schedule, changed settings), restarts the watch after a maintenance
     * window, counts a miss below the failure threshold, or flips it down, its alert suppressed when its
     * parent is down. Returns the down event; empty when there is none, or another writer won.
     */
    private Optional<AlertEvent> check(Application app, Instant now) {
        if (app.dueAt().isEmpty()) {
            return Optional.empty();
        }
        Misses.Verdict verdict = Misses.judge(app, parentOf(app), now);
        switch (verdict) {
            case Misses.Verdict.NoDeadline none -> {
                return Optional.empty();
            }
            case Misses.Verdict.NotYet notYet -> {
                applications.postpone(app, notYet.deadline());
                return Optional.empty();
            }
            case Misses.Verdict.InMaintenance window -> {
                if (applications.restartAfterMaintenance(app, window)) {
                    LOG.info("Overdue during maintenance: not alerted", "applicationId", app.id(),
                            "windowEnds", window.end().toString(), "deadline", window.deadline().toString());
                }
                return Optional.empty();
            }
            case Misses.Verdict.Counted miss -> {
                if (heldBack(app, now)) {
                    return Optional.empty();
                }
                if (applications.countMiss(app, miss)) {
                    LOG.info("Missed, below the failure threshold: not alerted", "applicationId", app.id(),
                            "failStreak", miss.failStreak(), "deadline", miss.deadline().toString());
                }
                return Optional.empty();
            }
            case Misses.Verdict.Down down -> {
                if (heldBack(app, now)) {
                    return Optional.empty();
                }
                AlertEvent event = (down.timedOut() ? Alerts.timedOut(app, down.deadline(), now)
                        : Alerts.down(app, down.deadline(), now)).suppressedFor(down.suppressed());
                if (!ledger.write(event, List.of(applications.markDown(app, event, down.failStreak(), down.timedOut())))) {
                    return Optional.empty();
                }
                LOG.info("Application is down", "applicationId", app.id(), "eventId", event.eventId(),
                        "deadline", down.deadline().toString(), "suppressed", down.suppressed().orElse("no"));
                return Optional.of(event);
            }
        }
    }

    /** The application's parent, if it names one of its own tenant that exists. */
    private Optional<Application> parentOf(Application app) {
        return app.rules().parentId().flatMap(applications::findById)
                .filter(parent -> parent.tenantId().equals(app.tenantId()));
    }

    /**
     * Whether Vigil's own ingest trouble may explain {@code app}'s miss: then it is marked unknown (its
     * watch restarted) and nobody is paged for it.
     */
    private boolean heldBack(Application app, Instant now) {
        Optional<Instant> deadline = Due.of(app);
        return deadline.isPresent() && ingestPass.get().filter(pass -> pass.holdsBack(app, deadline.get(), now)).isPresent();
    }
}
