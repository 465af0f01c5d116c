package dev.vigil.ingest;

import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import dev.vigil.store.IngestHealthStore;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * What happens when a beat cannot be stored (DynamoDB throttling, a 5xx, any exception on the write):
 * the client gets 503 with {@code Retry-After} (its retry may land), the failure is counted as
 * {@code BeatsFailed} and recorded, best effort, in the ingest-health table's bucket for the minute. The
 * detector reads those buckets and marks the misses they may explain {@code unknown} instead of paging.
 * When the table cannot be written either (DynamoDB itself is down), the fleet-wide drop the detector
 * sees is the signal that remains.
 */
final class IngestFailures {
    private static final Log LOG = Log.of(IngestFailures.class);
    static final String RETRY_AFTER_SECONDS = "5";

    private final IngestHealthStore health;
    private final Clock clock;
    private final Metrics metrics;

    IngestFailures(IngestHealthStore health, Clock clock, Metrics metrics) {
        this.health = health;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The answer {@code store} gives, or 503 once it failed (after counting and recording the failure). */
    HttpResponse guard(Supplier<HttpResponse> store) {
        try {
            return store.get();
        } catch (RuntimeException e) {
            LOG.error("A beat could not be stored; the client is told to retry", e);
            metrics.count("BeatsFailed");
            try {
                health.recordFailure(clock.instant());
            } catch (RuntimeException unrecorded) {
                LOG.warn("The failed beat could not be recorded in the ingest health either", "error",
                        unrecorded.getClass().getSimpleName());
            }
            return HttpResponse.error(503, "temporarily unavailable, retry shortly")
                    .withHeader("retry-after", RETRY_AFTER_SECONDS);
        }
    }
}
