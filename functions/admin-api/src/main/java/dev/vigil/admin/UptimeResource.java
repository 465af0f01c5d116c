package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Uptime;
import dev.vigil.domain.UptimeBucket;
import dev.vigil.domain.UptimePlan;
import dev.vigil.domain.UptimeSeries;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.store.RollupStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * figure), {@code outages} (the flips into down that started in the window) and, for checks,
 * {@code results} and {@code avgLatencyMs}. An application's time inside its maintenance windows is
 * maintenance time, also for the live span since its last change.
 */
final class UptimeResource {
    /** The standing figures, by name, and how far back each reaches. */
    static final Map<String, Duration> STANDING = standing();

    private final RollupStore rollups;
    private final TenantInventory inventory;
    private final CheckRegistry checks;
    private final Clock clock;

    UptimeResource(RollupStore rollups, TenantInventory inventory, CheckRegistry checks, Clock clock) {
        this.rollups = rollups;
        this.inventory = inventory;
        this.checks = checks;
        this.clock = clock;
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
                .map(app -> uptime(request, RollupStore.application(app.id()), app.rules().maintenance(), false)
                        .put("applicationId", app.id()))
                .map(body -> HttpResponse.json(200, body))
                .orElseGet(() -> HttpResponse.error(404, "no application with id '"
                        + Input.printable(request.pathParam("id").orElse("")) + "'"));
    }

    HttpResponse forCheck(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.CHECK).flatMap(id -> checks.find(caller.tenantId(), id))
                .map(check -> uptime(request, RollupStore.check(check.check().id()), List.of(), true)
                        .put("checkId", check.check().id()))
                .map(body -> HttpResponse.json(200, body))
                .orElseGet(() -> HttpResponse.error(404, "no check with id '"
                        + Input.printable(request.pathParam("id").orElse("")) + "'"));
    }

    private ObjectNode uptime(HttpRequest request, String subject, List<MaintenanceWindow> windows, boolean check) {
        Instant now = clock.instant();
        Optional<String> from = request.queryParam("from");
        Optional<String> to = request.queryParam("to");
        Optional<String> step = request.queryParam("step");
        if (from.isEmpty() && to.isEmpty() && step.isEmpty()) {
            return standing(subject, windows, now, check);
        }
        if (from.isEmpty() || to.isEmpty()) {
            throw new InvalidInput("an uptime window needs both from and to (ISO-8601 instants)");
        }
        Instant start = instant(from.get(), "from");
        Instant end = instant(to.get(), "to");
        if (step.isEmpty()) {
            UptimePlan plan = UptimePlan.of(start, end, now);
            Uptime uptime = Uptime.of(plan, rollups.readUpTo(subject, plan.buckets(), now, windows).counts());
            ObjectNode body = Json.object();
            body.set("window", figure(uptime, check));
            return body;
        }
        UptimeSeries series = UptimeSeries.of(start, end, duration(step.get()), now);
        List<Uptime> points = series.points(rollups.readUpTo(subject, series.buckets(), now, windows).counts());
        ObjectNode body = Json.object().put("step", series.step().toString())
                .put("resolution", series.resolution().wire());
        ArrayNode array = body.putArray("points");
        points.forEach(point -> array.add(figure(point, check)));
        return body;
    }

    private ObjectNode standing(String subject, List<MaintenanceWindow> windows, Instant now, boolean check) {
        Map<String, UptimePlan> plans = new LinkedHashMap<>();
        Set<UptimeBucket> buckets = new LinkedHashSet<>();
        STANDING.forEach((name, length) -> {
            UptimePlan plan = UptimePlan.of(now.minus(length), now, now);
            plans.put(name, plan);
            buckets.addAll(plan.buckets());
        });
        var read = rollups.readUpTo(subject, buckets, now, windows).counts();
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
                .put("maintenanceSeconds", uptime.maintenanceMillis() / 1000)
                .put("outages", uptime.outages());
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
