package dev.vigil.ingest;

import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import dev.vigil.runtime.Priming;
import dev.vigil.store.IngestHealthStore;
import dev.vigil.wiring.Platform;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST|GET|HEAD /heartbeat/{uuid}}: 200 when the beat was stored durably, 404 for an unknown or
 * malformed UUID (a malformed one never reaches DynamoDB). The beat is timed by the server. Each
 * invocation counts its beat as {@code BeatsIngested} (stored, for an active or a paused application)
 * or {@code BeatsRejected} (no such application). A beat that cannot be stored gets 503 with
 * {@code Retry-After} and is counted as {@code BeatsFailed} and in the ingest health ({@link IngestFailures}).
 */
public final class BeatIngestHandler extends HttpFunction implements Priming.Primed {
    /** Well formed, and no application's: a priming beat's conditional write fails and changes nothing. */
    static final String PRIMING_UUID = "00000000-0000-4000-8000-000000000000";

    static final String FUNCTION = "beat-ingest";

    private final BeatRecorder recorder;
    private final Metrics metrics;
    private final IngestFailures failures;

    /** On Lambda: everything from the environment; primed before the SnapStart snapshot. */
    public BeatIngestHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    public BeatIngestHandler(Platform platform) {
        this(new BeatRecorder(platform.tables().applications(), platform.clock()), platform.metrics(FUNCTION),
                IngestHealthStore.fromEnv(platform.env(), platform.dynamo()), platform.clock());
    }

    BeatIngestHandler(BeatRecorder recorder, Metrics metrics, IngestHealthStore health, Clock clock) {
        this.recorder = recorder;
        this.metrics = metrics;
        this.failures = new IngestFailures(health, clock, metrics);
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        return failures.guard(() -> store(request));
    }

    private HttpResponse store(HttpRequest request) {
        Optional<BeatRecorder.Receipt> receipt = recorder.beat(request.pathParam("uuid").orElse(null), request.method(),
                request.sourceIp(), request.header("user-agent"));
        if (receipt.isEmpty()) {
            metrics.count("BeatsRejected");
            return HttpResponse.error(404, "no application has this heartbeat URL");
        }
        metrics.count("BeatsIngested");
        return HttpResponse.json(200, "{\"ok\":true,\"status\":\"" + receipt.get().status() + "\"}");
    }

    /**
     * The real request path, repeated so the JIT compiles it before the snapshot: a beat for a UUID no
     * application has, whose conditional write writes nothing, and a read of that UUID, which takes the
     * SDK's path for a successful answer (the one a real beat gets) without writing either.
     */
    @Override
    public void prime() {
        metrics.muted(() -> {
            for (int i = 0; i < PRIMING_ROUNDS; i++) {
                primeWith("POST", "POST /heartbeat/{uuid}", "/heartbeat/" + PRIMING_UUID, "{\"uuid\":\"" + PRIMING_UUID + "\"}");
                recorder.primeSuccessfulAnswer(PRIMING_UUID);
            }
        });
    }

    @Override
    protected void invocationEnded() {
        metrics.flush();
    }

    /** Enough rounds for the JIT's first tier on the request path; a few hundred milliseconds in all. */
    static final int PRIMING_ROUNDS = 20;

    @Override
    protected String pathForLog(HttpRequest request) {
        return "/heartbeat/" + Log.mask(request.pathParam("uuid").orElse(""));
    }
}
