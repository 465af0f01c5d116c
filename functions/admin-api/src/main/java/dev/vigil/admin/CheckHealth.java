package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.runtime.Json;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the health views say of one check, from what is stored (nothing is run): the status of its
 * latest result ({@code unknown} before its first run), its confirmed state (what alerting acts on), and
 * whether that latest result is stale: older than its tier's cache lifetime, so shown but not fresh.
 */
record CheckHealth(StoredCheck stored, CheckStatus status, CheckStatus confirmed, boolean stale) {

    /** Worst first: unhealthy, degraded, unknown, healthy. */
    private static final List<CheckStatus> WORST_FIRST = List.of(CheckStatus.UNHEALTHY, CheckStatus.DEGRADED, CheckStatus.UNKNOWN,
            CheckStatus.HEALTHY);

    static CheckHealth of(StoredCheck stored, Instant now) {
        Optional<CheckResult> latest = stored.latest();
        CheckStatus status = latest.map(CheckResult::status).orElse(CheckStatus.UNKNOWN);
        boolean stale = latest.map(r -> !now.isBefore(r.at().plus(stored.check().tier().cacheTtl()))).orElse(false);
        CheckStatus confirmed = stored.runs() == 0 ? CheckStatus.HEALTHY : stored.state().confirmed();
        return new CheckHealth(stored, status, confirmed, stale);
    }

    /** Whether its confirmed state is one that alerts: degraded or unhealthy. */
    boolean alerting() {
        return confirmed == CheckStatus.DEGRADED || confirmed == CheckStatus.UNHEALTHY;
    }

    /** The worse of two statuses in the order of the health views (unknown is worse than healthy, better than degraded). */
    static CheckStatus worse(CheckStatus a, CheckStatus b) {
        return WORST_FIRST.indexOf(a) <= WORST_FIRST.indexOf(b) ? a : b;
    }

    /** A cell of the matrix: {@code {checkId, status, latencyMs, at, stale}}. */
    ObjectNode cell() {
        ObjectNode cell = Json.object().put("checkId", stored.check().id()).put("status", status.wire());
        stored.latest().ifPresentOrElse(r -> cell.put("latencyMs", r.latencyMs()).put("at", r.at().toString()),
                () -> cell.putNull("latencyMs").putNull("at"));
        return cell.put("stale", stale);
    }

    /**
     * The roll-up of a set of enabled checks: the worst latest status ({@code healthy} with none), how
     * many latest results are in each status, how many checks are confirmed degraded or unhealthy, and how
     * many latest results are stale. Disabled checks are counted apart and judge nothing.
     */
    record Rollup(CheckStatus status, Map<CheckStatus, Integer> counts, int alertingDegraded, int alertingUnhealthy, int stale,
                  int disabled) {

        static Rollup of(Collection<CheckHealth> checks) {
            return combine(checks.stream().map(Rollup::of).toList());
        }

        /** One check's part of a roll-up. */
        private static Rollup of(CheckHealth check) {
            Map<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);
            if (!check.stored().check().enabled()) {
                return new Rollup(CheckStatus.HEALTHY, counts, 0, 0, 0, 1);
            }
            counts.put(check.status(), 1);
            return new Rollup(check.status(), counts, check.confirmed() == CheckStatus.DEGRADED ? 1 : 0,
                    check.confirmed() == CheckStatus.UNHEALTHY ? 1 : 0, check.stale() ? 1 : 0, 0);
        }

        /** The roll-up of several: the worst status, the counts added up. */
        static Rollup combine(Collection<Rollup> parts) {
            CheckStatus overall = CheckStatus.HEALTHY;
            Map<CheckStatus, Integer> counts = new EnumMap<>(CheckStatus.class);
            WORST_FIRST.forEach(s -> counts.put(s, 0));
            int degraded = 0;
            int unhealthy = 0;
            int stale = 0;
            int disabled = 0;
            for (Rollup part : parts) {
                overall = worse(overall, part.status());
                part.counts().forEach((s, n) -> counts.merge(s, n, Integer::sum));
                degraded += part.alertingDegraded();
                unhealthy += part.alertingUnhealthy();
                stale += part.stale();
                disabled += part.disabled();
            }
            return new Rollup(overall, counts, degraded, unhealthy, stale, disabled);
        }

        /** {@code status}, {@code counts} (by latest status, and {@code total}), {@code alerting}, {@code stale}, {@code disabled} into {@code node}. */
        ObjectNode into(ObjectNode node) {
            node.put("status", status.wire());
            ObjectNode byStatus = node.putObject("counts");
            byStatus.put("total", counts.values().stream().mapToInt(Integer::intValue).sum());
            WORST_FIRST.forEach(s -> byStatus.put(s.wire(), counts.get(s)));
            node.putObject("alerting").put("degraded", alertingDegraded).put("unhealthy", alertingUnhealthy);
            node.put("stale", stale);
            node.put("disabled", disabled);
            return node;
        }
    }
}
