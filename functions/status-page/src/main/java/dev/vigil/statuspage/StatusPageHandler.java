package dev.vigil.statuspage;

import dev.vigil.checks.store.CheckStore;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.domain.Application;
import dev.vigil.domain.BeatState;
import dev.vigil.domain.ComponentHealth;
import dev.vigil.domain.ComponentRef;
import dev.vigil.domain.Incident;
import dev.vigil.domain.Maintenance;
import dev.vigil.domain.MaintenanceWindow;
import dev.vigil.domain.Slugs;
import dev.vigil.domain.StatusPage;
import dev.vigil.runtime.Bounded;
import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Priming;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.RollupStore;
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
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The public status pages, with no key: {@code GET /status/{slug}} (HTML; {@code /status/<slug>.json} for
 * the same as JSON) and {@code GET /status/{slug}/feed.atom} (the incidents as an Atom feed). Each answer may
 * be cached for {@value #MAX_AGE_SECONDS} s by browsers and shared caches. The page shows the incidents of the
 * last {@value #RECENT_DAYS} days; {@code ?before=<instant>} shows older ones (the archive). A component's
 * health comes from its application's beat state or its check's confirmed status, and reads "maintenance"
 * while a maintenance notice covers it or, for an application, while it is inside one of its own maintenance
 * windows. The components are read {@value #READ_CONCURRENCY} at a time, shown in the page's order. Only display names are shown: never an internal name, id, UUID or
 * ping URL. The HTML carries the dashboard's Content-Security-Policy: no script, no inline style; its stylesheet is
 * {@code GET /status/assets/status.css}. Each component shows its uptime figures and a bar of its last 90 days
 * ({@link UptimeBars}, from the rollups).
 *
 * <p>Each live rendering is kept as the page's last-good snapshot, in memory and (at most once per
 * {@link #SNAPSHOT_EVERY}) in the pages' table. A snapshot younger than {@code STATUS_PAGE_CACHE_SECONDS} (30 s by
 * default) is served as it is, without reading again; when the live reads fail, the newest snapshot at hand is
 * served, marked stale and saying as of when; with none, a plain 503 that caches do not keep.
 */
public final class StatusPageHandler extends HttpFunction implements Priming.Primed {
    static final int MAX_AGE_SECONDS = 30;
    static final long RECENT_DAYS = 90;
    static final int MAX_INCIDENTS = 50;
    /** Components read at once (each its application or check, its rollups' watermark and buckets); results keep the page's order. */
    static final int READ_CONCURRENCY = 8;
    /** Caches may serve a copy a little past its age while they fetch a new one, and for a day when this function fails. */
    static final String CACHE_CONTROL = "public, max-age=" + MAX_AGE_SECONDS + ", stale-while-revalidate=" + MAX_AGE_SECONDS
            + ", stale-if-error=86400";
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final String JSON_SUFFIX = ".json";
    /** The pages' stylesheet, bundled in this function's jar: the same for every page, cacheable for a day. */
    static final String STYLESHEET_PATH = "/status/assets/status.css";
    static final String STYLESHEET_ROUTE = "GET " + STYLESHEET_PATH;
    private static final String STYLESHEET = stylesheet();

    /** How often, at most, a page's snapshot is stored (per page, whatever the number of containers). */
    static final Duration SNAPSHOT_EVERY = Duration.ofSeconds(60);
    /** The setting of how young a snapshot is served as it is, without reading again: seconds, 30 by default, 0 never. */
    static final String CACHE_SETTING = "STATUS_PAGE_CACHE_SECONDS";
    private static final Log LOG = Log.of(StatusPageHandler.class);

    private final StatusPageStore pages;
    private final ApplicationStore applications;
    private final CheckStore checks;
    private final RollupStore rollups;
    private final Clock clock;
    private final Duration fresh;
    /** This container's last-good rendering of each page it served, by slug. */
    private final Map<String, PublicStatus> lastGood = new ConcurrentHashMap<>();
    /** The stored snapshot last read of each page, by slug: a fallback should a later read of this request fail. */
    private final Map<String, StatusPageStore.Snapshot> storedSnapshots = new ConcurrentHashMap<>();

    /** On Lambda: the tables from the environment. */
    public StatusPageHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    /** The pages in {@code STATUS_PAGES_TABLE}, the applications and checks in their tables, the uptime rollups in {@code UPTIME_TABLE}. */
    public StatusPageHandler(Platform platform) {
        this.pages = new StatusPageStore(platform.dynamo(), platform.env().require(StatusPageStore.TABLE_SETTING));
        this.applications = platform.tables().applications();
        this.checks = CheckTables.from(platform.env(), platform.dynamo()).checks();
        this.rollups = new RollupStore(platform.dynamo(), platform.env().require(RollupStore.TABLE_SETTING));
        this.clock = platform.clock();
        long seconds = platform.env().getLong(CACHE_SETTING, MAX_AGE_SECONDS);
        if (seconds < 0) {
            throw new IllegalStateException(CACHE_SETTING + " must be a number of seconds, 0 or more");
        }
        this.fresh = Duration.ofSeconds(seconds);
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
        if (!Slugs.isValid(slug)) {
            return publicAnswer(HttpResponse.error(404, "no status page here"));
        }
        Optional<Served> served;
        try {
            served = before.isPresent() ? pages.findBySlug(slug).map(page -> new Served(shown(page, before), false)) : current(slug);
        } catch (SdkException unavailable) {
            LOG.warn("status page data unavailable", "slug", slug, "error", unavailable.getClass().getSimpleName());
            served = before.isPresent() ? Optional.empty() : lastGood(slug);
            if (served.isEmpty()) {
                return unavailable(request, json);
            }
        }
        if (served.isEmpty()) {
            return publicAnswer(HttpResponse.error(404, "no status page here"));
        }
        PublicStatus status = served.get().status();
        boolean stale = served.get().stale();
        return switch (request.routeKey()) {
            case "GET /status/{slug}/feed.atom" -> publicAnswer(new HttpResponse(200,
                    Map.of("content-type", "application/atom+xml; charset=utf-8"), StatusPageView.atom(status, origin(request))));
            default -> json ? publicAnswer(HttpResponse.json(200, StatusPageView.json(status, stale)))
                    : publicAnswer(new HttpResponse(200, Map.of("content-type", "text/html; charset=utf-8"), StatusPageView.html(status, stale)));
        };
    }

    /** A page's status as served: live (or a snapshot younger than the cache's freshness), or stale. */
    record Served(PublicStatus status, boolean stale) {
    }

    /**
     * The page at {@code slug} now. A snapshot younger than {@link #fresh} (this container's, else the stored one) is
     * served as it is, without reading the page's data again; otherwise the page is read and rendered, kept in memory
     * as its last-good snapshot and stored as such when the stored one is older than {@link #SNAPSHOT_EVERY}. Throws
     * what the store throws when a read fails; empty when there is no page at {@code slug}.
     */
    private Optional<Served> current(String slug) {
        Instant now = clock.instant();
        PublicStatus kept = lastGood.get(slug);
        if (kept != null && youngerThan(kept.at(), fresh, now)) {
            return Optional.of(new Served(kept, false));
        }
        Optional<StatusPageStore.Snapshot> stored = pages.findSnapshot(slug);
        stored.ifPresentOrElse(snapshot -> storedSnapshots.put(slug, snapshot), () -> storedSnapshots.remove(slug));
        Optional<PublicStatus> storedStatus = stored.filter(snapshot -> youngerThan(snapshot.asOf(), fresh, now))
                .flatMap(snapshot -> Snapshots.read(snapshot.document()));
        if (storedStatus.isPresent()) {
            lastGood.put(slug, storedStatus.get());
            return Optional.of(new Served(storedStatus.get(), false));
        }
        Optional<StatusPage> page = pages.findBySlug(slug);
        if (page.isEmpty()) {
            lastGood.remove(slug);
            storedSnapshots.remove(slug);
            return Optional.empty();
        }
        PublicStatus status = shown(page.get(), Optional.empty());
        lastGood.put(slug, status);
        if (stored.isEmpty() || !youngerThan(stored.get().asOf(), SNAPSHOT_EVERY, status.at())) {
            keep(status);
        }
        return Optional.of(new Served(status, false));
    }

    /**
     * When the live reads failed: the newest snapshot of the page at hand, this container's or the one last read from
     * the store, or (if this container has neither) the stored one, if it can be read. Empty when there is none.
     */
    private Optional<Served> lastGood(String slug) {
        Optional<PublicStatus> kept = Optional.ofNullable(lastGood.get(slug));
        Optional<StatusPageStore.Snapshot> storedRead = Optional.ofNullable(storedSnapshots.get(slug));
        if (kept.isEmpty() && storedRead.isEmpty()) {
            try {
                storedRead = pages.findSnapshot(slug);
            } catch (SdkException alsoUnavailable) {
                storedRead = Optional.empty();
            }
        }
        Optional<PublicStatus> stored = storedRead.flatMap(snapshot -> Snapshots.read(snapshot.document()));
        Optional<PublicStatus> newest = kept.isEmpty() ? stored
                : stored.filter(s -> s.at().isAfter(kept.get().at())).or(() -> kept);
        return newest.map(status -> new Served(status, true));
    }

    /** Stores {@code status} as the page's snapshot, unless another container stored a newer one; best effort. */
    private void keep(PublicStatus status) {
        try {
            pages.saveSnapshot(status.slug(), status.at(), Snapshots.write(status), status.at().minus(SNAPSHOT_EVERY));
        } catch (SdkException e) {
            LOG.warn("status page snapshot not stored", "slug", status.slug(), "error", e.getClass().getSimpleName());
        }
    }

    private static boolean youngerThan(Instant at, Duration age, Instant now) {
        return at.plus(age).isAfter(now) && !at.isAfter(now.plus(age));
    }

    /** No data and no snapshot: a plain 503, never cached, so that a cache in front keeps serving its last copy. */
    private static HttpResponse unavailable(HttpRequest request, boolean json) {
        String message = "This status page is temporarily unavailable. Please try again in a minute.";
        HttpResponse response = json || request.routeKey().equals("GET /status/{slug}/feed.atom") ? HttpResponse.error(503, message)
                : new HttpResponse(503, Map.of("content-type", "text/html; charset=utf-8"), "<!doctype html>\n<html lang=\"en\">\n"
                        + "<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        + "<title>Status temporarily unavailable</title>\n<link rel=\"stylesheet\" href=\"" + STYLESHEET_PATH + "\">\n"
                        + "</head>\n<body class=\"status-page\">\n<main>\n<h1>Status temporarily unavailable</h1>\n<p>" + message
                        + "</p>\n</main>\n</body>\n</html>\n");
        return publicAnswer(response).withHeader("cache-control", "no-store").withHeader("retry-after", "60");
    }

    /** What the public sees of {@code page} now: incidents of the last days, or those before {@code before}. */
    PublicStatus shown(StatusPage page, Optional<Instant> before) {
        Instant now = clock.instant();
        Instant recent = now.minus(Duration.ofDays(RECENT_DAYS));
        List<Maintenance> notices = pages.listMaintenances(page.tenantId()).stream()
                .filter(m -> m.end().isAfter(now) && m.affected().stream().anyMatch(ref -> page.displayName(ref).isPresent()))
                .sorted(Comparator.comparing(Maintenance::start)).toList();
        UptimeBars.Reading reading = UptimeBars.reading(now);
        List<StatusPage.Shown> shown = page.components().toList();
        List<PublicStatus.Component> read = Bounded.map(shown, READ_CONCURRENCY,
                component -> component(page.tenantId(), component, notices, reading, now));
        List<PublicStatus.Group> groups = new ArrayList<>();
        int first = 0;
        for (StatusPage.Group group : page.groups()) {
            int last = first + group.components().size();
            groups.add(new PublicStatus.Group(group.name(), List.copyOf(read.subList(first, last))));
            first = last;
        }
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

    /**
     * A component as the page shows it now: its health (maintenance while a notice covers it) and its uptime figures and day
     * bar, in one set of batched reads of its rollups. An application inside one of its own maintenance windows shows
     * maintenance too, and its live span counts the window's part as maintenance time, as its uptime route does.
     */
    private PublicStatus.Component component(String tenantId, StatusPage.Shown shown, List<Maintenance> notices,
                                             UptimeBars.Reading reading, Instant now) {
        ComponentRef ref = shown.ref();
        boolean noticed = notices.stream().anyMatch(m -> m.covers(ref, now));
        return switch (ref.kind()) {
            case APPLICATION -> {
                Optional<Application> app = applications.findById(ref.id()).filter(found -> found.tenantId().equals(tenantId));
                List<MaintenanceWindow> windows = app.map(found -> found.rules().maintenance()).orElse(List.of());
                ComponentHealth health = app.map(found -> health(found, now)).orElse(ComponentHealth.DOWN);
                yield new PublicStatus.Component(shown.displayName(), health.during(noticed),
                        uptime(RollupStore.application(ref.id()), windows, reading, now));
            }
            case CHECK -> {
                ComponentHealth health = checks.find(tenantId, ref.id()).map(check -> switch (check.state().confirmed()) {
                    case HEALTHY -> ComponentHealth.OPERATIONAL;
                    case DEGRADED -> ComponentHealth.DEGRADED;
                    case UNHEALTHY -> ComponentHealth.DOWN;
                    case UNKNOWN -> ComponentHealth.DEGRADED;
                }).orElse(ComponentHealth.DOWN);
                yield new PublicStatus.Component(shown.displayName(), health.during(noticed),
                        uptime(RollupStore.check(ref.id()), List.of(), reading, now));
            }
        };
    }

    /**
     * An application's health now: from its beat state, or {@link ComponentHealth#MAINTENANCE} while it is inside one of
     * its own maintenance windows (a miss then is not a flip, and a planned outage is not an incident).
     */
    static ComponentHealth health(Application app, Instant now) {
        boolean inWindow = MaintenanceWindow.endOfMaintenanceAt(app.rules().maintenance(), now).isPresent();
        return ComponentHealth.ofBeat(BeatState.of(app, now)).during(inWindow);
    }

    /** A subject's uptime figures and day bar up to now; {@code windows}: an application's maintenance windows. */
    private PublicStatus.Figures uptime(String subject, List<MaintenanceWindow> windows, UptimeBars.Reading reading, Instant now) {
        return UptimeBars.figures(reading, rollups.readUpTo(subject, reading.buckets(), now, windows).counts());
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
