package dev.vigil.admin;

import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatState;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller's tenant in the Prometheus text format: {@code GET /api/metrics} with a key in the
 * {@code Authorization} header, or {@code GET /metrics/{key}} with a read-only key in the URL, for
 * scrapers that send no headers ({@code ?tag=} keeps only what carries the tags). Per application
 * (labels {@code name}, {@code id}, {@code tags} joined by commas): up (0 only while down), late,
 * started, last beat age; the totals; per check: up (0 only while unhealthy), latest latency, and one
 * {@code vigil_check_status} sample per status, 1 for the current one.
 */
final class MetricsResource {
    private static final List<String> CHECK_STATUSES = List.of("new", "healthy", "degraded", "unhealthy", "unknown");

    private final TenantInventory inventory;
    private final Clock clock;

    MetricsResource(TenantInventory inventory, Clock clock) {
        this.inventory = inventory;
        this.clock = clock;
    }

    HttpResponse metrics(HttpRequest request, Caller caller) {
        var filter = Input.tagFilter(request);
        String text = text(inventory.applications(caller.tenantId(), filter), inventory.checks(caller.tenantId(), filter),
                clock.instant());
        return new HttpResponse(200, Map.of("content-type", PrometheusText.CONTENT_TYPE, "cache-control", "no-store"), text);
    }

    /** The exposition of {@code apps} and {@code checks} at {@code now}. */
    static String text(List<Application> apps, List<StoredCheck> checks, Instant now) {
        PrometheusText out = new PrometheusText()
                .gauge("vigil_application_up", "1 unless the application is down (late, paused and new count as up)")
                .gauge("vigil_application_late", "1 while the application is late: past its expected time, within its grace")
                .gauge("vigil_application_started", "1 while a run has started and not ended")
                .gauge("vigil_application_last_beat_age_seconds", "Seconds since the application's last beat (none before its first)")
                .gauge("vigil_applications_total", "Applications of the tenant")
                .gauge("vigil_applications_down", "Applications of the tenant that are down");
        int down = 0;
        for (Application app : apps) {
            BeatState state = BeatState.of(app, now);
            Map<String, String> labels = labels(app.name(), app.id(), app.rules().tags());
            out.sample("vigil_application_up", labels, state == BeatState.DOWN ? 0 : 1)
                    .sample("vigil_application_late", labels, state == BeatState.LATE ? 1 : 0)
                    .sample("vigil_application_started", labels, app.run().started() ? 1 : 0);
            app.lastHeartbeat().ifPresent(beat -> out.sample("vigil_application_last_beat_age_seconds", labels,
                    Math.max(0, Duration.between(beat, now).toSeconds())));
            if (state == BeatState.DOWN) {
                down++;
            }
        }
        out.sample("vigil_applications_total", Map.of(), apps.size()).sample("vigil_applications_down", Map.of(), down);
        out.gauge("vigil_check_up", "1 unless the check is unhealthy")
                .gauge("vigil_check_latency_ms", "Latency of the check's latest run, in milliseconds")
                .gauge("vigil_check_status", "1 for the check's current status, 0 for the others")
                .gauge("vigil_checks_total", "Checks of the tenant")
                .gauge("vigil_checks_unhealthy", "Checks of the tenant that are unhealthy");
        int unhealthy = 0;
        for (StoredCheck check : checks) {
            Map<String, String> labels = labels(check.check().name(), check.check().id(), check.check().tags());
            String status = check.runs() == 0 ? "new" : check.state().confirmed().wire();
            boolean isUnhealthy = check.runs() > 0 && check.state().confirmed() == CheckStatus.UNHEALTHY;
            out.sample("vigil_check_up", labels, isUnhealthy ? 0 : 1);
            check.latest().ifPresent(result -> out.sample("vigil_check_latency_ms", labels, result.latencyMs()));
            for (String candidate : CHECK_STATUSES) {
                Map<String, String> withStatus = new LinkedHashMap<>(labels);
                withStatus.put("status", candidate);
                out.sample("vigil_check_status", withStatus, candidate.equals(status) ? 1 : 0);
            }
            if (isUnhealthy) {
                unhealthy++;
            }
        }
        out.sample("vigil_checks_total", Map.of(), checks.size()).sample("vigil_checks_unhealthy", Map.of(), unhealthy);
        return out.text();
    }

    private static Map<String, String> labels(String name, String id, List<String> tags) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("name", name);
        labels.put("id", id);
        labels.put("tags", String.join(",", tags));
        return labels;
    }
}
