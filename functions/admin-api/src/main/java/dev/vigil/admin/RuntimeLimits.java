package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.InvalidInput;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code minRuntimeSeconds} and {@code maxRuntimeSeconds} of an application request: each absent
 * (unchanged), {@code null} (no limit) or a whole number of seconds. A run shorter than the minimum is a
 * failure ("too fast"); a run longer than the maximum times out.
 */
public record RuntimeLimits(Optional<Optional<Duration>> min, Optional<Optional<Duration>> max) {
    public static final RuntimeLimits UNCHANGED = new RuntimeLimits(Optional.empty(), Optional.empty());
    public static final String MIN = "minRuntimeSeconds";
    public static final String MAX = "maxRuntimeSeconds";

    static RuntimeLimits parse(JsonNode body, List<String> problems) {
        return new RuntimeLimits(seconds(body, MIN, 0, problems), seconds(body, MAX, 1, problems));
    }

    private static Optional<Optional<Duration>> seconds(JsonNode body, String field, long min, List<String> problems) {
        if (!body.has(field)) {
            return Optional.empty();
        }
        JsonNode node = body.get(field);
        if (node.isNull()) {
            return Optional.of(Optional.empty());
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min
                || node.longValue() > ApplicationRequest.MAX_SECONDS) {
            problems.add(field + " must be null or a whole number of seconds between " + min + " and "
                    + ApplicationRequest.MAX_SECONDS);
            return Optional.empty();
        }
        return Optional.of(Optional.of(Duration.ofSeconds(node.longValue())));
    }

    /** {@code rules} with these limits applied; refused when the minimum is not below the maximum. */
    BeatRules applyTo(BeatRules rules) {
        Optional<Duration> newMin = min.orElse(rules.minRuntime());
        Optional<Duration> newMax = max.orElse(rules.maxRuntime());
        if (newMin.isPresent() && newMax.isPresent() && newMin.get().compareTo(newMax.get()) >= 0) {
            throw new InvalidInput(MIN + " must be less than " + MAX);
        }
        return rules.withRuntime(newMin, newMax);
    }
}
