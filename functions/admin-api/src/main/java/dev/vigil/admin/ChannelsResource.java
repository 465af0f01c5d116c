package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.bus.EventPublisher;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.Channel;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/channels}: alert channels, their secrets write-only. Each route acts on the caller's
 * tenant: another tenant's channel answers 404.
 */
final class ChannelsResource {
    private static final Log LOG = Log.of(ChannelsResource.class);
    /** How many of the applications that keep a channel from being deleted the 409 lists. */
    static final int MAX_LISTED = 20;

    private final ChannelRegistry channels;
    private final ChannelRequest.Rules rules;
    private final Render render;
    private final DefaultTenant defaultTenant;
    private final EventPublisher bus;

    ChannelsResource(ChannelRegistry channels, ChannelRequest.Rules rules, Render render, DefaultTenant defaultTenant,
                     EventPublisher bus) {
        this.channels = channels;
        this.bus = bus;
        this.defaultTenant = defaultTenant;
        this.rules = rules;
        this.render = render;
    }

    HttpResponse list(HttpRequest request, Caller caller) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("channels");
        channels.list(caller.tenantId(), defaultTenant.adopted()).forEach(c -> items.add(render.channel(c, caller)));
        return HttpResponse.json(200, body);
    }

    HttpResponse create(HttpRequest request, Caller caller) {
        Channel created = channels.create(caller.tenantId(), ChannelRequest.forCreate(Input.body(request), rules));
        LOG.info("Channel created", "channelId", created.id(), "tenantId", created.tenantId(), "channelType", created.type().wire());
        return shown(201, created, caller).withHeader("location", "/api/channels/" + created.id());
    }

    HttpResponse get(HttpRequest request, Caller caller) {
        return Input.id(request, Ids.CHANNEL).flatMap(id -> channels.find(caller.tenantId(), id)).map(c -> shown(200, c, caller))
                .orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.CHANNEL);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        JsonNode body = Input.body(request);
        return switch (channels.update(caller.tenantId(), id.get(), type -> ChannelRequest.forUpdate(body, type, rules), ifMatch)) {
            case Change.Done<Channel> done -> {
                LOG.info("Channel updated", "channelId", id.get(), "version", done.value().version());
                yield shown(200, done.value(), caller);
            }
            case Change.Stale<Channel> stale -> Render.stale("channel", id.get(), stale.currentVersion());
            case Change.Conflict<Channel> conflict -> Render.conflict("channel", id.get());
            case Change.NotFound<Channel> none -> notFound(request);
            case Change.InUse inUse -> inUse(id.get(), inUse.applications());
        };
    }

    /**
     * {@code POST /api/channels/{id}/test}: a test alert through this one channel, delivered and recorded as
     * alerts are. 202 with the event's id and its delivery record's id (listed under
     * {@code GET /api/notifications?channel=<id>}); 409 for a disabled channel; 429 with {@code Retry-After}
     * within {@link ChannelRegistry#TEST_INTERVAL} of the last test; 503 when the event bus did not take it.
     */
    HttpResponse test(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.CHANNEL);
        if (id.isEmpty()) {
            return notFound(request);
        }
        return switch (channels.sendTest(caller.tenantId(), id.get(), bus)) {
            case ChannelRegistry.TestOutcome.Sent sent -> {
                LOG.info("Test alert sent", "channelId", id.get(), "eventId", sent.event().eventId(),
                        "channelType", sent.channel().type().wire());
                ObjectNode body = Json.object();
                body.put("eventId", sent.event().eventId());
                body.put("notificationId", sent.event().eventId() + "#" + id.get());
                body.put("channel", id.get());
                body.put("channelType", sent.channel().type().wire());
                body.put("message", Alerts.testMessage(sent.channel().name()));
                body.put("deliveries", "/api/notifications?channel=" + id.get());
                yield HttpResponse.json(202, body);
            }
            case ChannelRegistry.TestOutcome.Disabled disabled -> HttpResponse.error(409, "channel " + id.get()
                    + " is disabled, so it would deliver no test alert (nor any alert); enable it first");
            case ChannelRegistry.TestOutcome.TooSoon soon -> {
                long seconds = Math.max(1, (soon.retryAfter().toMillis() + 999) / 1000);
                yield HttpResponse.error(429, "a test alert was sent on channel " + id.get() + " moments ago: at most one every "
                        + ChannelRegistry.TEST_INTERVAL.toSeconds() + " s; try again in " + seconds + " s")
                        .withHeader("retry-after", Long.toString(seconds));
            }
            case ChannelRegistry.TestOutcome.NotFound none -> notFound(request);
            case ChannelRegistry.TestOutcome.BusUnavailable unavailable -> HttpResponse.error(503,
                    "the test alert could not be put on the event bus, so nothing was sent; try again").withHeader("retry-after", "5");
        };
    }

    /** {@code ?detach=true} takes the channel out of the applications that route to it, then deletes it. */
    HttpResponse delete(HttpRequest request, Caller caller) {
        Optional<String> id = Input.id(request, Ids.CHANNEL);
        if (id.isEmpty()) {
            return notFound(request);
        }
        IfMatch ifMatch = IfMatch.of(request);
        boolean detach = switch (request.queryParam("detach").orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInput("detach must be true or false");
        };
        return switch (channels.delete(caller.tenantId(), id.get(), ifMatch, detach)) {
            case Change.Done<Channel> done -> {
                LOG.info("Channel deleted", "channelId", id.get(), "detached", detach);
                yield HttpResponse.empty(204);
            }
            case Change.Stale<Channel> stale -> Render.stale("channel", id.get(), stale.currentVersion());
            case Change.Conflict<Channel> conflict -> Render.conflict("channel", id.get());
            case Change.NotFound<Channel> none -> notFound(request);
            case Change.InUse inUse -> inUse(id.get(), inUse.applications());
        };
    }

    /** 409 naming the applications that route to the channel (the first {@value #MAX_LISTED}) and their count. */
    private static HttpResponse inUse(String id, List<Application> routed) {
        List<Application> listed = routed.stream().limit(MAX_LISTED).toList();
        List<String> named = listed.stream().map(app -> app.id() + " (" + app.name() + ")").toList();
        ObjectNode body = Json.object();
        body.put("error", "channel " + id + " is used by " + routed.size() + " application" + (routed.size() == 1 ? "" : "s")
                + ": " + String.join(", ", named) + (routed.size() > listed.size() ? ", ..." : "")
                + "; route them elsewhere first, or delete with ?detach=true to take the channel out of their channels. "
                + "Nothing was deleted");
        body.put("applicationCount", routed.size());
        ArrayNode applications = body.putArray("applications");
        listed.forEach(app -> applications.addObject().put("id", app.id()).put("name", app.name()));
        return HttpResponse.json(409, body);
    }

    /** The channel, with its version as the {@code ETag} that {@code If-Match} may name. */
    private HttpResponse shown(int status, Channel channel, Caller caller) {
        return HttpResponse.json(status, render.channel(channel, caller)).withHeader("etag", IfMatch.etag(channel.version()));
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no channel with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
