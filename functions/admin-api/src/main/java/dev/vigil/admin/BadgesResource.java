package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.store.StoredCheck;
import dev.vigil.domain.Application;
import dev.vigil.domain.Badge;
import dev.vigil.domain.BeatState;
import dev.vigil.domain.BucketCounts;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.TagFilter;
import dev.vigil.domain.Tags;
import dev.vigil.domain.Uptime;
import dev.vigil.domain.UptimePlan;
import dev.vigil.runtime.Bounded;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.store.BadgeStore;
import dev.vigil.store.RollupStore;
import dev.vigil.store.TenantStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Status badges. A tenant's key issues, shows and revokes the badge of one of its applications
 * ({@code /api/applications/{id}/badge}) or of a tag ({@code /api/tags/{tag}/badge}); issuing is
 * idempotent (the subject's badge, 201 when new, 200 when it had one). Anyone with the badge's key
 * reads it at {@code GET /badge/{badgeKey}.svg}, {@code .json} or {@code .shields} (public, cached
 * {@value #MAX_AGE_SECONDS} s): the key is random and names only this badge, and what a badge shows is
 * its label (the application's name or the tag), its state and, in JSON, how many of each state it counted.
 *
 * <p>The same key also reads the badge's uptime at {@code GET /badge/{badgeKey}/uptime.svg}, {@code .json} or
 * {@code .shields} ({@code ?window=24h|30d|1y}, default {@value #DEFAULT_WINDOW}; see {@link UptimeBadge}),
 * read from the uptime rollups as {@code GET /api/applications/{id}/uptime} reads them. A tag's uptime is
 * that of everything its badge counts, the tenant's applications and checks with the tag, combined: their
 * time up summed over their monitored time summed, not the mean of their percentages, so a subject
 * watched for a day weighs a day and one watched for a month a month.
 */
final class BadgesResource {
    private static final Log LOG = Log.of(BadgesResource.class);
    static final int MAX_AGE_SECONDS = 60;
    private static final String CACHE = "public, max-age=" + MAX_AGE_SECONDS;
    private static final String FORMATS = "a badge URL is /badge/<badge key>.svg, .json or .shields";
    static final String DEFAULT_WINDOW = "30d";
    /** A tag's subjects read at once. */
    static final int READ_CONCURRENCY = 12;

    /** The forms a badge is served in. */
    enum Format { SVG, JSON, SHIELDS }

    private final BadgeStore badges;
    private final RollupStore rollups;
    private final TenantStore tenants;
    private final TenantInventory inventory;
    private final Render render;
    private final Clock clock;

    BadgesResource(BadgeStore badges, RollupStore rollups, TenantStore tenants, TenantInventory inventory, Render render,
                   Clock clock) {
        this.badges = badges;
        this.rollups = rollups;
        this.tenants = tenants;
        this.inventory = inventory;
        this.render = render;
        this.clock = clock;
    }

    HttpResponse issueForApplication(HttpRequest request, Caller caller) {
        return application(request, caller).map(id -> issue(request, caller, new Badge.OfApplication(id)))
                .orElseGet(() -> noApplication(request));
    }

    HttpResponse getForApplication(HttpRequest request, Caller caller) {
        return application(request, caller).map(id -> shown(request, caller, new Badge.OfApplication(id)))
                .orElseGet(() -> noApplication(request));
    }

    HttpResponse revokeForApplication(HttpRequest request, Caller caller) {
        return application(request, caller).map(id -> revoke(caller, new Badge.OfApplication(id)))
                .orElseGet(() -> noApplication(request));
    }

    HttpResponse issueForTag(HttpRequest request, Caller caller) {
        return issue(request, caller, new Badge.OfTag(tag(request)));
    }

    HttpResponse getForTag(HttpRequest request, Caller caller) {
        return shown(request, caller, new Badge.OfTag(tag(request)));
    }

    HttpResponse revokeForTag(HttpRequest request, Caller caller) {
        return revoke(caller, new Badge.OfTag(tag(request)));
    }

    /**
     * {@code GET /badge/{badge}}: the badge whose key {@code {badge}} names, before its format's suffix.
     * {@code ?states=2} (the default of SVG and Shields) shows a late subject as up, {@code ?states=3}
     * shows it late; the JSON status is always one of up, late and down (or paused or new, for an
     * application that is).
     */
    HttpResponse serve(HttpRequest request) {
        String name = request.pathParam("badge").orElse("");
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return HttpResponse.error(404, "no such badge: " + FORMATS);
        }
        String format = name.substring(dot + 1);
        if (!List.of("svg", "json", "shields").contains(format)) {
            return HttpResponse.error(404, "no such badge: " + FORMATS);
        }
        boolean threeState;
        String states = request.queryParam("states").orElse("2");
        switch (states) {
            case "2" -> threeState = false;
            case "3" -> threeState = true;
            default -> {
                return HttpResponse.error(400, "states must be 2 (up or down) or 3 (up, late or down)");
            }
        }
        if (format.equals("json") && request.queryParam("format").filter("shields"::equals).isPresent()) {
            format = "shields";
        }
        Optional<Badge> badge = badges.find(name.substring(0, dot));
        Optional<View> view = badge.flatMap(this::view);
        if (view.isEmpty()) {
            return HttpResponse.error(404, "no such badge");
        }
        View shown = view.get();
        return switch (format) {
            case "svg" -> new HttpResponse(200, Map.of("content-type", "image/svg+xml", "cache-control", CACHE),
                    BadgeImage.svg(shown.label(), BadgeImage.message(shown.state(), threeState)));
            case "shields" -> HttpResponse.json(200, BadgeImage.shields(shown.label(), BadgeImage.message(shown.state(), threeState)))
                    .withHeader("cache-control", CACHE);
            default -> HttpResponse.json(200, json(shown)).withHeader("cache-control", CACHE);
        };
    }

    /**
     * {@code GET /badge/{badge}/uptime.svg}, {@code .json} or {@code .shields} (the route names the format;
     * {@code .json?format=shields} is the Shields.io document too): the uptime of the badge whose key
     * {@code {badge}} is over {@code ?window=}; 400 for another window, 404 for a key nobody holds.
     */
    HttpResponse serveUptime(HttpRequest request, Format format) {
        String window = request.queryParam("window").orElse(DEFAULT_WINDOW);
        Duration length = UptimeResource.STANDING.get(window);
        if (length == null) {
            return HttpResponse.error(400, "window must be one of " + String.join(", ", UptimeResource.STANDING.keySet())
                    + " (default " + DEFAULT_WINDOW + ")");
        }
        if (format == Format.JSON && request.queryParam("format").filter("shields"::equals).isPresent()) {
            format = Format.SHIELDS;
        }
        Instant now = clock.instant();
        UptimePlan plan = UptimePlan.of(now.minus(length), now, now);
        Optional<Combined> combined = badges.find(request.pathParam("badge").orElse("")).flatMap(this::subjects)
                .map(subjects -> combined(subjects, plan, now));
        if (combined.isEmpty()) {
            return HttpResponse.error(404, "no such badge");
        }
        Uptime uptime = combined.get().uptime();
        UptimeBadge shown = UptimeBadge.of(window, uptime);
        return switch (format) {
            case SVG -> new HttpResponse(200, Map.of("content-type", "image/svg+xml", "cache-control", CACHE),
                    BadgeImage.svg(shown.label(), shown.message(), shown.colour()));
            case SHIELDS -> HttpResponse.json(200, BadgeImage.shields(shown.label(), shown.message(), shown.colour()))
                    .withHeader("cache-control", CACHE);
            case JSON -> HttpResponse.json(200, uptimeJson(shown, uptime, combined.get().subjects()))
                    .withHeader("cache-control", CACHE);
        };
    }

    /** A badge's uptime over a window, and how many subjects it combined. */
    private record Combined(Uptime uptime, int subjects) {
    }

    /** A rollup subject a badge counts, with its maintenance windows (an application's; a check has none). */
    private record Subject(String key, List<MaintenanceWindow> windows) {
    }

    /**
     * The rollup subjects a badge counts: its application, or the tenant's applications and checks that
     * carry its tag; none when its application, or its tenant, is gone.
     */
    private Optional<List<Subject>> subjects(Badge badge) {
        return switch (badge.subject()) {
            case Badge.OfApplication app -> inventory.application(badge.tenantId(), app.applicationId())
                    .map(found -> List.of(new Subject(RollupStore.application(found.id()), found.rules().maintenance())));
            case Badge.OfTag tag -> tenants.find(badge.tenantId()).map(tenant -> {
                TagFilter filter = new TagFilter(List.of(tag.tag()));
                List<Subject> subjects = new ArrayList<>();
                inventory.applications(badge.tenantId(), filter)
                        .forEach(app -> subjects.add(new Subject(RollupStore.application(app.id()), app.rules().maintenance())));
                inventory.checks(badge.tenantId(), filter)
                        .forEach(check -> subjects.add(new Subject(RollupStore.check(check.check().id()), List.of())));
                return subjects;
            });
        };
    }

    /**
     * The uptime of {@code subjects} together: every subject's buckets of {@code plan}, read up to now as the
     * uptime routes read them (an application's time inside its maintenance windows is maintenance time, also
     * in the live span), {@value #READ_CONCURRENCY} subjects at a time, summed by {@link Uptime#of} into one
     * figure (sum of up over sum of monitored).
     */
    private Combined combined(List<Subject> subjects, UptimePlan plan, Instant now) {
        List<List<BucketCounts>> reads = Bounded.map(subjects, READ_CONCURRENCY,
                subject -> rollups.readUpTo(subject.key(), plan.buckets(), now, subject.windows()).counts());
        List<BucketCounts> read = new ArrayList<>();
        reads.forEach(read::addAll);
        return new Combined(Uptime.of(plan, read), subjects.size());
    }

    /**
     * {@code {"label", "message", "color", "window", "uptime", "from", "to", "monitoredSeconds",
     * "downtimeMinutes", "subjects"}}: {@code uptime} the exact share (null with no data).
     */
    private static ObjectNode uptimeJson(UptimeBadge shown, Uptime uptime, int subjects) {
        ObjectNode node = Json.object().put("label", shown.label()).put("message", shown.message())
                .put("color", shown.colour().shields()).put("window", shown.window());
        uptime.ratio().ifPresentOrElse(ratio -> node.put("uptime", ratio), () -> node.putNull("uptime"));
        return node.put("from", uptime.from().toString()).put("to", uptime.to().toString())
                .put("monitoredSeconds", uptime.monitoredMillis() / 1000).put("downtimeMinutes", uptime.downtimeMinutes())
                .put("subjects", subjects);
    }

    /** What a badge shows: its label, the state that decides it, and what it counted. */
    record View(String label, BeatState state, BadgeTally tally) {
    }

    /** The view of {@code badge} now; none when its application, or its tenant, is gone. */
    private Optional<View> view(Badge badge) {
        Instant now = clock.instant();
        return switch (badge.subject()) {
            case Badge.OfApplication app -> inventory.application(badge.tenantId(), app.applicationId()).map(found -> {
                BeatState state = BeatState.of(found, now);
                return new View(found.name(), state, BadgeTally.EMPTY.plus(state));
            });
            case Badge.OfTag tag -> tenants.find(badge.tenantId()).map(tenant -> tagView(badge.tenantId(), tag.tag(), now));
        };
    }

    /** The worst state of the tenant's applications and checks that carry {@code tag}. */
    private View tagView(String tenantId, String tag, Instant now) {
        TagFilter filter = new TagFilter(List.of(tag));
        BadgeTally tally = BadgeTally.EMPTY;
        for (Application app : inventory.applications(tenantId, filter)) {
            tally = tally.plus(BeatState.of(app, now));
        }
        for (StoredCheck check : inventory.checks(tenantId, filter)) {
            tally = tally.plus(BadgeTally.stateOf(check.state().confirmed(), check.runs() > 0));
        }
        return new View(tag, tally.worst(), tally);
    }

    /** {@code {"status", "label", "total", "up", "late", "down", "paused", "new"}}. */
    private static ObjectNode json(View view) {
        BadgeTally tally = view.tally();
        String status = view.state() == BeatState.PAUSED || view.state() == BeatState.NEW ? view.state().wire()
                : BadgeImage.message(view.state(), true);
        return Json.object().put("status", status).put("label", view.label()).put("total", tally.total())
                .put("up", tally.up()).put("late", tally.late()).put("down", tally.down()).put("paused", tally.paused())
                .put("new", tally.fresh());
    }

    private HttpResponse issue(HttpRequest request, Caller caller, Badge.Subject subject) {
        BadgeStore.Issued issued = badges.issue(Badge.issue(caller.tenantId(), subject, clock.instant()));
        if (issued.created()) {
            LOG.info("Badge issued", "tenantId", caller.tenantId(), "subject", subject.text());
        }
        return HttpResponse.json(issued.created() ? 201 : 200, render.badge(issued.badge(), request));
    }

    private HttpResponse shown(HttpRequest request, Caller caller, Badge.Subject subject) {
        return badges.findFor(caller.tenantId(), subject).map(badge -> HttpResponse.json(200, render.badge(badge, request)))
                .orElseGet(() -> HttpResponse.error(404, "no badge issued for " + describe(subject) + "; POST to issue one"));
    }

    private HttpResponse revoke(Caller caller, Badge.Subject subject) {
        if (!badges.revoke(caller.tenantId(), subject)) {
            return HttpResponse.error(404, "no badge issued for " + describe(subject));
        }
        LOG.info("Badge revoked", "tenantId", caller.tenantId(), "subject", subject.text());
        return HttpResponse.empty(204);
    }

    private static String describe(Badge.Subject subject) {
        return switch (subject) {
            case Badge.OfApplication app -> "application " + app.applicationId();
            case Badge.OfTag tag -> "tag '" + tag.tag() + "'";
        };
    }

    /** The application id of the path, if the caller's tenant has that application. */
    private Optional<String> application(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.APPLICATION).flatMap(id -> inventory.application(caller.tenantId(), id)).map(Application::id);
    }

    /** The tag of the path, decoded; 400 if it is no tag. */
    private static String tag(HttpRequest request) {
        String raw = request.pathParam("tag").orElse("");
        try {
            return Tags.tag(URLDecoder.decode(raw, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("the tag in the path is not a tag");
        }
    }

    private static HttpResponse noApplication(HttpRequest request) {
        return HttpResponse.error(404, "no application with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
