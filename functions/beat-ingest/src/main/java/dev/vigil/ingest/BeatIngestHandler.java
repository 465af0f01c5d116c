package dev.vigil.ingest;

import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.wiring.Platform;
import java.util.Optional;

/**
 * {@code POST|GET|HEAD /heartbeat/{uuid}}: 200 when the beat was stored durably, 404 for an unknown or
 * malformed UUID (a malformed one never reaches DynamoDB). The beat is timed by the server.
 */
public final class BeatIngestHandler extends HttpFunction {
    private final BeatRecorder recorder;

    /** On Lambda: everything from the environment. */
    public BeatIngestHandler() {
        this(Platform.fromEnvironment());
    }

    public BeatIngestHandler(Platform platform) {
        this(new BeatRecorder(platform.tables().applications(), platform.clock()));
    }

    BeatIngestHandler(BeatRecorder recorder) {
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
