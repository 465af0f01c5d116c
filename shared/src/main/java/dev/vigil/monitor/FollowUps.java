package dev.vigil.monitor;

import dev.vigil.app.Application;
import dev.vigil.app.Status;
import dev.vigil.events.AlertEvent;
import dev.vigil.log.Log;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.EventStore;
import dev.vigil.store.ScheduledAlertStore;
import dev.vigil.store.ScheduledAlertStore.Scheduled;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The detector's second duty: alerts scheduled for later. A due reminder becomes an
 * {@code ApplicationStillDown} event for its channel while the outage lasts and is not acknowledged;
 * the alerts held for a channel during quiet hours become one {@code AlertDigest} event. Each is taken
 * out and its event recorded in one transaction, so racing passes send it once; the outbox publishes it.
 */
public final class FollowUps {
    private static final Log LOG = Log.of(FollowUps.class);
    static final int BATCH = 100;
    /** A transaction holds at most 100 items: 99 held alerts and their digest. */
    static final int MAX_DIGEST = 99;

    private final DynamoDbClient dynamo;
    private final ScheduledAlertStore scheduled;
    private final ApplicationStore applications;
    private final EventStore events;
    private final Clock clock;

    public FollowUps(DynamoDbClient dynamo, ScheduledAlertStore scheduled, ApplicationStore applications, EventStore events,
                     Clock clock) {
        this.dynamo = dynamo;
        this.scheduled = scheduled;
        this.applications = applications;
        this.events = events;
        this.clock = clock;
    }

    /** Handles what is due; returns how many events it recorded. */
    public int run() {
        Instant now = clock.instant();
        int recorded = 0;
        Map<String, List<Scheduled>> digests = new LinkedHashMap<>();
        for (Scheduled due : scheduled.due(now, BATCH)) {
            try {
                if (due.kind() == ScheduledAlertStore.Kind.HELD) {
                    digests.computeIfAbsent(due.digestKey(), k -> new ArrayList<>()).add(due);
                } else if (remind(due, now)) {
                    recorded++;
                }
            } catch (RuntimeException e) {
                LOG.error("A scheduled alert could not be handled; it is tried again next pass", e, "scheduledId", due.id());
            }
        }
        for (List<Scheduled> held : digests.values()) {
            for (int from = 0; from < held.size(); from += MAX_DIGEST) {
                List<Scheduled> part = held.subList(from, Math.min(held.size(), from + MAX_DIGEST));
                AlertEvent digest = AlertEvent.digest(part.get(0).channelId(), part.stream().map(Scheduled::event).toList(),
                        part.get(0).dueAt().plusMillis(from), now);
                if (record(part, digest)) {
                    recorded++;
                }
            }
        }
        return recorded;
    }

    private boolean remind(Scheduled due, Instant now) {
        AlertEvent original = due.event();
        Optional<Application> app = applications.findById(original.applicationId());
        boolean stillWanted = app.isPresent() && app.get().status() == Status.DOWN
                && app.get().flips() == ScheduledAlertStore.flipOf(original) && !app.get().acknowledged();
        if (!stillWanted) {
            scheduled.drop(due);
            return false;
        }
        return record(List.of(due), original.reminder(due.reminder(), due.channelId(), now));
    }

    private boolean record(List<Scheduled> taken, AlertEvent event) {
        List<TransactWriteItem> items = new ArrayList<>();
        taken.forEach(t -> items.add(TransactWriteItem.builder().delete(scheduled.takeOut(t)).build()));
        items.add(TransactWriteItem.builder().put(events.pendingPut(event)).build());
        try {
            dynamo.transactWriteItems(t -> t.transactItems(items));
            LOG.info("Scheduled alert recorded", "eventId", event.eventId(), "type", event.type());
            return true;
        } catch (TransactionCanceledException raced) {
            return false; // another pass took it
        }
    }
}
