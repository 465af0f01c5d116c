package dev.vigil.admin;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.store.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health views' result cache: each tenant's checks, with their latest results, and each check's
 * recent history (the service view's), as read at most
 * {@link #MAX_AGE} ago in this container, so that a dashboard refreshing the cross-tenant views every few
 * seconds reads each tenant once per {@code MAX_AGE}, not once per refresh. Results change only when a
 * sweep records them (every few minutes), so a view at most {@code MAX_AGE} old shows the same thing;
 * every write through this API ({@link #forgetAll()}) empties it, so a change made here shows at once.
 * At most {@link #MAX_ENTRIES} tenants and as many histories are kept; past that the cache starts again empty.
 */
final class ResultCache {
    static final Duration MAX_AGE = Duration.ofSeconds(5);
    static final int MAX_ENTRIES = 5_000;

    private record Entry<T>(List<T> items, Instant readAt) {
        boolean freshAt(Instant now) {
            return now.isBefore(readAt.plus(MAX_AGE)) && !now.isBefore(readAt);
        }
    }

    private final CheckStore checks;
    private final Clock clock;
    private final Map<String, Entry<StoredCheck>> entries = new ConcurrentHashMap<>();
    private final Map<String, Entry<CheckResult>> histories = new ConcurrentHashMap<>();

    ResultCache(CheckStore checks, Clock clock) {
        this.checks = checks;
        this.clock = clock;
    }

    /** Every check of the tenant, from the cache when read less than {@link #MAX_AGE} ago, else from the store. */
    List<StoredCheck> checksOf(String tenantId) {
        Instant now = clock.instant();
        Entry<StoredCheck> cached = entries.get(tenantId);
        if (cached != null && cached.freshAt(now)) {
            return cached.items();
        }
        List<StoredCheck> read = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            Page<StoredCheck> page = checks.listByTenant(tenantId, CheckStore.MAX_PAGE, token);
            read.addAll(page.items());
            token = page.nextToken();
        } while (token.isPresent());
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(tenantId, new Entry<>(List.copyOf(read), now));
        return read;
    }

    /** The check's {@code limit} latest results, newest first, from the cache when read less than {@link #MAX_AGE} ago. */
    List<CheckResult> historyOf(String checkId, int limit) {
        Instant now = clock.instant();
        String key = checkId + "/" + limit;
        Entry<CheckResult> cached = histories.get(key);
        if (cached != null && cached.freshAt(now)) {
            return cached.items();
        }
        List<CheckResult> read = List.copyOf(checks.history().page(checkId, limit, Optional.empty()).items());
        if (histories.size() >= MAX_ENTRIES) {
            histories.clear();
        }
        histories.put(key, new Entry<>(read, now));
        return read;
    }

    /** After a write through the API: the next view reads every tenant again. */
    void forgetAll() {
        entries.clear();
        histories.clear();
    }
}
