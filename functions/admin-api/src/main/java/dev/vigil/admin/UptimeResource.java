package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.Application;
import dev.vigil.domain.Ids;
import dev.vigil.domain.TagFilter;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.Uptime;
import dev.vigil.domain.UptimeBucket;
import dev.vigil.domain.UptimePlan;
import dev.vigil.domain.UptimeSeries;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.store.RollupStore;
import dev.vigil.store.TenantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Uptime of an application ({@code GET /api/applications/{id}/uptime}) or a check
 * ({@code GET /api/checks/{id}/uptime}) of the caller's tenant, read from the rollups, never from raw
 * history: without parameters its figures for the last 24 hours, 30 days and year (read in one set of
 * batched reads); with {@code from} and {@code to} (ISO-8601 instants) the figure of that window; with
 * {@code step} too (an ISO-8601 duration of whole minutes, {@code PT5M}, {@code PT1H}, {@code P1D}) a
 * series of points for a chart. Each figure says the window actually read (widened to bucket edges),
 * {@code uptime} (up ÷ monitored, null when nothing was monitored), {@code downtimeMinutes},
 * {@code monitoredSeconds}, {@code pausedSeconds} and {@code maintenanceSeconds} (both excluded from the
 * figure) and, for checks, {@code results} and {@code avgLatencyMs}.
 */
final class UptimeResource {
    /** The standing figures, by name, and how far back each reaches. */
    static final Map<String, Duration> STANDING = standing();

    private final RollupStore rollups;
    private final TenantInventory inventory;
    private final CheckRegistry checks;
    private final TenantStore tenants;
    private final Clock clock;

    UptimeResource(RollupStore rollups, TenantInventory inventory, CheckRegistry checks, TenantStore tenants, Clock clock) {
        this.rollups = rollups;
        this.inventory = inventory;
        this.checks = checks;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * The monthly SLA report of a tenant ({@code GET /api/tenants/{id}/sla?month=2026-11}): the uptime
     * of each of its applications and checks over that UTC month (up to now for the current month),
     * read from day buckets (hours and minutes at a ragged end). Incidents are not counted yet.
     */
    HttpResponse sla(HttpRequest request, Caller caller) {
        Optional<String> tenantId = TenantPath.of(request, caller).filter(id -> tenants.find(id).isPresent());
        if (tenantId.isEmpty()) {
            return TenantPath.notFound(request);
        }
        String text = request.queryParam("month").orElseThrow(() -> new InvalidInput("month is required, as 2026-11"));
        YearMonth month;
        try {
            month = YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("month must be a year and month such as 2026-11");
        }
        if (month.getYear() < 1970 || month.getYear() > 9998) {
            throw new InvalidInput("month must be between 1970 and 9998");
        }
        Instant now = clock.instant();
        Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        UptimePlan plan = UptimePlan.of(from, to, now);
        ObjectNode body = Json.object().put("tenantId", tenantId.get()).put("month", month.toString())
                .put("from", from.toString()).put("to", to.toString());
        ArrayNode apps = body.putArray("applications");
        for (Application app : inventory.applications(tenantId.get(), TagFilter.ALL)) {
            Uptime uptime = Uptime.of(plan, rollups.readUpTo(RollupStore.application(app.id()), plan.buckets(), now).counts());
            apps.add(figure(uptime, false).put("id", app.id()).put("name", app.name()));
        }
        ArrayNode checkList = body.putArray("checks");
        for (StoredCheck check : inventory.checks(tenantId.get(), TagFilter.ALL)) {
            Uptime uptime = Uptime.of(plan, rollups.readUpTo(RollupStore.check(check.check().id()), plan.buckets(), now).counts());
            checkList.add(figure(uptime, true).put("id", check.check().id()).put("name", check.check().name()));
        }
        return HttpResponse.json(200, body);
    }

    private static Map<String, Duration> standing() {
        Map<String, Duration> windows = new LinkedHashMap<>();
        windows.put("24h", Duration.ofHours(24));
        windows.put("30d", Duration.ofDays(30));
        windows.put("1y", Duration.ofDays(365));
        return windows;
    }

    HttpResponse forApplication(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.APPLICATION).flatMap(id -> inventory.application(caller.tenantId(), id))
                .map(app -> uptime(request, RollupStore.application(app.id()), false)
                        .put("applicationId", app.id()))
                .map(body -> HttpResponse.json(200, body))
                .orElseGet(() -> HttpResponse.error(404, "no application with id '"
                        + Input.printable(request.pathParam("id").orElse("")) + "'"));
    }

    HttpResponse forCheck(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.CHECK).flatMap(id -> checks.find(caller.tenantId(), id))
                .map(check -> uptime(request, RollupStore.check(check.check().id()), true)
                        .put("checkId", check.check().id()))
                .map(body -> HttpResponse.json(200, body))
                .orElseGet(() -> HttpResponse.error(404, "no check with id '"
                        + Input.printable(request.pathParam("id").orElse("")) + "'"));
    }

    private ObjectNode uptime(HttpRequest request, String subject, boolean check) {
        Instant now = clock.instant();
        Optional<String> from = request.queryParam("from");
        Optional<String> to = request.queryParam("to");
        Optional<String> step = request.queryParam("step");
        if (from.isEmpty() && to.isEmpty() && step.isEmpty()) {
            return standing(subject, now, check);
        }
        if (from.isEmpty() || to.isEmpty()) {
            throw new InvalidInput("an uptime window needs both from and to (ISO-8601 instants)");
        }
        Instant start = instant(from.get(), "from");
        Instant end = instant(to.get(), "to");
        if (step.isEmpty()) {
            UptimePlan plan = UptimePlan.of(start, end, now);
            Uptime uptime = Uptime.of(plan, rollups.readUpTo(subject, plan.buckets(), now).counts());
            ObjectNode body = Json.object();
            body.set("window", figure(uptime, check));
            return body;
        }
        UptimeSeries series = UptimeSeries.of(start, end, duration(step.get()), now);
        List<Uptime> points = series.points(rollups.readUpTo(subject, series.buckets(), now).counts());
        ObjectNode body = Json.object().put("step", series.step().toString())
                .put("resolution", series.resolution().wire());
        ArrayNode array = body.putArray("points");
        points.forEach(point -> array.add(figure(point, check)));
        return body;
    }

    private ObjectNode standing(String subject, Instant now, boolean check) {
        Map<String, UptimePlan> plans = new LinkedHashMap<>();
        Set<UptimeBucket> buckets = new LinkedHashSet<>();
        STANDING.forEach((name, length) -> {
            UptimePlan plan = UptimePlan.of(now.minus(length), now, now);
            plans.put(name, plan);
            buckets.addAll(plan.buckets());
        });
        var read = rollups.readUpTo(subject, buckets, now).counts();
        ObjectNode body = Json.object();
        plans.forEach((name, plan) -> body.set(name, figure(Uptime.of(plan, read), check)));
        return body;
    }

    static ObjectNode figure(Uptime uptime, boolean check) {
        ObjectNode node = Json.object().put("from", uptime.from().toString()).put("to", uptime.to().toString());
        uptime.ratio().ifPresentOrElse(ratio -> node.put("uptime", ratio), () -> node.putNull("uptime"));
        node.put("downtimeMinutes", uptime.downtimeMinutes())
                .put("monitoredSeconds", uptime.monitoredMillis() / 1000)
                .put("pausedSeconds", uptime.pausedMillis() / 1000)
                .put("maintenanceSeconds", uptime.maintenanceMillis() / 1000);
        if (check) {
            node.put("results", uptime.results());
            uptime.averageLatencyMs().ifPresentOrElse(ms -> node.put("avgLatencyMs", ms), () -> node.putNull("avgLatencyMs"));
        }
        return node;
    }

    private static Instant instant(String text, String name) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(name + " must be an ISO-8601 instant such as 2026-11-30T00:00:00Z");
        }
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInput("step must be an ISO-8601 duration of whole minutes such as PT5M, PT1H or P1D");
        }
    }
}
