package dev.vigil.admin;

import dev.vigil.checks.recovery.Recovery;
import dev.vigil.checks.store.CheckSecrets;
import dev.vigil.checks.store.CheckTables;
import dev.vigil.checks.store.SsmCheckSecrets;
import dev.vigil.checks.store.RecoveryLog;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.checks.sweep.LambdaSweepInvoker;
import dev.vigil.checks.sweep.SweepInvoker;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.OutboundRules;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.KillSwitch;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Priming;
import dev.vigil.store.ApiKeyStore;
import dev.vigil.store.AuthFailureLog;
import dev.vigil.store.BadgeStore;
import dev.vigil.store.IngestHealthStore;
import dev.vigil.store.BeatKeyStore;
import dev.vigil.store.PulseStore;
import dev.vigil.store.RollupStore;
import dev.vigil.store.SecretStore;
import dev.vigil.store.SsmSecrets;
import dev.vigil.store.StatusPageStore;
import dev.vigil.store.TaskStore;
import dev.vigil.store.TenantStore;
import dev.vigil.wiring.Platform;
import dev.vigil.wiring.Tables;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The admin JSON API, Vigil's own pulse ({@code GET /system/health} and its badge, public: no key, no
 * failed-authentication limit; see {@link SystemHealthResource}) and the API's OpenAPI document
 * ({@code GET /api/openapi.json}, public too: it holds no data; see {@link ApiDocument}), status badges
 * ({@code GET /badge/{badge}} and its uptime, {@code GET /badge/{badge}/uptime.svg}, {@code .json} and
 * {@code .shields}, public: by a random badge key that names only its badge; see {@link BadgesResource}) and the tenant's Prometheus metrics with a read-only key in the URL
 * ({@code GET /metrics/{key}}; see {@link MetricsResource}). Every other route needs
 * {@code Authorization: Bearer <key>}: the operator's key (the
 * stack's admin key), which acts on the default tenant or on the tenant that {@code X-Vigil-Tenant}
 * names, or a tenant's API key, which acts on its own tenant only. Without a valid key the answer is
 * 401 and nothing happens; a source that presented {@value FailedAuthLimit#MAX_FAILURES} wrong keys
 * within a minute gets 429 until the minute ends ({@link FailedAuthLimit}). The tenant routes
 * ({@code /api/tenants...}) are the operator's: a tenant's key gets 403 there, except on its own
 * tenant's threshold overrides ({@link ThresholdsResource}), sweeps ({@link SweepsResource}), sweep health
 * ({@link HealthResource}) and forced recovery ({@code POST /api/tenants/{id}/recover}, {@link RecoveryResource}); the checks' health views ({@code /api/health...}, {@link HealthViewsResource}) show a
 * tenant's key its own tenant and the operator every tenant; {@code GET /api/diagnose} and {@code /api/recovery/*} are the operator's; a read-only key gets 403 on every route but
 * a {@code GET}. A tenant's resources are invisible to every other tenant: another tenant's id answers
 * 404. Bad input gets 400 with {@code {"error": "..."}}. Applications, channels, checks, scheduled tasks and tenants
 * carry a version, given as the {@code ETag}: a {@code PUT} or {@code DELETE} whose {@code If-Match}
 * names another gets 412, and a write that kept losing races 409; nothing is ever overwritten silently.
 * A channel or a check whose secrets could not be stored gets 503 ({@link SecretsNotStored}). API
 * Gateway has already matched the route (the {@link #routes} below are the template's
 * {@code AdminApiFunction} events, one for one); this function looks its {@code routeKey} up and never
 * parses the path again.
 */
public final class AdminApiHandler extends HttpFunction implements Priming.Primed {
    private static final Log LOG = Log.of(AdminApiHandler.class);
    /** The header in which the operator names the tenant to act on. */
    static final String TENANT_HEADER = "x-vigil-tenant";

    /**
     * Who may call a route: anyone, without a key and before the failed-authentication limit (Vigil's own
     * pulse, which names no tenant); any valid key on its own tenant's resources (a route that names a
     * tenant in its path checks that it is the caller's own); or the operator alone. A route whose path
     * holds the key ({@code GET /metrics/{key}}, for scrapers that send no headers) takes a tenant's
     * read-only key only: the operator's key and a tenant's admin key get 403 there, so that no key that
     * may write ends up in a scrape configuration.
     */
    enum Access { PUBLIC, TENANT, OPERATOR, READ_ONLY_KEY_IN_PATH }

    /** A route of the table: who may call it, and what it does for that caller (none for a public route). */
    private record Route(Access access, BiFunction<HttpRequest, Caller, HttpResponse> serve) {
    }

    private final Authenticator authenticator;
    private final FailedAuthLimit failedAuth;
    private final TenantStore tenants;
    private final ApiKeyStore keys;
    private final DefaultTenant defaultTenant;
    private final ResultCache resultCache;
    private final Map<String, Route> routes;

    /** On Lambda: the platform and the admin key from the environment, channel and check secrets in SSM Parameter Store. */
    public AdminApiHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    private AdminApiHandler(Platform platform) {
        this(platform, new SsmSecrets(AwsJsonCall.fromEnv(platform.env(), "SSM", "ssm", "AmazonSSM"),
                platform.env().require("CHANNEL_SECRETS_PREFIX")), SsmCheckSecrets.fromEnv(platform.env()),
                AdminKeys.fromEnv(platform.env()), LambdaSweepInvoker.fromEnv(platform.env(), LambdaSweepInvoker.REQUEST_WAIT));
    }

    /** Requested sweeps through {@code SWEEP_FUNCTION_NAME} on Lambda. */
    public AdminApiHandler(Platform platform, SecretStore secrets, CheckSecrets checkSecrets, AdminKey adminKey) {
        this(platform, secrets, checkSecrets, adminKey, OutboundRules.Resolver.SYSTEM);
    }

    /** Requested sweeps run by {@code sweeps} (the local runner's sweep function, in the same process). */
    public AdminApiHandler(Platform platform, SecretStore secrets, CheckSecrets checkSecrets, AdminKey adminKey,
                           SweepInvoker sweeps) {
        this(platform, secrets, checkSecrets, adminKey, OutboundRules.Resolver.SYSTEM, sweeps);
    }

    public AdminApiHandler(Platform platform, SecretStore secrets, CheckSecrets checkSecrets, AdminKey adminKey,
                           OutboundRules.Resolver resolver) {
        this(platform, secrets, checkSecrets, adminKey, resolver, LambdaSweepInvoker.fromEnv(platform.env(), LambdaSweepInvoker.REQUEST_WAIT));
    }

    /**
     * With channel URLs checked by the rules of {@code OUTBOUND_ALLOW_PRIVATE} (default false: deployed),
     * webhook hosts looked up with {@code resolver}. The tenants, API keys and failed authentications are
     * in the tables {@code TENANTS_TABLE}, {@code API_KEYS_TABLE} and {@code AUTH_FAILURES_TABLE} name;
     * the checks and their results in {@code CHECKS_TABLE} and {@code CHECK_RESULTS_TABLE}.
     */
    public AdminApiHandler(Platform platform, SecretStore secrets, CheckSecrets checkSecrets, AdminKey adminKey,
                           OutboundRules.Resolver resolver, SweepInvoker sweeps) {
        Tables tables = platform.tables();
        Env env = platform.env();
        this.tenants = new TenantStore(platform.dynamo(), env.require("TENANTS_TABLE"));
        this.keys = new ApiKeyStore(platform.dynamo(), env.require("API_KEYS_TABLE"));
        this.authenticator = new Authenticator(adminKey, keys, platform.clock());
        this.failedAuth = new FailedAuthLimit(new AuthFailureLog(platform.dynamo(), env.require("AUTH_FAILURES_TABLE")),
                platform.clock());
        this.defaultTenant = new DefaultTenant(tenants, tables.applications(), tables.channels(), platform.clock());
        Render render = new Render(env.get("PUBLIC_BASE_URL"), platform.clock());
        BeatKeyStore beatKeys = new BeatKeyStore(platform.dynamo(), env.require(BeatKeyStore.TABLE_SETTING));
        ApplicationRegistry registry = new ApplicationRegistry(tables.applications(), beatKeys, platform.clock());
        ChannelRegistry channels = new ChannelRegistry(tables.channels(), secrets, registry, platform.clock());
        ApplicationsResource applications = new ApplicationsResource(registry, channels, tables.heartbeats(), tables.alerts(),
                render, defaultTenant, platform.clock());
        ChannelsResource channelResource = new ChannelsResource(channels, new ChannelRequest.Rules(
                OutboundRules.fromSetting(env.get(OutboundRules.ALLOW_PRIVATE)), resolver, SnsTopics.fromEnv(env)), render,
                defaultTenant, platform.bus());
        NotificationsResource notifications = new NotificationsResource(tables.notifications(), render);
        AlertsResource alerts = new AlertsResource(tables.alerts(), tables.notifications(), registry, render, platform.clock());
        CheckTables checkTables = CheckTables.from(env, platform.dynamo());
        DeletedSubjects deleted = new DeletedSubjects(tables.alerts(), platform.clock());
        ChecksResource checks = new ChecksResource(new CheckRegistry(checkTables.checks(), checkSecrets, platform.clock()), render,
                deleted);
        TaskStore taskStore = TaskStore.fromEnv(env, platform.dynamo());
        StatusPageStore statusPageStore = new StatusPageStore(platform.dynamo(), env.require(StatusPageStore.TABLE_SETTING));
        TenantRegistry tenantRegistry = new TenantRegistry(tenants, keys, tables.applications(), tables.channels(),
                checkTables.checks(), taskStore, statusPageStore, platform.clock());
        PingKeysResource pingKeys = new PingKeysResource(tenantRegistry, beatKeys, render);
        TenantsResource tenantResource = new TenantsResource(tenantRegistry, render, deleted, pingKeys);
        ThresholdsResource thresholds = new ThresholdsResource(tenantRegistry, render);
        SweepLog sweepLog = SweepLog.fromEnv(env, platform.dynamo());
        SweepsResource sweepResource = new SweepsResource(sweeps, sweepLog, render);
        HealthResource health = new HealthResource(tenants, sweepLog, platform.clock());
        this.resultCache = new ResultCache(checkTables.checks(), tables.alerts(), platform.clock());
        HealthViewsResource healthViews = new HealthViewsResource(tenants, resultCache, render, platform.clock());
        PulseStore pulses = new PulseStore(platform.dynamo(), env.require(PulseStore.TABLE_SETTING));
        SystemHealthResource systemHealth = new SystemHealthResource(pulses, platform.clock(),
                env.get(IngestHealthStore.TABLE_SETTING).map(table -> new IngestHealthStore(platform.dynamo(), table)));
        RecoveryResource recovery = new RecoveryResource(Recovery.from(platform, sweeps), RecoveryLog.fromEnv(env, platform.dynamo()),
                pulses, platform.clock(), KillSwitch.enabled(env));
        TasksResource tasks = new TasksResource(taskStore, secrets, new TaskRequest.Rules(
                OutboundRules.fromSetting(env.get(OutboundRules.ALLOW_PRIVATE)), resolver), render, platform.clock(), deleted);
        TenantInventory inventory = new TenantInventory(registry, new CheckRegistry(checkTables.checks(), checkSecrets,
                platform.clock()), defaultTenant);
        BadgesResource badgeResource = new BadgesResource(new BadgeStore(platform.dynamo(), env.require(BadgeStore.TABLE_SETTING)),
                new RollupStore(platform.dynamo(), env.require(RollupStore.TABLE_SETTING)), tenants, inventory, render,
                platform.clock());
        MetricsResource metrics = new MetricsResource(inventory, platform.clock());
        StatusComponents statusComponents = new StatusComponents(registry, new CheckRegistry(checkTables.checks(), checkSecrets,
                platform.clock()));
        StatusPagesResource statusPages = new StatusPagesResource(statusPageStore, statusComponents, platform.clock());
        IncidentsResource incidents = new IncidentsResource(statusPageStore, statusComponents, tables.alerts(), platform.clock());
        MaintenancesResource maintenances = new MaintenancesResource(statusPageStore, statusComponents);
        RollupStore rollupStore = new RollupStore(platform.dynamo(), env.require(RollupStore.TABLE_SETTING));
        UptimeResource uptime = new UptimeResource(rollupStore,
                inventory, new CheckRegistry(checkTables.checks(), checkSecrets, platform.clock()), platform.clock());
        SlaResource sla = new SlaResource(rollupStore, inventory, statusPageStore, tenants, platform.clock());
        this.routes = Map.ofEntries(
                open("GET /system/health", systemHealth::health),
                open("GET /system/health/badge.svg", systemHealth::badge),
                open("GET /api/openapi.json", new ApiDocument()::serve),
                open("GET /badge/{badge}", badgeResource::serve),
                open("GET /badge/{badge}/uptime.svg", request -> badgeResource.serveUptime(request, BadgesResource.Format.SVG)),
                open("GET /badge/{badge}/uptime.json", request -> badgeResource.serveUptime(request, BadgesResource.Format.JSON)),
                open("GET /badge/{badge}/uptime.shields", request -> badgeResource.serveUptime(request, BadgesResource.Format.SHIELDS)),
                keyInPath("GET /metrics/{key}", metrics::metrics),
                tenant("GET /api/metrics", metrics::metrics),
                tenant("GET /api/applications/{id}/badge", badgeResource::getForApplication),
                tenant("POST /api/applications/{id}/badge", badgeResource::issueForApplication),
                tenant("DELETE /api/applications/{id}/badge", badgeResource::revokeForApplication),
                tenant("GET /api/tags/{tag}/badge", badgeResource::getForTag),
                tenant("POST /api/tags/{tag}/badge", badgeResource::issueForTag),
                tenant("DELETE /api/tags/{tag}/badge", badgeResource::revokeForTag),
                tenant("GET /api/whoami", new WhoAmIResource()::whoami),
                tenant("GET /api/applications", applications::list),
                tenant("POST /api/applications", applications::create),
                tenant("GET /api/applications/{id}", applications::get),
                tenant("PUT /api/applications/{id}", applications::update),
                tenant("DELETE /api/applications/{id}", applications::delete),
                tenant("GET /api/applications/{id}/heartbeats", applications::heartbeats),
                tenant("GET /api/applications/{id}/uptime", uptime::forApplication),
                tenant("POST /api/applications/{id}/acknowledge", applications::acknowledge),
                tenant("POST /api/applications/{id}/pause", applications::pause),
                tenant("POST /api/applications/{id}/resume", applications::resume),
                tenant("GET /api/channels", channelResource::list),
                tenant("POST /api/channels", channelResource::create),
                tenant("GET /api/channels/{id}", channelResource::get),
                tenant("PUT /api/channels/{id}", channelResource::update),
                tenant("DELETE /api/channels/{id}", channelResource::delete),
                tenant("POST /api/channels/{id}/test", channelResource::test),
                tenant("GET /api/notifications", notifications::list),
                tenant("GET /api/alerts", alerts::list),
                tenant("GET /api/alerts/{id}", alerts::get),
                tenant("POST /api/alerts/{id}/acknowledge", alerts::acknowledge),
                tenant("POST /api/alerts/{id}/resolve", alerts::resolve),
                tenant("GET /api/checks", checks::list),
                tenant("POST /api/checks", checks::create),
                tenant("GET /api/checks/{id}", checks::get),
                tenant("PUT /api/checks/{id}", checks::update),
                tenant("DELETE /api/checks/{id}", checks::delete),
                tenant("GET /api/checks/{id}/results", checks::results),
                tenant("GET /api/checks/{id}/uptime", uptime::forCheck),
                tenant("GET /api/tasks", tasks::list),
                tenant("POST /api/tasks", tasks::create),
                tenant("GET /api/tasks/{id}", tasks::get),
                tenant("PUT /api/tasks/{id}", tasks::update),
                tenant("DELETE /api/tasks/{id}", tasks::delete),
                tenant("GET /api/tasks/{id}/runs", tasks::runs),
                tenant("GET /api/status-pages", statusPages::list),
                tenant("POST /api/status-pages", statusPages::create),
                tenant("GET /api/status-pages/{id}", statusPages::get),
                tenant("PUT /api/status-pages/{id}", statusPages::update),
                tenant("DELETE /api/status-pages/{id}", statusPages::delete),
                tenant("GET /api/incidents", incidents::list),
                tenant("POST /api/incidents", incidents::create),
                tenant("GET /api/incidents/{id}", incidents::get),
                tenant("PUT /api/incidents/{id}", incidents::update),
                tenant("DELETE /api/incidents/{id}", incidents::delete),
                tenant("POST /api/incidents/{id}/updates", incidents::addUpdate),
                tenant("GET /api/maintenances", maintenances::list),
                tenant("POST /api/maintenances", maintenances::create),
                tenant("GET /api/maintenances/{id}", maintenances::get),
                tenant("PUT /api/maintenances/{id}", maintenances::update),
                tenant("DELETE /api/maintenances/{id}", maintenances::delete),
                tenant("GET /api/tenants/{id}/thresholds", thresholds::get),
                tenant("PUT /api/tenants/{id}/thresholds", thresholds::put),
                tenant("POST /api/tenants/{id}/sweep", sweepResource::run),
                tenant("GET /api/tenants/{id}/sweeps", sweepResource::list),
                tenant("GET /api/tenants/{id}/health", health::tenant),
                tenant("GET /api/tenants/{id}/sla", sla::report),
                tenant("POST /api/tenants/{id}/recover", recovery::recoverTenant),
                tenant("POST /api/tenants/{id}/ping-key", pingKeys::rotate),
                tenant("DELETE /api/tenants/{id}/ping-key", pingKeys::revoke),
                tenant("GET /api/health", healthViews::master),
                tenant("GET /api/health/matrix", healthViews::matrix),
                tenant("GET /api/health/services/{service}", healthViews::service),
                tenant("GET /api/health/tenants/{id}", healthViews::tenant),
                operator("GET /api/diagnose", health::diagnose),
                operator("GET /api/recovery/status", recovery::status),
                operator("POST /api/recovery/run", recovery::run),
                operator("GET /api/tenants", tenantResource::list),
                operator("POST /api/tenants", tenantResource::create),
                operator("GET /api/tenants/{id}", tenantResource::get),
                operator("PUT /api/tenants/{id}", tenantResource::update),
                operator("DELETE /api/tenants/{id}", tenantResource::delete),
                operator("GET /api/tenants/{id}/keys", tenantResource::keys),
                operator("POST /api/tenants/{id}/keys", tenantResource::createKey),
                operator("DELETE /api/tenants/{id}/keys/{keyId}", tenantResource::revokeKey));
    }

    /** A public route: no key, no caller. */
    private static Map.Entry<String, Route> open(String routeKey, Function<HttpRequest, HttpResponse> serve) {
        return Map.entry(routeKey, new Route(Access.PUBLIC, (request, noCaller) -> serve.apply(request)));
    }

    /** A route that takes a tenant's read-only key from its {@code {key}} path parameter. */
    private static Map.Entry<String, Route> keyInPath(String routeKey, BiFunction<HttpRequest, Caller, HttpResponse> serve) {
        return Map.entry(routeKey, new Route(Access.READ_ONLY_KEY_IN_PATH, serve));
    }

    private static Map.Entry<String, Route> tenant(String routeKey, BiFunction<HttpRequest, Caller, HttpResponse> serve) {
        return Map.entry(routeKey, new Route(Access.TENANT, serve));
    }

    private static Map.Entry<String, Route> operator(String routeKey, BiFunction<HttpRequest, Caller, HttpResponse> serve) {
        return Map.entry(routeKey, new Route(Access.OPERATOR, serve));
    }

    /**
     * The shell (a request without a key: the failed-authentication count is read, 401), a key lookup
     * (a hash nobody has) and read routes past them (an application id, a check id and a task id nobody
     * has: one index query and reads, all 404). Nothing is written.
     */
    @Override
    public void prime() {
        primeWith("GET", "GET /api/applications", "/api/applications", "{}");
        keys.findByHash(TenantKeys.hash(TenantKeys.PREFIX));
        primeRoute("GET /api/applications/{id}", "app_primingprimi");
        primeRoute("GET /api/checks/{id}", "chk_primingprimi");
        primeRoute("GET /api/tasks/{id}", "task_primingprimi");
    }

    private void primeRoute(String route, String id) {
        String path = route.substring(route.indexOf(' ') + 1).replace("{id}", id);
        routes.get(route).serve().apply(new HttpRequest(route, "GET", path, Map.of(), Map.of(), Map.of("id", id), Optional.empty(),
                Optional.empty(), Optional.empty(), "priming"), Caller.forOperator());
    }

    /** The route keys this function serves. */
    public Set<String> routeKeys() {
        return routes.keySet();
    }

    /** The route keys only the operator may call. */
    public Set<String> operatorRouteKeys() {
        return routeKeys(Access.OPERATOR);
    }

    /** The route keys anyone may call, without a key. */
    public Set<String> publicRouteKeys() {
        return routeKeys(Access.PUBLIC);
    }

    /** The route keys that take a read-only key in their path, not in a header. */
    public Set<String> keyInPathRouteKeys() {
        return routeKeys(Access.READ_ONLY_KEY_IN_PATH);
    }

    private Set<String> routeKeys(Access access) {
        Set<String> keys = new TreeSet<>();
        routes.forEach((key, route) -> {
            if (route.access() == access) {
                keys.add(key);
            }
        });
        return keys;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Route publicRoute = routes.get(request.routeKey());
        if (publicRoute != null && publicRoute.access() == Access.PUBLIC) {
            return publicRoute.serve().apply(request, null);
        }
        String source = request.sourceIp().filter(ip -> !ip.isBlank()).orElse("unknown");
        Optional<Duration> blocked = failedAuth.blocked(source);
        if (blocked.isPresent()) {
            long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
            LOG.warn("Refused a request from a source over the failed-authentication limit", "route", request.routeKey(),
                    "sourceIp", source);
            return HttpResponse.error(429, "too many failed authentications from this address: at most "
                    + FailedAuthLimit.MAX_FAILURES + " a minute; try again in " + seconds + " s")
                    .withHeader("retry-after", Long.toString(seconds));
        }
        if (publicRoute != null && publicRoute.access() == Access.READ_ONLY_KEY_IN_PATH) {
            return withKeyInPath(request, source, publicRoute);
        }
        Optional<Caller> authenticated = authenticator.authenticate(request);
        if (authenticated.isEmpty()) {
            if (Authenticator.presentsAKey(request)) {
                failedAuth.failed(source);
            }
            LOG.warn("Rejected admin request without a valid key", "route", request.routeKey(), "sourceIp", source);
            return HttpResponse.error(401, "missing or invalid key: send 'Authorization: Bearer <key>' with the admin key "
                    + "or a tenant's API key").withHeader("www-authenticate", "Bearer");
        }
        Optional<Route> route = Optional.ofNullable(routes.get(request.routeKey()));
        if (route.isEmpty()) {
            return HttpResponse.error(404, "no such route");
        }
        Caller caller = authenticated.get();
        if (route.get().access() == Access.OPERATOR && !caller.operator()) {
            return HttpResponse.error(403, "only the operator's key (the stack's admin key) manages tenants and their keys");
        }
        if (!request.routeKey().startsWith("GET ") && !caller.mayWrite()) {
            return HttpResponse.error(403, "this API key is read-only: it may only send GET requests");
        }
        defaultTenant.ensure();
        try {
            if (route.get().access() == Access.TENANT) {
                Optional<String> named = request.header(TENANT_HEADER);
                if (named.isPresent()) {
                    Optional<HttpResponse> refused = refusedTenant(caller, named.get());
                    if (refused.isPresent()) {
                        return refused.get();
                    }
                    caller = caller.on(named.get());
                }
            }
            try {
                return route.get().serve().apply(request, caller);
            } finally {
                if (!request.routeKey().startsWith("GET ")) {
                    // A write (a check changed, a sweep run on request) shows in the next health view.
                    resultCache.forgetAll();
                }
            }
        } catch (InvalidInput e) {
            return HttpResponse.error(400, e.getMessage());
        } catch (SlugTaken e) {
            return HttpResponse.error(409, e.getMessage());
        } catch (SecretsNotStored e) {
            LOG.error("Secrets not stored", e, "route", request.routeKey());
            HttpResponse unavailable = HttpResponse.error(503, e.getMessage()).withHeader("retry-after", "5");
            return e.version() > 0 ? unavailable.withHeader("etag", IfMatch.etag(e.version())) : unavailable;
        }
    }

    /**
     * A route whose path holds the key: only a tenant's read-only key, which acts on its own tenant; a
     * wrong key counts as a failed authentication, a key that may write gets 403.
     */
    private HttpResponse withKeyInPath(HttpRequest request, String source, Route route) {
        Optional<String> presented = request.pathParam("key").filter(key -> !key.isBlank());
        Optional<Caller> caller = presented.flatMap(authenticator::authenticateKey);
        if (caller.isEmpty()) {
            if (presented.isPresent()) {
                failedAuth.failed(source);
            }
            LOG.warn("Rejected a request with no valid key in its path", "route", request.routeKey(), "sourceIp", source);
            return HttpResponse.error(401, "missing or invalid key in the URL: put a tenant's read-only API key there");
        }
        if (caller.get().operator() || caller.get().mayWrite()) {
            return HttpResponse.error(403, "a key in a URL must be a tenant's read-only API key: URLs end up in scrape "
                    + "configurations and logs, so the admin key and keys that may write are refused here");
        }
        defaultTenant.ensure();
        try {
            return route.serve().apply(request, caller.get());
        } catch (InvalidInput e) {
            return HttpResponse.error(400, e.getMessage());
        }
    }

    /**
     * Why {@code caller} may not act on the tenant {@code named} in {@code X-Vigil-Tenant}, if it may not:
     * a tenant's key may name only its own tenant (403); the operator may name any tenant that exists
     * (400 for what is no tenant id, 404 for one that does not exist).
     */
    private Optional<HttpResponse> refusedTenant(Caller caller, String named) {
        if (!caller.operator()) {
            return named.equals(caller.tenantId()) ? Optional.empty()
                    : Optional.of(HttpResponse.error(403, "a tenant's API key acts on its own tenant only; leave out X-Vigil-Tenant"));
        }
        if (!Tenant.isWellFormedId(named)) {
            return Optional.of(HttpResponse.error(400, "X-Vigil-Tenant must be a tenant id such as tn_k3v9x2m7q4pa, or default"));
        }
        if (!named.equals(Tenant.DEFAULT_ID) && tenants.find(named).isEmpty()) {
            return Optional.of(HttpResponse.error(404, "no tenant with id '" + named + "'"));
        }
        return Optional.empty();
    }

    /**
     * The request path for logs, with the secret a public route carries in its path masked: the read-only
     * metrics key of {@code GET /metrics/{key}} and the badge key of {@code GET /badge/{badge}} and of its
     * uptime routes ({@code GET /badge/{badge}/uptime.svg}, {@code .json}, {@code .shields}).
     */
    @Override
    protected String pathForLog(HttpRequest request) {
        return switch (request.routeKey()) {
            case "GET /metrics/{key}" -> "/metrics/" + Log.mask(request.pathParam("key").orElse(""));
            case "GET /badge/{badge}" -> "/badge/" + Log.mask(request.pathParam("badge").orElse(""));
            case "GET /badge/{badge}/uptime.svg", "GET /badge/{badge}/uptime.json", "GET /badge/{badge}/uptime.shields" ->
                    "/badge/" + Log.mask(request.pathParam("badge").orElse(""))
                            + request.routeKey().substring("GET /badge/{badge}".length());
            default -> request.path();
        };
    }
}
