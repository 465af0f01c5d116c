package dev.vigil.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.Application;
import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.ComponentRef;
import dev.vigil.domain.Incident;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Resolution;
import dev.vigil.domain.TagFilter;
import dev.vigil.domain.Uptime;
import dev.vigil.domain.UptimePlan;
import dev.vigil.runtime.Bounded;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.Page;
import dev.vigil.store.RollupStore;
import dev.vigil.store.StatusPageStore;
import dev.vigil.store.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The monthly SLA report of a tenant ({@code GET /api/tenants/{id}/sla?month=2026-11}): for each of its
 * applications and checks, the uptime over that UTC month (up to now for the current month) read from the
 * rollups, its downtime minutes, its {@code incidents} (the outages that started in the month: each flip
 * into down is one) and the status-page incidents that affected it in the month (open at some time in it);
 * then report-level totals.
 *
 * <p>Cost and caching: the subjects are read {@value #PARALLELISM} at a time (each a watermark and its
 * month's day buckets, hours and minutes at a ragged end). The computed report is cached in the uptime
 * table ({@link RollupStore#cacheReport}). A closed month is cached for {@value #FINAL_DAYS} days: its
 * figures are final once its end is {@link #MARGIN} behind and every subject's watermark has passed it,
 * since the rollups only ever add time after a watermark, so nothing written later lands in that month;
 * that is why such a report needs no invalidation. Until then (the current month, or a closed one with a
 * subject still in the state it was in at the month's end, whose time there is live, not written) the
 * report is cached for {@link #SHORT}. The status-page incidents, which are edited and deleted at any time,
 * are read afresh for a cached report too. The answer says {@code cached}, {@code generatedAt} and
 * {@code final}. Months with no kept rollups (older than 400 days, or not started) are not cached.
 */
final class SlaResource {
    /** Subjects read at once. */
    static final int PARALLELISM = 12;
    /** How long a report whose figures may still change is served from the cache. */
    static final Duration SHORT = Duration.ofMinutes(5);
    /** How long a final report is kept: the day buckets' retention, so it outlives its figures. */
    static final int FINAL_DAYS = 400;
    /** How long after a month's end late changes may still arrive (a stream's lag, a beat received late). */
    static final Duration MARGIN = Duration.ofHours(1);
    private static final int INCIDENT_PAGE = 100;
    private static final Log LOG = Log.of(SlaResource.class);

    private final RollupStore rollups;
    private final TenantInventory inventory;
    private final StatusPageStore statusPages;
    private final TenantStore tenants;
    private final Clock clock;

    SlaResource(RollupStore rollups, TenantInventory inventory, StatusPageStore statusPages, TenantStore tenants,
                Clock clock) {
        this.rollups = rollups;
        this.inventory = inventory;
        this.statusPages = statusPages;
        this.tenants = tenants;
        this.clock = clock;
    }

    HttpResponse report(HttpRequest request, Caller caller) {
        Optional<String> tenantId = TenantPath.of(request, caller).filter(id -> tenants.find(id).isPresent());
        if (tenantId.isEmpty()) {
            return TenantPath.notFound(request);
        }
        YearMonth month = month(request.queryParam("month"));
        Instant now = clock.instant();
        Optional<RollupStore.CachedReport> cached = cached(tenantId.get(), month, now);
        if (cached.isPresent()) {
            try {
                ObjectNode body = (ObjectNode) Json.parse(cached.get().json());
                // Incidents are edited and deleted at any time: never served from the cache, even in a final report.
                withStatusIncidents(body, statusIncidents(tenantId.get(), monthStart(month), monthEnd(month)));
                return HttpResponse.json(200, body.put("cached", true));
            } catch (JsonProcessingException | ClassCastException e) {
                // Not a report (it cannot be, unless written by hand): computed again below.
            }
        }
        ObjectNode body = compute(tenantId.get(), month, now);
        if (cacheable(month, now)) {
            boolean complete = body.path("final").asBoolean();
            try {
                rollups.cacheReport(tenantId.get(), month.toString(), Json.write(body), now,
                        complete ? now.plus(Duration.ofDays(FINAL_DAYS)) : now.plus(SHORT));
            } catch (RuntimeException e) {
                LOG.error("An SLA report could not be cached; it is computed again next time", e,
                        "tenantId", tenantId.get(), "month", month.toString());
            }
        }
        return HttpResponse.json(200, body.put("cached", false));
    }

    /** The cached report, if one is there and readable; a cache that cannot be read is computed around. */
    private Optional<RollupStore.CachedReport> cached(String tenantId, YearMonth month, Instant now) {
        try {
            return rollups.cachedReport(tenantId, month.toString(), now);
        } catch (RuntimeException e) {
            LOG.error("A cached SLA report could not be read; computing it", e, "tenantId", tenantId, "month",
                    month.toString());
            return Optional.empty();
        }
    }

    /**
     * Only months that hold kept rollups are cached: started by now and ending after the oldest day
     * bucket kept. So a tenant has at most 15 cached reports, whichever months it asks for; a month
     * outside them has no figures and costs only its subjects' watermarks.
     */
    static boolean cacheable(YearMonth month, Instant now) {
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return from.isBefore(now) && to.isAfter(Resolution.DAY.oldestKeptAt(now));
    }

    private static YearMonth month(Optional<String> text) {
        YearMonth month;
        try {
            month = YearMonth.parse(text.orElseThrow(() -> new InvalidInput("month is required, as 2026-11")));
        } catch (DateTimeParseException e) {
            throw new InvalidInput("month must be a year and month such as 2026-11");
        }
        if (month.getYear() < 1970 || month.getYear() > 9998) {
            throw new InvalidInput("month must be between 1970 and 9998");
        }
        return month;
    }

    /** One subject's figure for the month, and whether its rollups are final for it. */
    private record Figure(Uptime uptime, boolean settled, int itemsRead) {
    }

    ObjectNode compute(String tenantId, YearMonth month, Instant now) {
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        UptimePlan plan = UptimePlan.of(from, to, now);
        List<Application> apps = inventory.applications(tenantId, TagFilter.ALL);
        List<StoredCheck> checks = inventory.checks(tenantId, TagFilter.ALL);
        List<Figure> appFigures = Bounded.map(apps, PARALLELISM,
                app -> figure(RollupStore.application(app.id()), app.rules().maintenance(), plan, to, now));
        List<Figure> checkFigures = Bounded.map(checks, PARALLELISM,
                check -> figure(RollupStore.check(check.check().id()), List.of(), plan, to, now));
        Map<ComponentRef, List<Incident>> affecting = statusIncidents(tenantId, from, to);

        ObjectNode body = Json.object().put("tenantId", tenantId).put("month", month.toString())
                .put("from", from.toString()).put("to", to.toString()).put("generatedAt", now.toString());
        boolean settled = !to.plus(MARGIN).isAfter(now);
        long outages = 0;
        long downtime = 0;
        int itemsRead = 0;
        ArrayNode appList = body.putArray("applications");
        for (int i = 0; i < apps.size(); i++) {
            Figure figure = appFigures.get(i);
            Application app = apps.get(i);
            appList.add(subject(figure, false, affecting.getOrDefault(new ComponentRef(ComponentRef.Kind.APPLICATION,
                    app.id()), List.of())).put("id", app.id()).put("name", app.name()));
            settled &= figure.settled();
            outages += figure.uptime().outages();
            downtime += figure.uptime().downtimeMinutes();
            itemsRead += figure.itemsRead();
        }
        ArrayNode checkList = body.putArray("checks");
        for (int i = 0; i < checks.size(); i++) {
            Figure figure = checkFigures.get(i);
            StoredCheck check = checks.get(i);
            checkList.add(subject(figure, true, affecting.getOrDefault(new ComponentRef(ComponentRef.Kind.CHECK,
                    check.check().id()), List.of())).put("id", check.check().id()).put("name", check.check().name()));
            settled &= figure.settled();
            outages += figure.uptime().outages();
            downtime += figure.uptime().downtimeMinutes();
            itemsRead += figure.itemsRead();
        }
        long statusIncidents = affecting.values().stream().flatMap(List::stream).map(Incident::id).distinct().count();
        body.putObject("totals").put("applications", apps.size()).put("checks", checks.size())
                .put("incidents", outages).put("downtimeMinutes", downtime).put("statusPageIncidents", statusIncidents);
        body.put("final", settled).put("itemsRead", itemsRead);
        return body;
    }

    private Figure figure(String subject, List<MaintenanceWindow> windows, UptimePlan plan, Instant monthEnd, Instant now) {
        Optional<RollupStore.Watermark> watermark = rollups.watermark(subject);
        RollupStore.Read stored = rollups.read(subject, plan.buckets());
        List<BucketCounts> counts = new ArrayList<>(stored.counts());
        counts.addAll(rollups.live(watermark, now, windows, plan.from()));
        // Never observed: nothing can be written for a month already past. Else final once rolled up past it.
        boolean settled = watermark.isEmpty() || !watermark.get().rolledUpTo().isBefore(monthEnd);
        return new Figure(Uptime.of(plan, counts), settled, stored.itemsRead() + 1);
    }

    /**
     * The tenant's status-page incidents open at some time in {@code [from, to)} (created before its end,
     * not resolved before its start), by affected component: every incident created before the month's end
     * is read, newest first, as an incident opened long ago may still be open.
     */
    private Map<ComponentRef, List<Incident>> statusIncidents(String tenantId, Instant from, Instant to) {
        Map<ComponentRef, List<Incident>> byComponent = new LinkedHashMap<>();
        Optional<String> token = Optional.empty();
        do {
            Page<Incident> page = statusPages.incidents(tenantId, Optional.of(to), Optional.empty(), INCIDENT_PAGE, token);
            for (Incident incident : page.items()) {
                boolean open = incident.createdAt().isBefore(to)
                        && incident.resolvedAt().map(resolved -> !resolved.isBefore(from)).orElse(true);
                if (open) {
                    incident.affected().forEach(ref -> byComponent.computeIfAbsent(ref, r -> new ArrayList<>()).add(incident));
                }
            }
            token = page.nextToken();
        } while (token.isPresent());
        return byComponent;
    }

    private static ObjectNode subject(Figure figure, boolean check, List<Incident> incidents) {
        ObjectNode node = UptimeResource.figure(figure.uptime(), check).put("incidents", figure.uptime().outages());
        statusPageIncidents(node, incidents);
        return node;
    }

    private static void statusPageIncidents(ObjectNode subject, List<Incident> incidents) {
        ObjectNode status = subject.putObject("statusPageIncidents").put("count", incidents.size());
        ArrayNode list = status.putArray("incidents");
        incidents.forEach(incident -> list.addObject().put("id", incident.id()).put("title", incident.title()));
    }

    /** A cached report's status-page incidents, per subject and in its totals, set to {@code affecting} as read now. */
    private static void withStatusIncidents(ObjectNode body, Map<ComponentRef, List<Incident>> affecting) {
        for (var list : List.of(Map.entry("applications", ComponentRef.Kind.APPLICATION), Map.entry("checks", ComponentRef.Kind.CHECK))) {
            for (var node : body.path(list.getKey())) {
                if (node instanceof ObjectNode subject) {
                    statusPageIncidents(subject, affecting.getOrDefault(new ComponentRef(list.getValue(), subject.path("id").asText()),
                            List.of()));
                }
            }
        }
        if (body.path("totals") instanceof ObjectNode totals) {
            totals.put("statusPageIncidents", affecting.values().stream().flatMap(List::stream).map(Incident::id).distinct().count());
        }
    }

    private static Instant monthStart(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant monthEnd(YearMonth month) {
        return monthStart(month.plusMonths(1));
    }
}
