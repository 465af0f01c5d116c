package dev.vigil.store;

import static dev.vigil.store.Attr.millis;

import dev.vigil.runtime.Env;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * How many beats of one application are stored within a sliding window: at most {@code limit} within any
 * {@code window}. Beats above it are answered like any other but coalesced: counted on the application
 * ({@code coalesced}, and {@code coalescedPending} until the next stored beat, whose history entry carries
 * the count), not stored each — no new last beat, no history entry — so a runaway client cannot run up
 * the cost of the history.
 *
 * <p>The limit costs the beat nothing extra: the item keeps the times of its last {@code limit} stored
 * beats ({@code recent1}, newest, to {@code recent<limit>}), the beat's one conditional write shifts them
 * along, and its condition is that the oldest of them is at least {@code window} old. Only a beat that
 * fails that condition makes a second write, the count. {@code limit} 0 turns the limit off.
 */
public record BeatRate(int limit, Duration window) {
    public static final int MAX_LIMIT = 20;
    public static final BeatRate OFF = new BeatRate(0, Duration.ofMinutes(1));

    public BeatRate {
        if (limit < 0 || limit > MAX_LIMIT) {
            throw new IllegalStateException("BEAT_RATE_LIMIT must be between 0 (off) and " + MAX_LIMIT + ", was " + limit);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalStateException("BEAT_RATE_WINDOW_SECONDS must be at least 1, was " + window.toSeconds());
        }
    }

    /** {@code BEAT_RATE_LIMIT} beats per {@code BEAT_RATE_WINDOW_SECONDS} (default 60); off where the limit is not set. */
    public static BeatRate fromEnv(Env env) {
        return new BeatRate((int) env.getLong("BEAT_RATE_LIMIT", 0),
                Duration.ofSeconds(env.getLong("BEAT_RATE_WINDOW_SECONDS", 60)));
    }

    public boolean on() {
        return limit > 0;
    }

    /** The assignments that shift the stored beats' times along, {@code :now} the newest. */
    String shift() {
        List<String> assignments = new ArrayList<>();
        for (int slot = limit; slot > 1; slot--) {
            assignments.add("recent" + slot + " = if_not_exists(recent" + (slot - 1) + ", :zero)");
        }
        assignments.add("recent1 = :now");
        return String.join(", ", assignments);
    }

    /** The condition that the beat may be stored: the oldest of the last {@code limit} stored is outside the window. */
    String condition() {
        return "(attribute_not_exists(recent" + limit + ") OR recent" + limit + " <= :cutoff)";
    }

    void addValues(Map<String, AttributeValue> values, Instant now) {
        values.put(":zero", AttributeValue.fromN("0"));
        values.put(":cutoff", millis(now.minus(window)));
    }

    /** Whether the item's stored beats already fill the window that ends at {@code now}. */
    boolean exceededBy(Map<String, AttributeValue> item, Instant now) {
        return on() && Attr.instant(item, "recent" + limit).filter(oldest -> oldest.isAfter(now.minus(window))).isPresent();
    }
}
