package dev.vigil.detector;

import dev.vigil.bus.AlertLedger;
import dev.vigil.bus.ScheduledAlertStore;
import dev.vigil.bus.ScheduledAlertStore.Scheduled;
import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Status;
import dev.vigil.runtime.Log;
import dev.vigil.store.ApplicationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The detector's second duty: alerts scheduled for later. A due reminder becomes an
 * {@code ApplicationStillDown} event for its channel while the outage lasts and is not acknowledged;
 * the alerts held for a channel during quiet hours become one {@code AlertDigest} event; a flapping
 * application whose last change held becomes one {@code ApplicationSettled} event. The alert ledger
 * takes each out and records its event in one transaction, so racing passes send it once, and publishes
 * it at once. A delivery to retry puts its original event on the bus again (the notification log makes
 * sure only the channels still owed it send) and is taken out once the bus took it.
 */
public final class FollowUps {
    private static final Log LOG = Log.of(FollowUps.class);
    static final int BATCH = 100;
    /** A transaction holds at most 100 items: 99 held alerts and their digest. */
    static final int MAX_DIGEST = 99;

    private final ScheduledAlertStore scheduled;
    private final ApplicationStore applications;
    private final AlertLedger ledger;
    private final Clock clock;

    public FollowUps(ScheduledAlertStore scheduled, ApplicationStore applications, AlertLedger ledger, Clock clock) {
        this.scheduled = scheduled;
        this.applications = applications;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** How many events a run recorded, and how many of them the bus took at once. */
    public record Result(int recorded, int published) {
        static final Result NONE = new Result(0, 0);
    }

    /** Handles what is due. */
    public Result run() {
        Instant now = clock.instant();
        List<AlertLedger.Outcome> outcomes = new ArrayList<>();
        Map<String, List<Scheduled>> digests = new LinkedHashMap<>();
        Map<String, List<Scheduled>> retries = new LinkedHashMap<>();
        for (Scheduled due : scheduled.due(now, BATCH)) {
            try {
                switch (due.kind()) {
                    case HELD -> digests.computeIfAbsent(due.digestKey(), k -> new ArrayList<>()).add(due);
                    case RETRY -> retries.computeIfAbsent(due.event().eventId(), k -> new ArrayList<>()).add(due);
                    case SETTLE -> settle(due, now).ifPresent(outcomes::add);
                    case REMINDER -> remind(due, now).ifPresent(outcomes::add);
                }
            } catch (RuntimeException e) {
                LOG.error("A scheduled alert could not be handled; it is tried again next pass", e, "scheduledId", due.id());
            }
        }
        for (List<Scheduled> held : digests.values()) {
            for (int from = 0; from < held.size(); from += MAX_DIGEST) {
                List<Scheduled> part = held.subList(from, Math.min(held.size(), from + MAX_DIGEST));
                AlertEvent digest = Alerts.digest(part.get(0).channelId(), part.stream().map(Scheduled::event).toList(),
                        part.get(0).dueAt().plusMillis(from), now);
                try {
                    outcomes.add(record(part, digest));
                } catch (RuntimeException e) {
                    LOG.error("A digest could not be recorded; it is tried again next pass", e, "eventId", digest.eventId());
                }
            }
        }
        int republished = 0;
        for (List<Scheduled> sameEvent : retries.values()) {
            if (ledger.republish(sameEvent.get(0).event())) {
                republished++;
                sameEvent.forEach(scheduled::drop);
            }
        }
        int recorded = (int) outcomes.stream().filter(o -> o != AlertLedger.Outcome.LOST_RACE).count();
        int published = (int) outcomes.stream().filter(o -> o == AlertLedger.Outcome.PUBLISHED).count();
        return new Result(recorded, published + republished);
    }

    private Optional<AlertLedger.Outcome> remind(Scheduled due, Instant now) {
        AlertEvent original = due.event();
        Optional<Application> app = applications.findById(original.applicationId());
        boolean stillWanted = app.isPresent() && app.get().status() == Status.DOWN
                && app.get().flips() == original.flip() && !app.get().acknowledged();
        if (!stillWanted) {
            scheduled.drop(due);
            return Optional.empty();
        }
        return Optional.of(record(List.of(due), Alerts.reminder(original, due.reminder(), due.channelId(), now)));
    }

    /** A settle check: if the flip it was scheduled for is still the latest, the application settled. */
    private Optional<AlertLedger.Outcome> settle(Scheduled due, Instant now) {
        AlertEvent flip = due.event();
        Optional<Application> app = applications.findById(flip.applicationId());
        if (app.isEmpty() || app.get().flips() != flip.flip() || !app.get().active()) {
            // It changed again (a later flip schedules its own check), was paused or deleted.
            scheduled.drop(due);
            return Optional.empty();
        }
        Duration quietFor = Duration.between(flip.time(), due.dueAt());
        return Optional.of(record(List.of(due), Alerts.settled(app.get(), quietFor, now)));
    }

    private AlertLedger.Outcome record(List<Scheduled> taken, AlertEvent event) {
        List<TransactWriteItem> takeOut = taken.stream().map(scheduled::takeOut).toList();
        return ledger.record(event, takeOut);
    }
}
