package dev.vigil.statuspage;

import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.domain.BeatState;
import dev.vigil.domain.ComponentHealth;
import dev.vigil.domain.ComponentRef;
import dev.vigil.domain.Incident;
import dev.vigil.domain.Maintenance;
import dev.vigil.domain.Slugs;
import dev.vigil.domain.StatusPage;
import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Priming;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.StatusPageStore;
import dev.vigil.wiring.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public status pages, with no key: {@code GET /status/{slug}} (HTML; {@code /status/<slug>.json} for
 * the same as JSON) and {@code GET /status/{slug}/feed.atom} (the incidents as an Atom feed). Each answer may
 * be cached for {@value #MAX_AGE_SECONDS} s by browsers and shared caches. The page shows the incidents of the
 * last {@value #RECENT_DAYS} days; {@code ?before=<instant>} shows older ones (the archive). A component's
 * health comes from its application's beat state or its check's confirmed status, and reads "maintenance"
 * while a maintenance notice covers it. Only display names are shown: never an internal name, id, UUID or
 * ping URL. The HTML carries the dashboard's Content-Security-Policy: no script, no inline style; its stylesheet is
 * {@code GET /status/assets/status.css}.
 */
public final class StatusPageHandler extends HttpFunction implements Priming.Primed {
    static final int MAX_AGE_SECONDS = 30;
    static final long RECENT_DAYS = 90;
    static final int MAX_INCIDENTS = 50;
    static final String CACHE_CONTROL = "public, max-age=" + MAX_AGE_SECONDS;
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String JSON_SUFFIX = ".json";
    /** The pages' stylesheet, bundled in this function's jar: the same for every page, cacheable for a day. */
    static final String STYLESHEET_PATH = "/status/assets/status.css";
    static final String STYLESHEET_ROUTE = "GET " + STYLESHEET_PATH;
    private static final String STYLESHEET = stylesheet();

    private final StatusPageStore pages;
    private final ApplicationStore applications;
    private final CheckStore checks;
    private final Clock clock;

    /** On Lambda: the tables from the environment. */
    public StatusPageHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    /** The pages in {@code STATUS_PAGES_TABLE}, the applications and checks in their tables. */
    public StatusPageHandler(Platform platform) {
        this.pages = new StatusPageStore(platform.dynamo(), platform.env().require(StatusPageStore.TABLE_SETTING));
        this.applications = platform.tables().applications();
        this.checks = CheckTables.from(platform.env(), platform.dynamo()).checks();
        this.clock = platform.clock();
    }

    /** A page nobody has: one read of its slug's guard item, 404. */
    @Override
    public void prime() {
        primeWith("GET", "GET /status/{slug}", "/status/priming", "{\"slug\":\"priming\"}");
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (request.routeKey().equals(STYLESHEET_ROUTE)) {
            return publicAnswer(new HttpResponse(200, Map.of("content-type", "text/css; charset=utf-8"), STYLESHEET))
                    .withHeader("cache-control", "public, max-age=86400");
        }
        String given = request.pathParam("slug").orElse("");
        boolean json = request.routeKey().equals("GET /status/{slug}") && given.endsWith(JSON_SUFFIX);
        String slug = json ? given.substring(0, given.length() - JSON_SUFFIX.length()) : given;
        Optional<Instant> before;
        try {
            before = request.queryParam("before").map(Instant::parse);
        } catch (DateTimeParseException e) {
            return publicAnswer(HttpResponse.error(400, "before must be an ISO-8601 instant such as 2026-11-30T10:00:00Z"));
        }
        Optional<StatusPage> page = Slugs.isValid(slug) ? pages.findBySlug(slug) : Optional.empty();
        if (page.isEmpty()) {
            return publicAnswer(HttpResponse.error(404, "no status page here"));
        }
        PublicStatus status = shown(page.get(), before);
        return switch (request.routeKey()) {
            case "GET /status/{slug}/feed.atom" -> publicAnswer(new HttpResponse(200,
                    Map.of("content-type", "application/atom+xml; charset=utf-8"), StatusPageView.atom(status, origin(request))));
            default -> json ? publicAnswer(HttpResponse.json(200, StatusPageView.json(status)))
                    : publicAnswer(new HttpResponse(200, Map.of("content-type", "text/html; charset=utf-8"), StatusPageView.html(status)));
        };
    }

    /** What the public sees of {@code page} now: incidents of the last days, or those before {@code before}. */
    PublicStatus shown(StatusPage page, Optional<Instant> before) {
        Instant now = clock.instant();
        Instant recent = now.minus(Duration.ofDays(RECENT_DAYS));
        List<Maintenance> notices = pages.listMaintenances(page.tenantId()).stream()
                .filter(m -> m.end().isAfter(now) && m.affected().stream().anyMatch(ref -> page.displayName(ref).isPresent()))
                .sorted(Comparator.comparing(Maintenance::start)).toList();
        List<PublicStatus.Group> groups = page.groups().stream().map(group -> new PublicStatus.Group(group.name(),
                group.components().stream().map(c -> new PublicStatus.Component(c.displayName(),
                        health(page.tenantId(), c.ref(), now).during(notices.stream().anyMatch(m -> m.covers(c.ref(), now)))))
                        .toList())).toList();
        List<Incident> incidents = pages.incidents(page.tenantId(), before.or(() -> Optional.of(now)),
                before.isPresent() ? Optional.empty() : Optional.of(recent), MAX_INCIDENTS, Optional.empty()).items().stream()
                .filter(incident -> incident.affected().isEmpty()
                        || incident.affected().stream().anyMatch(ref -> page.displayName(ref).isPresent())).toList();
        boolean older = before.isEmpty() || incidents.size() == MAX_INCIDENTS;
        Optional<Instant> olderBefore = !older ? Optional.empty()
                : before.isEmpty() ? Optional.of(recent) : Optional.of(incidents.getLast().createdAt());
        List<ComponentHealth> all = groups.stream().flatMap(g -> g.components().stream()).map(PublicStatus.Component::health).toList();
        return new PublicStatus(page.slug(), page.title(), page.logoUrl(), ComponentHealth.overall(all), now, groups,
                incidents.stream().map(incident -> shown(page, incident)).toList(),
                notices.stream().map(m -> new PublicStatus.Notice(m.title(), m.message(), m.start(), m.end(), m.activeAt(now),
                        names(page, m.affected()))).toList(), before.isPresent(), olderBefore);
    }

    private static PublicStatus.Incident shown(StatusPage page, Incident incident) {
        return new PublicStatus.Incident(incident.title(), incident.status().wire(), incident.createdAt(), incident.resolvedAt(),
                names(page, incident.affected()), incident.updates().stream()
                .map(u -> new PublicStatus.Update(u.at(), u.status().wire(), u.message())).toList());
    }

    /** The display names, on this page, of the components that {@code refs} name; those it does not show are left out. */
    private static List<String> names(StatusPage page, List<ComponentRef> refs) {
        List<String> names = new ArrayList<>();
        refs.forEach(ref -> page.displayName(ref).ifPresent(names::add));
        return names;
    }

    /** A component's health now; one that no longer exists (deleted since the page was saved) reads as down. */
    private ComponentHealth health(String tenantId, ComponentRef ref, Instant now) {
        return switch (ref.kind()) {
            case APPLICATION -> applications.findById(ref.id()).filter(app -> app.tenantId().equals(tenantId))
                    .map(app -> ComponentHealth.ofBeat(BeatState.of(app, now))).orElse(ComponentHealth.DOWN);
            case CHECK -> checks.find(tenantId, ref.id()).map(check -> switch (check.state().confirmed()) {
                case HEALTHY -> ComponentHealth.OPERATIONAL;
                case DEGRADED -> ComponentHealth.DEGRADED;
                case UNHEALTHY -> ComponentHealth.DOWN;
                case UNKNOWN -> ComponentHealth.DEGRADED;
            }).orElse(ComponentHealth.DOWN);
        };
    }

    private static String stylesheet() {
        try (InputStream in = StatusPageHandler.class.getResourceAsStream("/status.css")) {
            if (in == null) {
                throw new IllegalStateException("status.css is not in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String origin(HttpRequest request) {
        return "https://" + request.header("host").filter(host -> host.matches("[A-Za-z0-9.:-]{1,253}")).orElse("localhost");
    }

    private static HttpResponse publicAnswer(HttpResponse response) {
        return response.withHeader("cache-control", CACHE_CONTROL).withHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .withHeader("x-content-type-options", "nosniff").withHeader("referrer-policy", "no-referrer")
                .withHeader("x-frame-options", "DENY");
    }
}
