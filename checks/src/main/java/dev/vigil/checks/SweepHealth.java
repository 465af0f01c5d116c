package dev.vigil.checks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ActiveHours;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a tenant's sweeps are running as they should at {@code at} (seed 001's metrics), computed from
 * its settings and its execution records alone.
 *
 * <p>A sweep <b>fails</b> when its status is {@code error} (a check could not tell), or when one of the
 * checks it ran is of the {@code critical} tier and its confirmed status is {@code unhealthy} (its failure
 * threshold reached: a p1 incident), so a tenant whose sweeps keep finding a critical service down turns
 * unhealthy and recovery re-verifies it with forced sweeps. Any other sweep is <b>successful</b>, an
 * {@code alert} included: an unhealthy check of another tier, or a critical one still below its failure
 * threshold, is the alerting's business, not a reason to force sweeps. The rules:
 * <ul>
 * <li><b>stale</b>: no successful sweep within the allowed gap, {@value #STALE_INTERVALS} sweep intervals
 * but at most 24 h, counted in the tenant's active hours only (in its time zone): the hours the
 * scheduler does not sweep do not count, so a tenant is not stale the morning after a quiet night. A
 * tenant never swept successfully counts from its creation. A tenant is never stale while paused, outside
 * its active hours, or younger than one interval. A successful sweep exactly the allowed gap ago still
 * counts.</li>
 * <li><b>failing</b>: more than {@value #FAILURE_RATE_LIMIT} of its sweeps of the last 24 h failed
 * ({@link #successful}), over at least {@value #MIN_EXECUTIONS_FOR_RATE} sweeps (one failed sweep alone is not a
 * rate; staleness catches it if it lasts), and its latest sweep failed too: a tenant whose latest sweep
 * succeeded is back, and its rate falls as its next sweeps come in, without forced sweeps meanwhile.</li>
 * <li><b>healthy</b>: neither. A paused tenant is always healthy: nothing is expected of it, and no
 * recovery should sweep what the operator paused.</li>
 * </ul>
 * Execution records are read from {@link #lookback}: the last 24 h, or further back when the allowed gap
 * in active hours reaches further.
 */
public record SweepHealth(
        String tenantId,
        Instant at,
        boolean healthy,
        boolean stale,
        boolean paused,
        Duration allowedGap,
        Optional<LastSuccess> lastSuccessfulExecution,
        Optional<Long> minutesSinceLastSuccess,
        Optional<Long> daysSinceExecution,
        double failureRate,
        int executionCount24h,
        int failures24h,
        List<String> reasons) {

    public static final int STALE_INTERVALS = 2;
    public static final Duration MAX_GAP = Duration.ofHours(24);
    public static final Duration RATE_WINDOW = Duration.ofHours(24);
    public static final double FAILURE_RATE_LIMIT = 0.5;
    public static final int MIN_EXECUTIONS_FOR_RATE = 2;
    /** How far back the active hours are walked: a gap of 24 h in active hours of one minute a day. */
    private static final int MAX_DAYS_BACK = 24 * 60 + 2;

    public SweepHealth {
        reasons = List.copyOf(reasons);
    }

    /** The last successful sweep: when it started, and its execution record. */
    public record LastSuccess(Instant startedAt, String executionId) {
    }

    /**
     * A sweep that ran, whose checks could all tell, and that found no {@code critical} check confirmed
     * {@code unhealthy}. An {@code error} (a check could not tell) fails; so does an {@code alert} with a
     * critical check confirmed unhealthy. An {@code alert} recorded before the checks' tier and confirmed
     * status were kept is judged as it was then: failed.
     */
    public static boolean successful(SweepExecution execution) {
        return switch (execution.status()) {
            case ALL_CLEAR, WARNING -> true;
            case ERROR -> false;
            case ALERT -> {
                boolean recordedBefore = execution.checks().stream().anyMatch(c -> c.tier().isEmpty() || c.confirmed().isEmpty());
                yield !recordedBefore && execution.checks().stream().noneMatch(SweepExecution.CheckOutcome::confirmedCriticalFailure);
            }
        };
    }

    /** {@value #STALE_INTERVALS} intervals, at most {@link #MAX_GAP}: the active time allowed without a successful sweep. */
    public static Duration allowedGap(Tenant tenant) {
        Duration gap = Duration.ofMinutes((long) STALE_INTERVALS * tenant.sweepIntervalMinutes());
        return gap.compareTo(MAX_GAP) > 0 ? MAX_GAP : gap;
    }

    /** The earliest start of the executions {@link #of} needs at {@code now}: 24 h back, or the start of the allowed gap if earlier. */
    public static Instant lookback(Tenant tenant, Instant now) {
        Instant gapStart = gapStart(tenant, now);
        Instant day = now.minus(RATE_WINDOW);
        return gapStart.isBefore(day) ? gapStart : day;
    }

    /**
     * The instant from which the tenant's active hours up to {@code now} hold exactly its allowed gap: a
     * successful sweep at or after it is recent enough.
     */
    static Instant gapStart(Tenant tenant, Instant now) {
        return activeStart(tenant.activeHours(), tenant.timezone(), now, allowedGap(tenant));
    }

    /** Walks back from {@code now} through the active periods until they hold {@code gap}; the epoch if they never do. */
    static Instant activeStart(ActiveHours hours, ZoneId zone, Instant now, Duration gap) {
        if (hours.aroundTheClock()) {
            return now.minus(gap);
        }
        Duration left = gap;
        boolean overMidnight = hours.end().isBefore(hours.start());
        LocalDate day = now.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS_BACK; i++, day = day.minusDays(1)) {
            Instant start = ZonedDateTime.of(day, hours.start(), zone).toInstant();
            Instant end = ZonedDateTime.of(overMidnight ? day.plusDays(1) : day, hours.end(), zone).toInstant();
            Instant to = end.isAfter(now) ? now : end;
            if (!to.isAfter(start)) {
                continue;
            }
            Duration span = Duration.between(start, to);
            if (span.compareTo(left) >= 0) {
                return to.minus(left);
            }
            left = left.minus(span);
        }
        return Instant.EPOCH;
    }

    /**
     * The tenant's sweep health at {@code now} from its executions (any order; those from {@link #lookback}
     * on, and older ones if known: the newest successful one counts as the last success).
     */
    public static SweepHealth of(Tenant tenant, Collection<SweepExecution> executions, Instant now) {
        List<SweepExecution> past = executions.stream().filter(e -> !e.startedAt().isAfter(now))
                .sorted(Comparator.comparing(SweepExecution::startedAt).reversed()).toList();
        Optional<LastSuccess> lastSuccess = past.stream().filter(SweepHealth::successful).findFirst()
                .map(e -> new LastSuccess(e.startedAt(), e.executionId()));
        Optional<Instant> lastExecution = latest(past.stream().findFirst().map(SweepExecution::startedAt),
                tenant.lastSweepAt().filter(t -> !t.isAfter(now)));

        Instant dayAgo = now.minus(RATE_WINDOW);
        List<SweepExecution> lastDay = past.stream().filter(e -> !e.startedAt().isBefore(dayAgo)).toList();
        int failures = (int) lastDay.stream().filter(e -> !successful(e)).count();
        double rate = lastDay.isEmpty() ? 0 : (double) failures / lastDay.size();

        Duration gap = allowedGap(tenant);
        boolean expected = !tenant.paused()
                && !now.isBefore(tenant.createdAt().plus(Duration.ofMinutes(tenant.sweepIntervalMinutes())))
                && tenant.activeHours().includes(now, tenant.timezone());
        Instant reference = lastSuccess.map(LastSuccess::startedAt).orElse(tenant.createdAt());
        boolean stale = expected && reference.isBefore(gapStart(tenant, now));
        boolean latestFailed = !lastDay.isEmpty() && !successful(lastDay.getFirst());
        boolean failing = !tenant.paused() && lastDay.size() >= MIN_EXECUTIONS_FOR_RATE && rate > FAILURE_RATE_LIMIT
                && latestFailed;

        List<String> reasons = new ArrayList<>();
        if (stale) {
            String allowed = "(interval " + tenant.sweepIntervalMinutes() + " min: at most " + gap.toMinutes()
                    + " min of active hours without one)";
            reasons.add(lastSuccess.isPresent()
                    ? "no successful sweep for " + Duration.between(reference, now).toMinutes() + " min " + allowed
                    : "no successful sweep since the tenant was created " + Duration.between(reference, now).toMinutes()
                            + " min ago " + allowed);
        }
        if (failing) {
            reasons.add("failure rate " + decimal(rate) + " over " + lastDay.size() + " sweeps in 24 h (" + failures
                    + " in error or with a critical check down; at most " + decimal(FAILURE_RATE_LIMIT) + ")");
        }
        return new SweepHealth(tenant.id(), now, !stale && !failing, stale, tenant.paused(), gap, lastSuccess,
                lastSuccess.map(s -> Duration.between(s.startedAt(), now).toMinutes()),
                lastExecution.map(t -> Duration.between(t, now).toDays()), rate, lastDay.size(), failures, reasons);
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.filter(t -> t.isAfter(a.get())).or(() -> a);
    }

    /** A rate with at most two decimals and no trailing zeros: 0.6, 0.67, 1. */
    static String decimal(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("tenantId", tenantId).put("at", at.toString())
                .put("status", healthy ? "healthy" : "unhealthy").put("isHealthy", healthy).put("stale", stale).put("paused", paused)
                .put("allowedGapMinutes", allowedGap.toMinutes());
        lastSuccessfulExecution.ifPresentOrElse(s -> node.putObject("lastSuccessfulExecution").put("startedAt", s.startedAt().toString())
                .put("executionId", s.executionId()), () -> node.putNull("lastSuccessfulExecution"));
        node.put("minutesSinceLastSuccess", minutesSinceLastSuccess.orElse(null));
        node.put("daysSinceExecution", daysSinceExecution.orElse(null));
        node.put("failureRate", new BigDecimal(decimal(failureRate)));
        node.put("executionCount24h", executionCount24h);
        node.put("failures24h", failures24h);
        ArrayNode why = node.putArray("reasons");
        reasons.forEach(why::add);
        return node;
    }

    /**
     * The view over several tenants: the system is healthy when every tenant is; the average failure rate
     * is over the tenants that were swept in the last 24 h (0 when none was); {@code needsRecovery} lists
     * the unhealthy tenants.
     */
    public record SystemView(List<SweepHealth> tenants) {
        public SystemView {
            tenants = List.copyOf(tenants);
        }

        public boolean isSystemHealthy() {
            return tenants.stream().allMatch(SweepHealth::healthy);
        }

        public double averageFailureRate() {
            return tenants.stream().filter(t -> t.executionCount24h() > 0).mapToDouble(SweepHealth::failureRate).average().orElse(0);
        }

        public List<String> needsRecovery() {
            return tenants.stream().filter(t -> !t.healthy()).map(SweepHealth::tenantId).toList();
        }

        public ObjectNode toJson() {
            ObjectNode node = Json.object().put("isSystemHealthy", isSystemHealthy()).put("tenantCount", tenants.size())
                    .put("averageFailureRate", new BigDecimal(decimal(averageFailureRate())));
            ArrayNode recover = node.putArray("needsRecovery");
            needsRecovery().forEach(recover::add);
            ArrayNode statuses = node.putArray("tenants");
            tenants.forEach(t -> statuses.add(t.toJson()));
            return node;
        }
    }
}
