package dev.vigil.ingest;

import dev.vigil.config.Services;
import dev.vigil.events.EventBridgePublisher;
import dev.vigil.events.EventPublisher;
import dev.vigil.http.HttpFunction;
import dev.vigil.http.HttpRequest;
import dev.vigil.http.HttpResponse;
import dev.vigil.json.Json;
import dev.vigil.log.Log;
import dev.vigil.monitor.AlertOutbox;
import dev.vigil.monitor.BeatRecorder;
import dev.vigil.store.Stores;
import java.util.Optional;

/**
 * {@code POST|GET|HEAD /heartbeat/{uuid}}: 200 when the beat was stored durably, 404 for an unknown or
 * malformed UUID (a malformed one never reaches DynamoDB). The beat is timed by the server.
 */
public final class BeatIngestHandler extends HttpFunction {
    private final BeatRecorder recorder;

    public BeatIngestHandler() {
        this(Services.fromEnvironment());
    }

    public BeatIngestHandler(Services services) {
        this(new BeatRecorder(Stores.applications(services), Stores.heartbeats(services),
                new AlertOutbox(Stores.events(services),
                        services.port(EventPublisher.class, EventBridgePublisher::fromEnv), services.clock()),
                services.clock()));
    }

    public BeatIngestHandler(BeatRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        Optional<BeatRecorder.Receipt> receipt = recorder.beat(request.pathParam("uuid").orElse(null), request.method(),
                request.sourceIp(), request.header("user-agent"));
        if (receipt.isEmpty()) {
            return HttpResponse.error(404, "no application has this heartbeat URL");
        }
        return HttpResponse.json(200, Json.object().put("ok", true).put("status", receipt.get().status()));
    }

    @Override
    protected String pathForLog(HttpRequest request) {
        return "/heartbeat/" + Log.mask(request.pathParam("uuid").orElse(""));
    }
}
