package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Which cancelled transactions lost a race to another writer, and which the database refused. */
class TransactionsTest {
    private static TransactionCanceledException cancelled(String... codes) {
        return TransactionCanceledException.builder().message("cancelled")
                .cancellationReasons(Arrays.stream(codes).map(code -> CancellationReason.builder().code(code).build()).toList())
                .build();
    }

    @Test
    void aFailedConditionWithTheOtherWritesUntouchedIsALostRace() {
        assertTrue(Transactions.lostRace(cancelled("None", "ConditionalCheckFailed", "None")));
        assertTrue(Transactions.lostRace(cancelled("ConditionalCheckFailed")));
    }

    @Test
    void aThrottledOrConflictingWriteIsNoLostRace() {
        assertFalse(Transactions.lostRace(cancelled("ConditionalCheckFailed", "ThrottlingError")));
        assertFalse(Transactions.lostRace(cancelled("None", "TransactionConflict")));
        assertFalse(Transactions.lostRace(cancelled("ValidationError")));
    }
}
