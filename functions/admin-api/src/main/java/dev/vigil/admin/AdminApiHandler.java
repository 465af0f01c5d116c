package dev.vigil.admin;

import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.OutboundRules;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Priming;
import dev.vigil.store.SecretStore;
import dev.vigil.store.SsmSecrets;
import dev.vigil.wiring.Platform;
import dev.vigil.wiring.Tables;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The admin JSON API. Every route needs {@code Authorization: Bearer <admin key>}; without it the
 * answer is 401 and nothing happens. Bad input gets 400 with {@code {"error": "..."}}. Applications and
 * channels carry a version, given as the {@code ETag}: a {@code PUT} or {@code DELETE} whose
 * {@code If-Match} names another gets 412, and a write that kept losing races 409; nothing is ever
 * overwritten silently. A channel whose secrets could not be stored gets 503 (see
 * {@link ChannelRegistry}). API Gateway has
 * already matched the route (the {@link #routes} below are the template's {@code AdminApiFunction}
 * events, one for one); this function looks its {@code routeKey} up and never parses the path again.
 */
public final class AdminApiHandler extends HttpFunction implements Priming.Primed {
    private static final Log LOG = Log.of(AdminApiHandler.class);

    private final AdminKey adminKey;
    private final Map<String, Function<HttpRequest, HttpResponse>> routes;

    /** On Lambda: the platform and the admin key from the environment, channel secrets in SSM Parameter Store. */
    public AdminApiHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    private AdminApiHandler(Platform platform) {
        this(platform, new SsmSecrets(AwsJsonCall.fromEnv(platform.env(), "SSM", "ssm", "AmazonSSM"),
                platform.env().require("CHANNEL_SECRETS_PREFIX")), AdminKeys.fromEnv(platform.env()));
    }

    public AdminApiHandler(Platform platform, SecretStore secrets, AdminKey adminKey) {
        this(platform, secrets, adminKey, OutboundRules.Resolver.SYSTEM);
    }

    /**
     * With channel URLs checked by the rules of {@code OUTBOUND_ALLOW_PRIVATE} (default false: deployed),
     * webhook hosts looked up with {@code resolver}.
     */
    public AdminApiHandler(Platform platform, SecretStore secrets, AdminKey adminKey, OutboundRules.Resolver resolver) {
        this.adminKey = adminKey;
        Tables tables = platform.tables();
        Env env = platform.env();
        Render render = new Render(env.get("PUBLIC_BASE_URL"));
        ApplicationRegistry registry = new ApplicationRegistry(tables.applications(), platform.clock());
        ChannelRegistry channels = new ChannelRegistry(tables.channels(), secrets, registry, platform.clock());
        ApplicationsResource applications = new ApplicationsResource(registry, channels, tables.heartbeats(), render);
        ChannelsResource channelResource = new ChannelsResource(channels, new ChannelRequest.Rules(
                OutboundRules.fromSetting(env.get(OutboundRules.ALLOW_PRIVATE)), resolver, SnsTopics.fromEnv(env)), render);
        NotificationsResource notifications = new NotificationsResource(tables.notifications(), render);
        this.routes = Map.ofEntries(
                Map.entry("GET /api/applications", applications::list),
                Map.entry("POST /api/applications", applications::create),
                Map.entry("GET /api/applications/{id}", applications::get),
                Map.entry("PUT /api/applications/{id}", applications::update),
                Map.entry("DELETE /api/applications/{id}", applications::delete),
                Map.entry("GET /api/applications/{id}/heartbeats", applications::heartbeats),
                Map.entry("POST /api/applications/{id}/acknowledge", applications::acknowledge),
                Map.entry("GET /api/channels", channelResource::list),
                Map.entry("POST /api/channels", channelResource::create),
                Map.entry("GET /api/channels/{id}", channelResource::get),
                Map.entry("PUT /api/channels/{id}", channelResource::update),
                Map.entry("DELETE /api/channels/{id}", channelResource::delete),
                Map.entry("GET /api/notifications", notifications::list));
    }

    /**
     * The shell (a request without a key: 401) and a read route past it (an application id nobody has:
     * one index query, 404). Nothing is written.
     */
    @Override
    public void prime() {
        primeWith("GET", "GET /api/applications", "/api/applications", "{}");
        String route = "GET /api/applications/{id}";
        routes.get(route).apply(new HttpRequest(route, "GET", "/api/applications/app_primingprimi", Map.of(), Map.of(),
                Map.of("id", "app_primingprimi"), Optional.empty(), Optional.empty(), Optional.empty(), "priming"));
    }

    /** The route keys this function serves. */
    public Set<String> routeKeys() {
        return routes.keySet();
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (!adminKey.accepts(request)) {
            LOG.warn("Rejected admin request without a valid key", "route", request.routeKey(),
                    "sourceIp", request.sourceIp().orElse("-"));
            return HttpResponse.error(401, "missing or invalid admin key: send 'Authorization: Bearer <key>'")
                    .withHeader("www-authenticate", "Bearer");
        }
        Optional<Function<HttpRequest, HttpResponse>> route = Optional.ofNullable(routes.get(request.routeKey()));
        if (route.isEmpty()) {
            return HttpResponse.error(404, "no such route");
        }
        try {
            return route.get().apply(request);
        } catch (InvalidInput e) {
            return HttpResponse.error(400, e.getMessage());
        } catch (ChannelRegistry.SecretsNotStored e) {
            LOG.error("Channel secrets not stored", e, "route", request.routeKey());
            HttpResponse unavailable = HttpResponse.error(503, e.getMessage()).withHeader("retry-after", "5");
            return e.version() > 0 ? unavailable.withHeader("etag", IfMatch.etag(e.version())) : unavailable;
        }
    }
}
