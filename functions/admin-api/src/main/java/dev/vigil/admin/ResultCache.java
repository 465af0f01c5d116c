package dev.vigil.admin;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.AlertSeverity;
import dev.vigil.store.AlertStore;
import dev.vigil.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The health views' result cache: each tenant's checks, with their latest results, each check's
 * recent history (the service view's), and each tenant's standing alerts by severity, as read at most
 * {@link #MAX_AGE} ago in this container, so that a dashboard refreshing the cross-tenant views every few
 * seconds reads each tenant once per {@code MAX_AGE}, not once per refresh. Results change only when a
 * sweep records them (every few minutes), so a view at most {@code MAX_AGE} old shows the same thing;
 * every write through this API ({@link #forgetAll()}) empties it, so a change made here shows at once.
 * Alerts open and resolve with flips and sweeps, outside this API, so the counts too are at most
 * {@code MAX_AGE} old. At most {@link #MAX_ENTRIES} items of each kind are kept; past that the kind starts
 * again empty.
 */
final class ResultCache {
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 5_000;

    private record Entry<T>(T value, Instant readAt) {
        boolean freshAt(Instant now) {
            return now.isBefore(readAt.plus(MAX_AGE)) && !now.isBefore(readAt);
        }
    }

    private final CheckStore checks;
    private final AlertStore alerts;
    private final Clock clock;
    private final Map<String, Entry<List<StoredCheck>>> entries = new ConcurrentHashMap<>();
    private final Map<String, Entry<List<CheckResult>>> histories = new ConcurrentHashMap<>();
    private final Map<String, Entry<Map<AlertSeverity, Integer>>> standing = new ConcurrentHashMap<>();

    ResultCache(CheckStore checks, AlertStore alerts, Clock clock) {
        this.checks = checks;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Every check of the tenant, from the cache when read less than {@link #MAX_AGE} ago, else from the store. */
    List<StoredCheck> checksOf(String tenantId) {
        return cached(entries, tenantId, () -> {
            List<StoredCheck> read = new ArrayList<>();
            Optional<String> token = Optional.empty();
            do {
                Page<StoredCheck> page = checks.listByTenant(tenantId, CheckStore.MAX_PAGE, token);
                read.addAll(page.items());
                token = page.nextToken();
            } while (token.isPresent());
            return List.copyOf(read);
        });
    }

    /** The check's {@code limit} latest results, newest first, from the cache when read less than {@link #MAX_AGE} ago. */
    List<CheckResult> historyOf(String checkId, int limit) {
        return cached(histories, checkId + "/" + limit,
                () -> List.copyOf(checks.history().page(checkId, limit, Optional.empty()).items()));
    }

    /** The tenant's standing (open or acknowledged) alerts by severity, from the cache when read less than {@link #MAX_AGE} ago. */
    Map<AlertSeverity, Integer> standingAlertsOf(String tenantId) {
        return cached(standing, tenantId, () -> Map.copyOf(alerts.standingBySeverity(tenantId)));
    }

    private <T> T cached(Map<String, Entry<T>> kind, String key, Supplier<T> read) {
        Instant now = clock.instant();
        Entry<T> cached = kind.get(key);
        if (cached != null && cached.freshAt(now)) {
            return cached.value();
        }
        T value = read.get();
        if (kind.size() >= MAX_ENTRIES) {
            kind.clear();
        }
        kind.put(key, new Entry<>(value, now));
        return value;
    }

    /** After a write through the API: the next view reads every tenant again. */
    void forgetAll() {
        entries.clear();
        histories.clear();
        standing.clear();
    }
}
