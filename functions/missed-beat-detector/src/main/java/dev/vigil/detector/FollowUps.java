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
 * the alerts held for a channel during quiet hours become one {@code AlertDigest} event. The alert
 * ledger takes each out and records its event in one transaction, so racing passes send it once, and
 * publishes it at once.
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
        for (Scheduled due : scheduled.due(now, BATCH)) {
            try {
                if (due.kind() == ScheduledAlertStore.Kind.HELD) {
                    digests.computeIfAbsent(due.digestKey(), k -> new ArrayList<>()).add(due);
                } else {
                    remind(due, now).ifPresent(outcomes::add);
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
        int recorded = (int) outcomes.stream().filter(o -> o != AlertLedger.Outcome.LOST_RACE).count();
        int published = (int) outcomes.stream().filter(o -> o == AlertLedger.Outcome.PUBLISHED).count();
        return new Result(recorded, published);
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

    private AlertLedger.Outcome record(List<Scheduled> taken, AlertEvent event) {
        List<TransactWriteItem> takeOut = taken.stream().map(scheduled::takeOut).toList();
        return ledger.record(event, takeOut);
    }
}
