package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Channel;
import dev.vigil.domain.Ids;
import dev.vigil.domain.OutboundRules;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import java.util.Optional;

/** {@code /api/channels}: alert channels, their secrets write-only. */
final class ChannelsResource {
    private static final Log LOG = Log.of(ChannelsResource.class);

    private final ChannelRegistry channels;
    private final Render render;
    private final OutboundRules rules;
    private final OutboundRules.Resolver resolver;

    ChannelsResource(ChannelRegistry channels, Render render, OutboundRules rules, OutboundRules.Resolver resolver) {
        this.channels = channels;
        this.render = render;
        this.rules = rules;
        this.resolver = resolver;
    }

    HttpResponse list(HttpRequest request) {
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray("channels");
        channels.all().forEach(c -> items.add(render.channel(c)));
        return HttpResponse.json(200, body);
    }

    HttpResponse create(HttpRequest request) {
        Channel created = channels.create(ChannelRequest.forCreate(Input.body(request), rules, resolver));
        LOG.info("Channel created", "channelId", created.id(), "channelType", created.type().wire());
        return HttpResponse.json(201, render.channel(created)).withHeader("location", "/api/channels/" + created.id());
    }

    HttpResponse get(HttpRequest request) {
        return found(request).map(c -> HttpResponse.json(200, render.channel(c))).orElseGet(() -> notFound(request));
    }

    HttpResponse update(HttpRequest request) {
        return found(request)
                .flatMap(existing -> channels.update(existing, ChannelRequest.forUpdate(Input.body(request), existing.type(), rules, resolver)))
                .map(c -> HttpResponse.json(200, render.channel(c)))
                .orElseGet(() -> notFound(request));
    }

    HttpResponse delete(HttpRequest request) {
        boolean deleted = Input.id(request, Ids.CHANNEL).map(channels::delete).orElse(false);
        return deleted ? HttpResponse.empty(204) : notFound(request);
    }

    private Optional<Channel> found(HttpRequest request) {
        return Input.id(request, Ids.CHANNEL).flatMap(channels::find);
    }

    private static HttpResponse notFound(HttpRequest request) {
        return HttpResponse.error(404, "no channel with id '" + Input.printable(request.pathParam("id").orElse("")) + "'");
    }
}
