package dev.vigil.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.Application;
import dev.vigil.app.ApplicationRequest;
import dev.vigil.app.ApplicationRequest.InvalidRequest;
import dev.vigil.app.Deadlines;
import dev.vigil.auth.AdminKey;
import dev.vigil.auth.AdminKeys;
import dev.vigil.channels.Channel;
import dev.vigil.channels.ChannelRegistry;
import dev.vigil.channels.ChannelRequest;
import dev.vigil.channels.ChannelStore;
import dev.vigil.channels.SecretStore;
import dev.vigil.channels.SsmSecretStore;
import dev.vigil.config.Services;
import dev.vigil.http.HttpFunction;
import dev.vigil.http.HttpRequest;
import dev.vigil.http.HttpResponse;
import dev.vigil.json.Json;
import dev.vigil.log.Log;
import dev.vigil.monitor.ApplicationRegistry;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.NotificationLog;
import dev.vigil.store.Page;
import dev.vigil.store.Stores;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The admin JSON API. Every route needs {@code Authorization: Bearer <admin key>}; without it the
 * answer is 401 and nothing happens. Bad input gets 400 with {@code {"error": "..."}}.
 *
 * <pre>
 * GET    /api/applications                    list ({"applications": [...], "nextToken"})
 * POST   /api/applications                    register → 201
 * GET    /api/applications/{id}               one application
 * PUT    /api/applications/{id}               change name, intervalSeconds, graceSeconds, active
 * DELETE /api/applications/{id}               → 204
 * GET    /api/applications/{id}/heartbeats    beat history, newest first
 * POST   /api/applications/{id}/acknowledge   acknowledge the current outage: its reminders stop (409 if not down)
 * GET    /api/notifications                   delivery records, newest first (?status=, ?channel=)
 * GET    /api/channels                        alert channels ({"channels": [...]}); secrets shown masked
 * POST   /api/channels                        create → 201
 * GET    /api/channels/{id}                   one channel
 * PUT    /api/channels/{id}                   change name, enabled, default, settings (omitted secrets are kept)
 * DELETE /api/channels/{id}                   → 204
 * </pre>
 */
public final class AdminApiHandler extends HttpFunction {
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Log LOG = Log.of(AdminApiHandler.class);
    private static final Pattern ID = Pattern.compile("app_[a-z0-9]{12}");
    private static final Pattern CHANNEL_ID = Pattern.compile("ch_[a-z0-9]{12}");
    private static final Set<String> NOTIFICATION_STATUSES = Set.of(NotificationLog.SENDING, NotificationLog.SENT,
            NotificationLog.FAILED, NotificationLog.SUPPRESSED);

    private final AdminKey adminKey;
    private final ApplicationRegistry registry;
    private final ChannelRegistry channels;
    private final HeartbeatLog heartbeats;
    private final NotificationLog notifications;
    private final Optional<String> publicBaseUrl;

    public AdminApiHandler() {
        this(Services.fromEnvironment());
    }

    public AdminApiHandler(Services services) {
        this(services.port(AdminKey.class, AdminKeys::fromEnv),
                new ApplicationRegistry(Stores.applications(services), services.clock()),
                new ChannelRegistry(new ChannelStore(services.dynamo(), services.env().require("CHANNELS_TABLE")),
                        services.port(SecretStore.class, SsmSecretStore::fromEnv), services.clock()),
                Stores.heartbeats(services), Stores.notifications(services),
                services.env().get("PUBLIC_BASE_URL"));
    }

    public AdminApiHandler(AdminKey adminKey, ApplicationRegistry registry, ChannelRegistry channels,
                           HeartbeatLog heartbeats, NotificationLog notifications, Optional<String> publicBaseUrl) {
        this.adminKey = adminKey;
        this.registry = registry;
        this.channels = channels;
        this.heartbeats = heartbeats;
        this.notifications = notifications;
        this.publicBaseUrl = publicBaseUrl.map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (!adminKey.accepts(request)) {
            LOG.warn("Rejected admin request without a valid key", "method", request.method(), "path", request.path(),
                    "sourceIp", request.sourceIp().orElse("-"));
            return HttpResponse.error(401, "missing or invalid admin key: send 'Authorization: Bearer <key>'")
                    .withHeader("www-authenticate", "Bearer");
        }
        try {
            return route(request);
        } catch (InvalidRequest e) {
            return HttpResponse.error(400, e.getMessage());
        }
    }

    private HttpResponse route(HttpRequest request) {
        String[] parts = request.path().replaceAll("/+$", "").split("/");
        // parts: "", "api", collection, id?, sub?
        if (parts.length < 3 || !"api".equals(parts[1])) {
            return HttpResponse.error(404, "no such route");
        }
        String method = request.method();
        if ("notifications".equals(parts[2]) && parts.length == 3) {
            return "GET".equals(method) ? listNotifications(request) : notAllowed("GET");
        }
        if ("channels".equals(parts[2])) {
            return routeChannels(request, parts);
        }
        if (!"applications".equals(parts[2])) {
            return HttpResponse.error(404, "no such route");
        }
        if (parts.length == 3) {
            return switch (method) {
                case "GET" -> listApplications(request);
                case "POST" -> create(request);
                default -> notAllowed("GET, POST");
            };
        }
        String id = parts[3];
        if (!ID.matcher(id).matches()) {
            return HttpResponse.error(404, "no application with id '" + printable(id) + "'");
        }
        if (parts.length == 4) {
            return switch (method) {
                case "GET" -> registry.find(id).map(app -> HttpResponse.json(200, render(app, request)))
                        .orElseGet(() -> notFound(id));
                case "PUT" -> update(id, request);
                case "DELETE" -> registry.delete(id) ? HttpResponse.empty(204) : notFound(id);
                default -> notAllowed("GET, PUT, DELETE");
            };
        }
        if (parts.length == 5 && "heartbeats".equals(parts[4])) {
            return "GET".equals(method) ? listHeartbeats(id, request) : notAllowed("GET");
        }
        if (parts.length == 5 && "acknowledge".equals(parts[4])) {
            if (!"POST".equals(method)) {
                return notAllowed("POST");
            }
            return switch (registry.acknowledge(id)) {
                case ApplicationRegistry.Acknowledgement.NotFound none -> notFound(id);
                case ApplicationRegistry.Acknowledgement.NotDown up ->
                        HttpResponse.error(409, "application is " + up.app().status().wire() + "; only an outage can be acknowledged");
                case ApplicationRegistry.Acknowledgement.Done done -> {
                    LOG.info("Outage acknowledged", "applicationId", id);
                    yield HttpResponse.json(200, render(done.app(), request));
                }
            };
        }
        return HttpResponse.error(404, "no such route");
    }

    private HttpResponse routeChannels(HttpRequest request, String[] parts) {
        String method = request.method();
        if (parts.length == 3) {
            return switch (method) {
                case "GET" -> {
                    ObjectNode body = Json.object();
                    ArrayNode items = body.putArray("channels");
                    channels.all().forEach(c -> items.add(render(c)));
                    yield HttpResponse.json(200, body);
                }
                case "POST" -> {
                    Channel created = channels.create(ChannelRequest.forCreate(body(request)));
                    LOG.info("Channel created", "channelId", created.id(), "channelType", created.type().wire());
                    yield HttpResponse.json(201, render(created)).withHeader("location", "/api/channels/" + created.id());
                }
                default -> notAllowed("GET, POST");
            };
        }
        String id = parts[3];
        if (parts.length != 4 || !CHANNEL_ID.matcher(id).matches()) {
            return HttpResponse.error(404, "no channel with id '" + printable(id) + "'");
        }
        return switch (method) {
            case "GET" -> channels.find(id).map(c -> HttpResponse.json(200, render(c))).orElseGet(() -> channelNotFound(id));
            case "PUT" -> channels.find(id)
                    .flatMap(existing -> channels.update(existing, ChannelRequest.forUpdate(body(request), existing.type())))
                    .map(c -> HttpResponse.json(200, render(c)))
                    .orElseGet(() -> channelNotFound(id));
            case "DELETE" -> channels.delete(id) ? HttpResponse.empty(204) : channelNotFound(id);
            default -> notAllowed("GET, PUT, DELETE");
        };
    }

    /** A channel as the API shows it: secret settings only as their last four characters. */
    static ObjectNode render(Channel channel) {
        ObjectNode node = Json.object();
        node.put("id", channel.id());
        node.put("type", channel.type().wire());
        node.put("name", channel.name());
        node.put("enabled", channel.enabled());
        node.put("default", channel.isDefault());
        channel.repeatMinutes().ifPresentOrElse(m -> node.put("repeatMinutes", m), () -> node.putNull("repeatMinutes"));
        ObjectNode settings = node.putObject("settings");
        channel.settings().forEach(settings::put);
        channel.secretHints().forEach(settings::put);
        node.put("createdAt", channel.createdAt().toString());
        node.put("updatedAt", channel.updatedAt().toString());
        return node;
    }

    private static HttpResponse channelNotFound(String id) {
        return HttpResponse.error(404, "no channel with id '" + id + "'");
    }

    /** Rejects routing to channels that do not exist. */
    private void checkChannels(ApplicationRequest body) {
        body.channels().ifPresent(ids -> {
            List<String> unknown = channels.unknown(ids);
            if (!unknown.isEmpty()) {
                throw new InvalidRequest("unknown channel: " + String.join(", ", unknown));
            }
        });
    }

    private HttpResponse create(HttpRequest request) {
        ApplicationRequest body = ApplicationRequest.forCreate(body(request));
        checkChannels(body);
        Application app = registry.register(body);
        LOG.info("Application registered", "applicationId", app.id(), "uuid", Log.mask(app.uuid()));
        return HttpResponse.json(201, render(app, request)).withHeader("location", "/api/applications/" + app.id());
    }

    private HttpResponse update(String id, HttpRequest request) {
        ApplicationRequest body = ApplicationRequest.forUpdate(body(request));
        checkChannels(body);
        return registry.update(id, body).map(app -> {
            LOG.info("Application updated", "applicationId", app.id());
            return HttpResponse.json(200, render(app, request));
        }).orElseGet(() -> notFound(id));
    }

    private HttpResponse listApplications(HttpRequest request) {
        Page<Application> page = registry.list(limit(request), request.queryParam("nextToken"));
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("applications");
        page.items().forEach(app -> items.add(render(app, request)));
        page.nextToken().ifPresent(token -> body.put("nextToken", token));
        return HttpResponse.json(200, body);
    }

    private HttpResponse listHeartbeats(String id, HttpRequest request) {
        Optional<Application> app = registry.find(id);
        if (app.isEmpty()) {
            return notFound(id);
        }
        Page<HeartbeatLog.Beat> page = heartbeats.list(id, limit(request), request.queryParam("nextToken"));
        ObjectNode body = Json.object();
        body.put("applicationId", id);
        ArrayNode items = body.putArray("heartbeats");
        page.items().forEach(beat -> {
            ObjectNode node = items.addObject();
            node.put("receivedAt", beat.receivedAt().toString());
            node.put("method", beat.method());
            node.put("sourceIp", beat.sourceIp().orElse(null));
            node.put("userAgent", beat.userAgent().orElse(null));
        });
        page.nextToken().ifPresent(token -> body.put("nextToken", token));
        return HttpResponse.json(200, body);
    }

    private HttpResponse listNotifications(HttpRequest request) {
        Optional<String> status = request.queryParam("status");
        if (status.isPresent() && !NOTIFICATION_STATUSES.contains(status.get())) {
            throw new InvalidRequest("status must be one of " + String.join(", ", NOTIFICATION_STATUSES.stream().sorted().toList()));
        }
        Optional<String> channel = request.queryParam("channel");
        Page<NotificationLog.Notification> page = notifications.list(limit(request), status, channel,
                request.queryParam("nextToken"));
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("notifications");
        page.items().forEach(n -> {
            ObjectNode node = items.addObject();
            node.put("id", n.id());
            node.put("eventId", n.eventId());
            node.put("channel", n.channel());
            node.put("channelType", n.channelType());
            node.put("applicationId", n.applicationId());
            node.put("applicationName", n.applicationName());
            node.put("type", n.type());
            node.put("status", n.status());
            node.put("error", n.error().orElse(null));
            n.httpStatus().ifPresent(code -> node.put("httpStatus", code));
            node.put("attempts", n.attempts());
            n.latencyMs().ifPresent(latency -> node.put("latencyMs", latency));
            node.put("createdAt", n.createdAt().toString());
            node.put("updatedAt", n.updatedAt().toString());
        });
        page.nextToken().ifPresent(token -> body.put("nextToken", token));
        return HttpResponse.json(200, body);
    }

    ObjectNode render(Application app, HttpRequest request) {
        ObjectNode node = Json.object();
        node.put("id", app.id());
        node.put("uuid", app.uuid());
        node.put("name", app.name());
        node.put("intervalSeconds", app.intervalSeconds());
        node.put("graceSeconds", app.graceSeconds());
        node.put("status", app.status().wire());
        node.put("lastHeartbeat", app.lastHeartbeat().map(Instant::toString).orElse(null));
        node.put("deadline", Deadlines.deadline(app).map(Instant::toString).orElse(null));
        node.put("pingUrl", baseUrl(request) + "/heartbeat/" + app.uuid());
        node.put("active", app.active());
        ArrayNode routed = node.putArray("channels");
        app.channels().forEach(routed::add);
        node.put("severity", app.severity().wire());
        app.quietHours().ifPresentOrElse(q -> node.putObject("quietHours").put("start", q.start().toString())
                .put("end", q.end().toString()).put("timezone", q.zone().getId()), () -> node.putNull("quietHours"));
        node.put("acknowledged", app.acknowledged());
        node.put("createdAt", app.createdAt().toString());
        node.put("updatedAt", app.updatedAt().toString());
        return node;
    }

    private String baseUrl(HttpRequest request) {
        return publicBaseUrl.orElseGet(() -> "https://" + request.domainName().orElse("localhost"));
    }

    private static JsonNode body(HttpRequest request) {
        String text = request.body().orElse("");
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new InvalidRequest("body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (text.isBlank()) {
            throw new InvalidRequest("body must be a JSON object");
        }
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static int limit(HttpRequest request) {
        Optional<String> value = request.queryParam("limit");
        if (value.isEmpty()) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(value.get());
            if (limit >= 1 && limit <= 100) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidRequest("limit must be a whole number from 1 to 100");
    }

    private static HttpResponse notFound(String id) {
        return HttpResponse.error(404, "no application with id '" + id + "'");
    }

    private static HttpResponse notAllowed(String allowed) {
        return HttpResponse.error(405, "method not allowed; use " + allowed).withHeader("allow", allowed);
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[^A-Za-z0-9_\\-]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) : clean;
    }
}
