package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.AlertSeverity;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Bounded;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.store.Page;
import dev.vigil.store.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The health views of the active checks, read-only and served from what the sweeps stored (the checks'
 * latest results, confirmed states and history; no check is run): {@code GET /api/health} (the master
 * view), {@code GET /api/health/matrix} (services × tenants), {@code GET /api/health/services/{service}}
 * (one check name across tenants, with latency history) and {@code GET /api/health/tenants/{id}}.
 * A tenant's key sees its own tenant only; the operator sees every tenant, a page of tenants at a time
 * ({@code limit}, {@code nextToken}; {@code complete} is false while pages remain), or the one tenant
 * {@code X-Vigil-Tenant} names. Answers hold no settings, secrets or ping UUIDs.
 *
 * <p>Each tenant's checks and each check's history come from the {@link ResultCache} (read at most a
 * few seconds ago). A page's tenants missing from it are read at once, at most {@value #READ_CONCURRENCY} queries in flight (and the
 * service view's histories likewise): a page of a hundred tenants costs a few queries' time, not a
 * hundred in a row.
 */
final class HealthViewsResource {
    /** How many results of each check the service view shows by default, and at most. */
    static final int DEFAULT_HISTORY = 20;
    static final int MAX_HISTORY = 50;
    /** The tenants per page of the service view, whose {@code limit} is the history's. */
    private static final int SERVICE_TENANT_PAGE = Input.MAX_LIMIT;
    /** Store reads in flight at once for one request. */
    static final int READ_CONCURRENCY = 16;

    private final TenantStore tenants;
    private final Render render;
    private final Clock clock;
    private final ResultCache cache;

    HealthViewsResource(TenantStore tenants, ResultCache cache, Render render, Clock clock) {
        this.tenants = tenants;
        this.cache = cache;
        this.render = render;
        this.clock = clock;
    }

    /**
     * {@code GET /api/health}: the roll-up over the tenants the caller sees, and each tenant's, with the
     * alerts that stand (open or acknowledged) by severity: {@code "openAlerts": {"p1": 0, "p2": 1, "p3": 0}}.
     */
    HttpResponse master(HttpRequest request, Caller caller) {
        Page<String> scope = scope(request, caller, Input.limit(request));
        Instant now = clock.instant();
        List<CheckHealth.Rollup> parts = new ArrayList<>();
        ArrayNode perTenant = Json.MAPPER.createArrayNode();
        Map<String, List<CheckHealth>> health = health(scope.items(), now);
        List<Map<AlertSeverity, Integer>> standingByTenant = inParallel(scope.items(), cache::standingAlertsOf);
        Map<AlertSeverity, Integer> standing = new EnumMap<>(AlertSeverity.class);
        for (int i = 0; i < scope.items().size(); i++) {
            String tenantId = scope.items().get(i);
            CheckHealth.Rollup rollup = CheckHealth.Rollup.of(health.get(tenantId));
            parts.add(rollup);
            Map<AlertSeverity, Integer> ofTenant = standingByTenant.get(i);
            ofTenant.forEach((severity, count) -> standing.merge(severity, count, Integer::sum));
            perTenant.add(openAlerts(rollup.into(Json.object().put("tenantId", tenantId)), ofTenant));
        }
        ObjectNode body = openAlerts(CheckHealth.Rollup.combine(parts).into(header(now, scope)), standing);
        body.set("tenants", perTenant);
        return answer(body, scope);
    }

    /** {@code GET /api/health/matrix}: a row per service (check name and type), a cell per tenant that has it. */
    HttpResponse matrix(HttpRequest request, Caller caller) {
        Page<String> scope = scope(request, caller, Input.limit(request));
        Instant now = clock.instant();
        Map<String, ObjectNode> rows = new TreeMap<>();
        Map<String, CheckHealth> shown = new HashMap<>();
        Map<String, List<CheckHealth>> health = health(scope.items(), now);
        for (String tenantId : scope.items()) {
            for (CheckHealth check : health.get(tenantId)) {
                String name = check.stored().check().name();
                String type = check.stored().check().type();
                String row = name + "\u0000" + type;
                ObjectNode cells = (ObjectNode) rows.computeIfAbsent(row, r -> {
                    ObjectNode node = Json.object().put("service", name).put("type", type);
                    node.putObject("cells");
                    return node;
                }).get("cells");
                String cellKey = row + "\u0000" + tenantId;
                CheckHealth before = shown.get(cellKey);
                if (before == null || CheckHealth.worse(check.status(), before.status()) != before.status()) {
                    shown.put(cellKey, check);
                    cells.set(tenantId, check.cell());
                }
            }
        }
        ObjectNode body = header(now, scope);
        ArrayNode columns = body.putArray("tenants");
        scope.items().forEach(columns::add);
        ArrayNode services = body.putArray("services");
        rows.values().forEach(services::add);
        return answer(body, scope);
    }

    /** {@code GET /api/health/services/{service}}: each of the caller's tenants' checks of that name, with their recent results. */
    HttpResponse service(HttpRequest request, Caller caller) {
        String service = request.pathParam("service").orElse("");
        int history = historyLimit(request);
        Page<String> scope = scope(request, caller, SERVICE_TENANT_PAGE);
        Instant now = clock.instant();
        ObjectNode body = header(now, scope);
        ArrayNode list = body.putArray("checks");
        Map<String, List<CheckHealth>> health = health(scope.items(), now);
        List<CheckHealth> matching = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (String tenantId : scope.items()) {
            for (CheckHealth check : health.get(tenantId)) {
                if (check.stored().check().name().equals(service)) {
                    matching.add(check);
                    owners.add(tenantId);
                }
            }
        }
        List<List<CheckResult>> histories = inParallel(matching,
                check -> cache.historyOf(check.stored().check().id(), history));
        for (int i = 0; i < matching.size(); i++) {
            ObjectNode item = shown(matching.get(i)).put("tenantId", owners.get(i));
            ArrayNode recent = item.putArray("history");
            for (CheckResult result : histories.get(i)) {
                recent.addObject().put("at", result.at().toString()).put("status", result.status().wire())
                        .put("latencyMs", result.latencyMs());
            }
            list.add(item);
        }
        return answer(body, scope);
    }

    /** {@code GET /api/health/tenants/{id}}: one tenant's roll-up and checks; a tenant the caller may not see is not found. */
    HttpResponse tenant(HttpRequest request, Caller caller) {
        Optional<Tenant> tenant = TenantPath.of(request, caller).flatMap(tenants::find);
        if (tenant.isEmpty()) {
            return TenantPath.notFound(request);
        }
        Instant now = clock.instant();
        List<CheckHealth> health = health(tenant.get().id(), now);
        ObjectNode body = CheckHealth.Rollup.of(health).into(Json.object().put("at", now.toString())
                .put("tenantId", tenant.get().id()).put("name", tenant.get().name()));
        ArrayNode list = body.putArray("checks");
        health.forEach(check -> list.add(shown(check)));
        return HttpResponse.json(200, body);
    }

    /** A check in the service and tenant views: what it is, how it stands, its latest result; no settings. */
    private ObjectNode shown(CheckHealth check) {
        StoredCheck stored = check.stored();
        ObjectNode node = Json.object().put("checkId", stored.check().id()).put("name", stored.check().name())
                .put("type", stored.check().type()).put("tier", stored.check().tier().wire())
                .put("enabled", stored.check().enabled()).put("status", check.status().wire())
                .put("confirmed", stored.runs() == 0 ? "new" : check.confirmed().wire()).put("stale", check.stale());
        node.set("latestResult", stored.latest().map(render::checkResult).orElse(null));
        return node;
    }

    /** Every check of each tenant, as the health views see it now, the tenants read at once. */
    private Map<String, List<CheckHealth>> health(List<String> tenantIds, Instant now) {
        List<List<CheckHealth>> read = inParallel(tenantIds, tenantId -> health(tenantId, now));
        Map<String, List<CheckHealth>> byTenant = new HashMap<>();
        for (int i = 0; i < tenantIds.size(); i++) {
            byTenant.put(tenantIds.get(i), read.get(i));
        }
        return byTenant;
    }

    /**
     * {@code read} of every item, at most {@link #READ_CONCURRENCY} at once, in the items' order. The first
     * failure is thrown as it was (an AWS failure still answers 503).
     */
    private static <T, R> List<R> inParallel(List<T> items, Function<T, R> read) {
        return Bounded.map(items, READ_CONCURRENCY, read);
    }

    /** Every check of the tenant, as the health views see it now (from the {@link ResultCache}). */
    private List<CheckHealth> health(String tenantId, Instant now) {
        List<CheckHealth> health = new ArrayList<>();
        cache.checksOf(tenantId).forEach(c -> health.add(CheckHealth.of(c, now)));
        health.sort(Comparator.comparing((CheckHealth c) -> c.stored().check().name()).thenComparing(c -> c.stored().check().id()));
        return health;
    }

    /**
     * The tenants the caller sees: a tenant's key (or the operator naming one in {@code X-Vigil-Tenant})
     * its own, the operator a page of every tenant.
     */
    private Page<String> scope(HttpRequest request, Caller caller, int tenantsPerPage) {
        if (!caller.operator() || request.header(AdminApiHandler.TENANT_HEADER).isPresent()) {
            return new Page<>(List.of(caller.tenantId()), Optional.empty());
        }
        Page<Tenant> page = tenants.list(tenantsPerPage, request.queryParam("nextToken"));
        return new Page<>(page.items().stream().map(Tenant::id).sorted().toList(), page.nextToken());
    }

    private static int historyLimit(HttpRequest request) {
        Optional<String> value = request.queryParam("limit");
        if (value.isEmpty()) {
            return DEFAULT_HISTORY;
        }
        try {
            int limit = Integer.parseInt(value.get());
            if (limit >= 1 && limit <= MAX_HISTORY) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidInput("limit must be from 1 to " + MAX_HISTORY);
    }

    /** {@code node} with {@code "openAlerts": {"p1": n, "p2": n, "p3": n}}, every severity shown. */
    private static ObjectNode openAlerts(ObjectNode node, Map<AlertSeverity, Integer> counts) {
        ObjectNode shown = node.putObject("openAlerts");
        for (AlertSeverity severity : AlertSeverity.values()) {
            shown.put(severity.wire(), counts.getOrDefault(severity, 0));
        }
        return node;
    }

    private static ObjectNode header(Instant now, Page<String> scope) {
        return Json.object().put("at", now.toString()).put("complete", scope.nextToken().isEmpty());
    }

    private static HttpResponse answer(ObjectNode body, Page<String> scope) {
        scope.nextToken().ifPresent(token -> body.put("nextToken", token));
        return HttpResponse.json(200, body);
    }
}
