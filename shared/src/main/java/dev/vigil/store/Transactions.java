package dev.vigil.store;

import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** What a cancelled DynamoDB transaction says about the writes in it. */
public final class Transactions {
    /** The cancellation codes of a transaction that lost to another writer: a condition failed, the rest untouched. */
    private static final Set<String> LOST_RACE = Set.of("ConditionalCheckFailed", "None");

    private Transactions() {
    }

    /**
     * Whether the transaction was cancelled only because a compare-and-set lost to another writer (every
     * reason {@code ConditionalCheckFailed} or {@code None}), and not because the database refused it
     * (throttled, conflicting, invalid): the caller reads again and decides, instead of failing.
     */
    public static boolean lostRace(TransactionCanceledException cancelled) {
        return cancelled.cancellationReasons().stream().map(CancellationReason::code).allMatch(LOST_RACE::contains);
    }
}
