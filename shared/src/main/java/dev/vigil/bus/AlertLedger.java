package dev.vigil.bus;

import dev.vigil.domain.AlertEvent;
import dev.vigil.runtime.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
 */
public final class AlertLedger {
    private static final Log LOG = Log.of(AlertLedger.class);
    /**
     * Reasons a transaction is cancelled when another writer changed the item first ({@code None} marks
     * the items that did not fail). A {@code TransactionConflict} (another transaction on the same item
     * at that moment) is not among them: the change may still be due, so it is thrown for a retry.
     */
    private static final Set<String> LOST_RACE = Set.of("ConditionalCheckFailed", "None");
    /** How long the writer of an event has to publish it before the sweep takes over. */
    public static final Duration SWEEP_DELAY = Duration.ofSeconds(10);

    private final DynamoDbClient dynamo;
    private final EventStore events;
    private final EventPublisher publisher;
    private final Clock clock;

    public AlertLedger(DynamoDbClient dynamo, EventStore events, EventPublisher publisher, Clock clock) {
        this.dynamo = dynamo;
        this.events = events;
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
        List<TransactWriteItem> items = new ArrayList<>(changes);
        items.add(TransactWriteItem.builder().put(events.pendingPut(event)).build());
        try {
            dynamo.transactWriteItems(t -> t.transactItems(items));
        } catch (TransactionCanceledException e) {
            boolean lost = e.cancellationReasons().stream().map(CancellationReason::code).allMatch(LOST_RACE::contains);
            if (lost) {
                return Outcome.LOST_RACE;
            }
            throw e;
        }
        LOG.info("Alert recorded", "eventId", event.eventId(), "type", event.type().wire(),
                "applicationId", event.applicationId());
        return publish(event) ? Outcome.PUBLISHED : Outcome.PENDING;
    }

    /**
     * Publishes the events still pending, oldest first; returns how many went out. Only events at least
     * {@link #SWEEP_DELAY} old are taken: a younger one is being published by the writer that recorded
     * it, and taking it too would publish it twice.
     */
    public int publishPending(int limit) {
        int published = 0;
        for (AlertEvent event : events.pending(limit, clock.instant().minus(SWEEP_DELAY))) {
            if (publish(event)) {
                published++;
            }
        }
        return published;
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
