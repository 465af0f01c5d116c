package dev.vigil.bus;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertLifecycle;
import dev.vigil.runtime.Log;
import dev.vigil.store.AlertStore;
import dev.vigil.store.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The one way a state change and its alert are recorded: the conditional writes of the change (a flip,
 * an announced recovery, a reminder or held alerts taken out) and the alert event, marked pending, go
 * into one DynamoDB transaction. When it commits, the event is published at once; if the bus refuses
 * it, it stays pending and {@link #publishPending} (run by every detector pass) publishes it later. So a
 * change alerts once, however many writers race, and no alert is lost to a bus outage. The pending
 * sweep reads a sparse index, which DynamoDB updates eventually: it only catches publications that
 * failed, never delays one that did not.
 *
 * <p>The same transaction keeps the alert records ({@link AlertStore}): what the event does to them is
 * {@link AlertLifecycle#effectOf}, so every path that publishes an alert opens, updates or resolves its
 * record with the change, and nothing is published without being recorded there.
 */
public final class AlertLedger {
    private static final Log LOG = Log.of(AlertLedger.class);
    /**
     * Reasons a transaction is cancelled when another writer changed the item first ({@code None} marks
     * the items that did not fail). A {@code TransactionConflict} (another transaction on the same item
     * at that moment) is not among them: the change may still be due, so it is thrown for a retry.
     */
    /** How long the writer of an event has to publish it before the sweep takes over. */
    public static final Duration SWEEP_DELAY = Duration.ofSeconds(10);

    private final DynamoDbClient dynamo;
    private final EventStore events;
    private final AlertStore alerts;
    private final EventPublisher publisher;
    private final Clock clock;

    /** How many times a write is tried when only the alert records changed under it. */
    static final int ALERT_RECORD_ATTEMPTS = 5;

    public AlertLedger(DynamoDbClient dynamo, EventStore events, AlertStore alerts, EventPublisher publisher, Clock clock) {
        this.dynamo = dynamo;
        this.events = events;
        this.alerts = alerts;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** What recording did. */
    public enum Outcome {
        /** Recorded and on the bus. */
        PUBLISHED,
        /** Recorded; the bus refused it for now, so it stays pending. */
        PENDING,
        /** Another writer changed the state first: nothing was recorded or published. */
        LOST_RACE
    }

    /** Records {@code event} with {@code change} in one transaction, then publishes it at once. */
    public Outcome record(AlertEvent event, TransactWriteItem change) {
        return record(event, List.of(change));
    }

    /** Records {@code event} with {@code changes} in one transaction, then publishes it at once. */
    public Outcome record(AlertEvent event, List<TransactWriteItem> changes) {
        if (!write(event, changes)) {
            return Outcome.LOST_RACE;
        }
        return publish(event) ? Outcome.PUBLISHED : Outcome.PENDING;
    }

    /**
     * Records {@code event} with {@code changes} in one transaction and leaves it pending, for a caller
     * that publishes many at once ({@link #publishAll}); false if another writer changed the state first.
     */
    public boolean write(AlertEvent event, List<TransactWriteItem> changes) {
        AlertLifecycle.Effect effect = AlertLifecycle.effectOf(event);
        int own = changes.size() + 1;
        for (int attempt = 1; ; attempt++) {
            List<TransactWriteItem> items = new ArrayList<>(changes);
            items.add(TransactWriteItem.builder().put(events.pendingPut(event)).build());
            items.addAll(alerts.writesFor(event, effect));
            try {
                dynamo.transactWriteItems(t -> t.transactItems(items));
                break;
            } catch (TransactionCanceledException e) {
                if (!Transactions.lostRace(e)) {
                    throw e;
                }
                List<String> codes = e.cancellationReasons().stream().map(CancellationReason::code).toList();
                boolean stateChanged = codes.isEmpty()
                        || codes.subList(0, Math.min(own, codes.size())).stream().anyMatch(code -> !"None".equals(code));
                if (stateChanged) {
                    return false;
                }
                // Only the alert records changed since they were read (another event of the same subject, or
                // a resolve by hand): read them again and retry the whole transaction.
                if (attempt == ALERT_RECORD_ATTEMPTS) {
                    throw new IllegalStateException("the alert records of " + event.applicationId()
                            + " kept changing; the change is tried again on a later pass", e);
                }
            }
        }
        LOG.info("Alert recorded", "eventId", event.eventId(), "type", event.type().wire(),
                "applicationId", event.applicationId());
        return true;
    }

    /**
     * Publishes recorded events {@value EventPublisher#BATCH} per bus call and marks those the bus took;
     * the others stay pending. Returns how many went out.
     */
    public int publishAll(List<AlertEvent> recorded) {
        int published = 0;
        for (int from = 0; from < recorded.size(); from += EventPublisher.BATCH) {
            List<AlertEvent> batch = recorded.subList(from, Math.min(recorded.size(), from + EventPublisher.BATCH));
            List<AlertEvent> refused = publisher.publishBatch(batch);
            for (AlertEvent event : batch) {
                if (refused.contains(event)) {
                    LOG.warn("The bus did not take an alert event; it stays pending", "eventId", event.eventId());
                    continue;
                }
                try {
                    events.markPublished(event.eventId(), clock.instant());
                } catch (RuntimeException e) {
                    // Still pending: the sweep publishes it again, and consumers deduplicate on its id.
                    LOG.error("A published event could not be marked", e, "eventId", event.eventId());
                }
                published++;
            }
        }
        return published;
    }

    /**
     * Publishes the events still pending, oldest first; returns how many went out. Only events at least
     * {@link #SWEEP_DELAY} old are taken: a younger one is being published by the writer that recorded
     * it, and taking it too would publish it twice.
     */
    public int publishPending(int limit) {
        return publishPending(limit, Optional.empty());
    }

    /**
     * {@link #publishPending(int)} in pages of at most {@value #PENDING_PAGE}, {@value EventPublisher#BATCH}
     * per bus call, until {@code limit} were taken, none is left or the time is past {@code stopAt}.
     */
    public int publishPending(int limit, Optional<Instant> stopAt) {
        int published = 0;
        int taken = 0;
        Optional<Map<String, AttributeValue>> start = Optional.empty();
        Instant until = clock.instant().minus(SWEEP_DELAY);
        do {
            if (stopAt.isPresent() && !clock.instant().isBefore(stopAt.get())) {
                LOG.warn("Pending events left for the next pass: out of time", "published", published);
                break;
            }
            EventStore.PendingPage page = events.pendingPage(Math.min(PENDING_PAGE, limit - taken), until, start);
            taken += page.events().size();
            published += publishAll(page.events());
            start = page.next();
        } while (start.isPresent() && taken < limit);
        return published;
    }

    /** The most pending events one read takes. */
    static final int PENDING_PAGE = 100;

    /**
     * Puts an event that was recorded and published before on the bus again (a delivery is retried);
     * false if the bus did not take it. Its consumers deduplicate on the event id.
     */
    public boolean republish(AlertEvent event) {
        try {
            publisher.publish(event);
            return true;
        } catch (RuntimeException e) {
            LOG.error("Publishing an alert event again failed; it is tried on a later pass", e,
                    "eventId", event.eventId(), "applicationId", event.applicationId());
            return false;
        }
    }

    /** For SnapStart priming: the sweep's read at the epoch, which finds nothing and so publishes nothing. */
    public void prime() {
        events.pending(1, Instant.EPOCH);
    }

    /** Publishes one recorded event; false (and still pending) if the bus did not take it. */
    private boolean publish(AlertEvent event) {
        try {
            publisher.publish(event);
        } catch (RuntimeException e) {
            LOG.error("Publishing alert event failed; it stays pending", e,
                    "eventId", event.eventId(), "applicationId", event.applicationId());
            return false;
        }
        events.markPublished(event.eventId(), clock.instant());
        LOG.info("Alert event published", "eventId", event.eventId(), "type", event.type().wire(),
                "applicationId", event.applicationId());
        return true;
    }
}
