package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.AlertEventCodec;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.ApiKey;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.Badge;
import dev.vigil.domain.BeatState;
import dev.vigil.domain.Channel;
import dev.vigil.domain.Deadlines;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.RunState;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.store.AlertStore;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.NotificationLog;
import dev.vigil.store.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** How the admin API shows each resource: the one place its JSON is written. */
final class Render {
    private final Optional<String> publicBaseUrl;
    private final Clock clock;

    /** {@code clock} says the time an application's derived {@code state} is reported at. */
    Render(Optional<String> publicBaseUrl, Clock clock) {
        this.publicBaseUrl = publicBaseUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.clock = clock;
    }

    /** 412: {@code If-Match} named another version than the current one, given as the {@code ETag}. */
    static HttpResponse stale(String kind, String id, long currentVersion) {
        return HttpResponse.error(412, kind + " " + id + " has changed: it is now at version " + currentVersion
                + ", not one that If-Match names; nothing was written. Read it again, then send your change with If-Match: "
                + IfMatch.etag(currentVersion)).withHeader("etag", IfMatch.etag(currentVersion));
    }

    /** 409: other writes kept changing the resource while this one retried. */
    static HttpResponse conflict(String kind, String id) {
        return HttpResponse.error(409, kind + " " + id + " kept changing while this request was applied; "
                + "nothing was written. Read it again and retry");
    }

    /** {@code {"<name>": [...], "nextToken"?}}. */
    <T> ObjectNode page(String name, Page<T> page, Function<T, ObjectNode> item) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray(name);
        page.items().forEach(t -> items.add(item.apply(t)));
        page.nextToken().ifPresent(token -> body.put("nextToken", token));
        return body;
    }

    /**
     * An application, with its ping URL on the API's own address (or {@code PUBLIC_BASE_URL}); without
     * the ping UUID and URL for a caller that may not see secrets (a read-only key).
     */
    /** Where clients reach this API: {@code PUBLIC_BASE_URL}, else the request's own host over https. */
    String publicBase(HttpRequest request) {
        return publicBaseUrl.orElseGet(() -> "https://" + request.domainName().orElse("localhost"));
    }

    ObjectNode application(Application app, HttpRequest request, Caller caller) {
        ObjectNode node = Json.object();
        node.put("id", app.id());
        if (caller.seesSecrets()) {
            node.put("uuid", app.uuid());
        }
        node.put("name", app.name());
        node.put("slug", app.rules().slug().orElse(null));
        node.put("intervalSeconds", app.intervalSeconds());
        node.put("graceSeconds", app.graceSeconds());
        node.put("status", app.status().wire());
        node.put("lastHeartbeat", app.lastHeartbeat().map(Instant::toString).orElse(null));
        node.put("deadline", Deadlines.deadline(app).map(Instant::toString).orElse(null));
        app.unknownMiss().ifPresent(miss -> node.set("unknown", unknownMiss(miss)));
        if (caller.seesSecrets()) {
            node.put("pingUrl", publicBaseUrl.orElseGet(() -> "https://" + request.domainName().orElse("localhost"))
                    + "/heartbeat/" + app.uuid());
        }
        node.put("active", app.active());
        ArrayNode routed = node.putArray("channels");
        app.channels().forEach(routed::add);
        node.put("severity", app.severity().wire());
        app.quietHours().ifPresentOrElse(q -> node.set("quietHours", AlertEventCodec.writeQuietHours(q)),
                () -> node.putNull("quietHours"));
        node.put("acknowledged", app.acknowledged());
        putSeconds(node, "minRuntimeSeconds", app.rules().minRuntime());
        putSeconds(node, "maxRuntimeSeconds", app.rules().maxRuntime());
        ArrayNode tags = node.putArray("tags");
        app.rules().tags().forEach(tags::add);
        node.put("createdAt", app.createdAt().toString());
        node.put("updatedAt", app.updatedAt().toString());
        node.put("version", app.version());
        schedule(node, app);
        return node;
    }

    /**
     * An application's schedule and state fields: {@code state} (new, up, late, down, paused, derived
     * now), {@code started}, the cron schedule ({@code cron} and {@code timezone}, null on a fixed
     * interval), the thresholds, {@code manualResume}, {@code parentId}, the {@code maintenance} windows
     * and {@code suppressed} (why the current outage's alerts are not sent, null when they are).
     */
    private void schedule(ObjectNode node, Application app) {
        node.put("state", BeatState.of(app, clock.instant()).wire());
        node.put("started", app.run().started());
        node.put("cron", app.rules().cron().map(c -> c.expression().text()).orElse(null));
        node.put("timezone", app.rules().cron().map(c -> c.zone().getId()).orElse(null));
        node.put("failureThreshold", app.rules().failureThreshold());
        node.put("recoveryThreshold", app.rules().recoveryThreshold());
        node.put("manualResume", app.rules().manualResume());
        node.put("parentId", app.rules().parentId().orElse(null));
        ArrayNode windows = node.putArray("maintenance");
        app.rules().maintenance().forEach(window -> windows.add(maintenanceWindow(window)));
        node.put("suppressed", app.run().suppressed().orElse(null));
    }

    ObjectNode maintenanceWindow(MaintenanceWindow window) {
        ObjectNode node = Json.object();
        switch (window) {
            case MaintenanceWindow.OneOff once -> node.put("start", once.start().toString()).put("end", once.end().toString());
            case MaintenanceWindow.Recurring every -> node.put("cron", every.cron().text())
                    .put("timezone", every.zone().getId()).put("durationMinutes", every.duration().toMinutes());
        }
        return node;
    }

    /**
     * A badge: its key, what it shows, and its URLs on the API's own address (or {@code PUBLIC_BASE_URL}):
     * {@code svg} (2-state), {@code svg3} (3-state), {@code json} and {@code shields} (a Shields.io endpoint).
     */
    ObjectNode badge(Badge badge, HttpRequest request) {
        ObjectNode node = Json.object();
        node.put("badgeKey", badge.key());
        switch (badge.subject()) {
            case Badge.OfApplication app -> node.put("applicationId", app.applicationId());
            case Badge.OfTag tag -> node.put("tag", tag.tag());
        }
        node.put("createdAt", badge.createdAt().toString());
        String base = publicBaseUrl.orElseGet(() -> "https://" + request.domainName().orElse("localhost")) + "/badge/" + badge.key();
        node.putObject("urls").put("svg", base + ".svg").put("svg3", base + ".svg?states=3").put("json", base + ".json")
                .put("shields", base + ".shields").put("uptimeSvg", base + "/uptime.svg").put("uptimeJson", base + "/uptime.json")
                .put("uptimeShields", base + "/uptime.shields");
        return node;
    }

    /** A miss that is unknown, not down: when, why, and what that means. */
    static ObjectNode unknownMiss(RunState.UnknownMiss miss) {
        return Json.object().put("since", miss.since().toString()).put("reason", miss.reason().wire())
                .put("explanation", miss.reason().explanation());
    }

    /**
     * A channel: secret settings only as their last four characters, and not at all for a caller that
     * may not see secrets (a read-only key).
     */
    ObjectNode channel(Channel channel, Caller caller) {
        ObjectNode node = Json.object();
        node.put("id", channel.id());
        node.put("type", channel.type().wire());
        node.put("name", channel.name());
        node.put("enabled", channel.enabled());
        node.put("default", channel.isDefault());
        node.put("escalation", channel.escalation());
        channel.repeatMinutes().ifPresentOrElse(m -> node.put("repeatMinutes", m), () -> node.putNull("repeatMinutes"));
        ObjectNode settings = node.putObject("settings");
        channel.settings().forEach(settings::put);
        if (caller.seesSecrets()) {
            channel.secretHints().forEach(settings::put);
        }
        node.put("createdAt", channel.createdAt().toString());
        node.put("updatedAt", channel.updatedAt().toString());
        node.put("version", channel.version());
        return node;
    }

    /**
     * A check: its definition with the plain part of its settings, which secret settings are set (with
     * their last four characters, but not for a caller that may not see secrets: a read-only key), its
     * confirmed status ({@code new} until its first run) and its latest result.
     */
    ObjectNode check(StoredCheck stored, Caller caller) {
        Check check = stored.check();
        ObjectNode node = Json.object();
        node.put("id", check.id());
        node.put("type", check.type());
        node.put("name", check.name());
        node.put("tier", check.tier().wire());
        node.set("settings", check.settings().deepCopy());
        ArrayNode secrets = node.putArray("secretSettings");
        stored.secretHints().forEach((name, hint) -> {
            ObjectNode secret = secrets.addObject().put("name", name);
            if (caller.seesSecrets()) {
                secret.put("hint", hint);
            }
        });
        ArrayNode conditions = node.putArray("conditions");
        check.conditions().forEach(c -> conditions.add(c.toString()));
        node.put("timeoutMs", check.timeout().toMillis());
        node.put("enabled", check.enabled());
        node.put("failureThreshold", check.failureThreshold());
        node.put("recoveryThreshold", check.recoveryThreshold());
        ArrayNode tags = node.putArray("tags");
        check.tags().forEach(tags::add);
        node.put("status", stored.runs() == 0 ? "new" : stored.state().confirmed().wire());
        node.set("latestResult", stored.latest().map(this::checkResult).orElse(null));
        node.put("lastRunAt", stored.lastRunAt().map(Instant::toString).orElse(null));
        node.put("createdAt", check.createdAt().toString());
        node.put("updatedAt", check.updatedAt().toString());
        node.put("version", check.version());
        return node;
    }

    /** One run's result: {@code status}, {@code latencyMs}, {@code details}, the {@code failed} conditions, {@code reason}, {@code at}. */
    ObjectNode checkResult(CheckResult result) {
        ObjectNode node = result.toJson();
        node.remove(List.of("checkId", "tenantId"));
        return node;
    }

    /** A tenant's threshold overrides: check type → condition texts. */
    ObjectNode thresholds(Map<String, List<String>> overrides) {
        ObjectNode node = Json.object();
        overrides.forEach((type, conditions) -> {
            ArrayNode list = node.putArray(type);
            conditions.forEach(list::add);
        });
        return node;
    }

    /** A tenant, its quiet hours in its own time zone. */
    ObjectNode tenant(Tenant tenant) {
        ObjectNode node = Json.object();
        node.put("id", tenant.id());
        node.put("name", tenant.name());
        node.put("timezone", tenant.timezone().getId());
        node.put("sweepIntervalMinutes", tenant.sweepIntervalMinutes());
        node.putObject("activeHours").put("start", tenant.activeHours().start().toString())
                .put("end", tenant.activeHours().end().toString());
        tenant.quietHours().ifPresentOrElse(q -> node.putObject("quietHours").put("start", q.start().toString())
                .put("end", q.end().toString()), () -> node.putNull("quietHours"));
        node.put("paused", tenant.paused());
        node.put("privateTargets", tenant.privateTargets());
        node.put("createdAt", tenant.createdAt().toString());
        node.put("updatedAt", tenant.updatedAt().toString());
        node.put("lastSweepAt", tenant.lastSweepAt().map(Instant::toString).orElse(null));
        node.put("nextSweepAt", tenant.nextSweepAt().map(Instant::toString).orElse(null));
        node.put("version", tenant.version());
        return node;
    }

    /** An API key as listed: its prefix, never the key. */
    ObjectNode apiKey(ApiKey key) {
        ObjectNode node = Json.object();
        node.put("id", key.id());
        node.put("tenantId", key.tenantId());
        node.put("name", key.name());
        node.put("role", key.role().wire());
        node.put("prefix", key.prefix());
        node.put("createdAt", key.createdAt().toString());
        node.put("lastUsedAt", key.lastUsedAt().map(Instant::toString).orElse(null));
        node.put("revokedAt", key.revokedAt().map(Instant::toString).orElse(null));
        return node;
    }

    private static void putSeconds(ObjectNode node, String field, Optional<java.time.Duration> value) {
        value.ifPresentOrElse(v -> node.put(field, v.toSeconds()), () -> node.putNull(field));
    }

    /**
     * One beat of the history: when and how it came, its signal ({@code success}, {@code start},
     * {@code fail}, {@code log}), exit code, run id and the run's measured duration, its body (as stored:
     * the first bytes up to the limit, {@code truncated} when cut) with its content type, and the
     * client's metadata (message, reported duration in seconds, metrics). Absent facts are {@code null}.
     */
    ObjectNode beat(HeartbeatLog.Beat beat) {
        ObjectNode node = Json.object();
        node.put("receivedAt", beat.receivedAt().toString());
        node.put("method", beat.method());
        node.put("sourceIp", beat.sourceIp().orElse(null));
        node.put("userAgent", beat.userAgent().orElse(null));
        BeatDetail detail = beat.detail();
        node.put("signal", detail.kind().wire());
        detail.exitCode().ifPresentOrElse(code -> node.put("exitCode", code), () -> node.putNull("exitCode"));
        node.put("rid", detail.rid().orElse(null));
        detail.durationMs().ifPresentOrElse(ms -> node.put("durationMs", ms), () -> node.putNull("durationMs"));
        node.put("body", detail.body().map(BeatDetail.Body::text).orElse(null));
        node.put("contentType", detail.body().flatMap(BeatDetail.Body::contentType).orElse(null));
        node.put("truncated", detail.body().map(BeatDetail.Body::truncated).orElse(false));
        node.put("msg", detail.message().orElse(null));
        detail.reportedSeconds().ifPresentOrElse(s -> node.put("reportedDurationSeconds", s),
                () -> node.putNull("reportedDurationSeconds"));
        ObjectNode metrics = node.putObject("metrics");
        detail.metrics().forEach(metrics::put);
        if (beat.coalesced() > 0) {
            node.put("coalesced", beat.coalesced());
        }
        return node;
    }

    ObjectNode notification(NotificationLog.Notification n) {
        ObjectNode node = Json.object();
        node.put("id", n.id());
        node.put("eventId", n.eventId());
        node.put("channel", n.channel());
        node.put("channelType", n.channelType());
        node.put("applicationId", n.applicationId());
        node.put("applicationName", n.applicationName());
        node.put("type", n.type());
        n.checkStatus().ifPresent(checkStatus -> node.put("checkStatus", checkStatus));
        node.put("status", n.status());
        node.put("error", n.error().orElse(null));
        n.httpStatus().ifPresent(code -> node.put("httpStatus", code));
        node.put("attempts", n.attempts());
        n.latencyMs().ifPresent(latency -> node.put("latencyMs", latency));
        node.put("createdAt", n.createdAt().toString());
        node.put("updatedAt", n.updatedAt().toString());
        return node;
    }

    /** An alert record; its event ids are its deliveries' keys ({@link #alertWithDeliveries} joins them). */
    ObjectNode alert(AlertStore.Alert alert) {
        ObjectNode node = Json.object();
        node.put("id", alert.id());
        node.put("tenantId", alert.tenantId());
        node.put("subject", alert.subject());
        node.put("kind", alert.kind());
        node.put("name", alert.name());
        node.put("openedBy", alert.openedBy());
        node.put("severity", alert.severity().wire());
        node.put("status", alert.status().wire());
        node.put("occurrences", alert.occurrences());
        node.put("openedAt", alert.openedAt().toString());
        node.put("lastSeenAt", alert.lastSeenAt().toString());
        node.put("acknowledgedAt", alert.acknowledgedAt().map(Instant::toString).orElse(null));
        node.put("acknowledgedBy", alert.acknowledgedBy().orElse(null));
        node.put("resolvedAt", alert.resolvedAt().map(Instant::toString).orElse(null));
        node.put("resolvedBy", alert.resolvedBy().orElse(null));
        ArrayNode events = node.putArray("eventIds");
        alert.eventIds().forEach(events::add);
        node.put("suppressed", alert.suppressed().orElse(null));
        return node;
    }

    /** An alert record with the delivery records of its events, oldest first. */
    ObjectNode alertWithDeliveries(AlertStore.Alert alert, List<NotificationLog.Notification> deliveries) {
        ObjectNode node = alert(alert);
        ArrayNode shown = node.putArray("deliveries");
        deliveries.forEach(delivery -> shown.add(notification(delivery)));
        return node;
    }
}
