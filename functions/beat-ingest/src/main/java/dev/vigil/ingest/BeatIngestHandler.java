package dev.vigil.ingest;

import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import dev.vigil.runtime.Priming;
import dev.vigil.store.BeatKeyStore;
import dev.vigil.wiring.Platform;
import java.util.Optional;

/**
 * {@code POST|GET|HEAD /heartbeat/{uuid}}: 200 when the beat was stored durably, 404 for an unknown or
 * malformed UUID (a malformed one never reaches DynamoDB). The beat is timed by the server. Each
 * invocation counts its beat as {@code BeatsIngested} (stored, for an active or a paused application)
 * or {@code BeatsRejected} (no such application).
 *
 * <p>{@code /heartbeat/{pingKey}/{slug}} beats the application with that slug in the ping key's tenant
 * ({@link SlugResolver}; {@code ?create=1} creates it when unknown, 403 past the tenant's limit), and
 * {@code POST /heartbeats} beats up to {@value BulkBeats#MAX_UUIDS} UUIDs at once ({@link BulkBeats}).
 */
public final class BeatIngestHandler extends HttpFunction implements Priming.Primed {
    /** Well formed, and no application's: a priming beat's conditional write fails and changes nothing. */
    static final String PRIMING_UUID = "00000000-0000-4000-8000-000000000000";
    /** Well formed, and no tenant's (a generated key has 128 random bits): a priming slug beat reads and answers 404. */
    static final String PRIMING_PING_KEY = "AAAAAAAAAAAAAAAAAAAAAA";

    static final String FUNCTION = "beat-ingest";

    private final BeatRecorder recorder;
    private final Metrics metrics;
    private final Optional<SlugResolver> slugs;

    /** On Lambda: everything from the environment; primed before the SnapStart snapshot. */
    public BeatIngestHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    /**
     * Slug URLs resolve through the table {@code BEAT_KEYS_TABLE} names; {@code ?create=1} creates at most
     * {@code AUTO_CREATE_LIMIT} (default {@value SlugResolver#DEFAULT_AUTO_CREATE_LIMIT}) applications per tenant.
     */
    public BeatIngestHandler(Platform platform) {
        this(new BeatRecorder(platform.tables().applications(), platform.clock()), platform.metrics(FUNCTION),
                Optional.of(new SlugResolver(new BeatKeyStore(platform.dynamo(), platform.env().require(BeatKeyStore.TABLE_SETTING)),
                        platform.tables().applications(), platform.clock(),
                        platform.env().getLong("AUTO_CREATE_LIMIT", SlugResolver.DEFAULT_AUTO_CREATE_LIMIT))));
    }

    BeatIngestHandler(BeatRecorder recorder, Metrics metrics) {
        this(recorder, metrics, Optional.empty());
    }

    BeatIngestHandler(BeatRecorder recorder, Metrics metrics, Optional<SlugResolver> slugs) {
        this.recorder = recorder;
        this.metrics = metrics;
        this.slugs = slugs;
    }

    @Override
    protected HttpResponse handle(HttpRequest request) {
        if (BULK_ROUTE.equals(request.routeKey())) {
            return bulk(request);
        }
        if (request.pathParam(SIGNAL).isPresent()) {
            return beatPath(request);
        }
        return beat(request, request.pathParam("uuid").orElse(null));
    }

    static final String BULK_ROUTE = "POST /heartbeats";
    /** The greedy path variable of {@code /heartbeat/{uuid}/{signal+}}: whatever follows the first segment. */
    static final String SIGNAL = "signal";

    /**
     * {@code /heartbeat/{first}/{rest...}}: a UUID with a signal, or a ping key with a slug. The one place a
     * {@link BeatPath.Target} becomes a UUID.
     */
    private HttpResponse beatPath(HttpRequest request) {
        Optional<BeatPath> path = BeatPath.parse(request.pathParam("uuid").orElse(null), request.pathParam(SIGNAL));
        if (path.isEmpty() || path.get().signal().kind() != BeatPath.Kind.SUCCESS) {
            metrics.count("BeatsRejected");
            return HttpResponse.error(404, "no application has this heartbeat URL");
        }
        return switch (path.get().target()) {
            case BeatPath.ByUuid byUuid -> beat(request, byUuid.uuid());
            case BeatPath.BySlug bySlug -> slugBeat(request, bySlug);
        };
    }

    private HttpResponse slugBeat(HttpRequest request, BeatPath.BySlug target) {
        if (slugs.isEmpty()) {
            metrics.count("BeatsRejected");
            return HttpResponse.error(404, "no application has this heartbeat URL");
        }
        boolean create = request.queryParam("create").filter(flag -> flag.equals("1") || flag.equals("true")).isPresent();
        return switch (slugs.get().resolve(target, create)) {
            case SlugResolver.Resolution.Found found -> {
                if (found.created()) {
                    metrics.count("ApplicationsAutoCreated");
                }
                yield beat(request, found.uuid());
            }
            case SlugResolver.Resolution.Unknown unknown -> {
                metrics.count("BeatsRejected");
                yield HttpResponse.error(404, unknown.reason());
            }
            case SlugResolver.Resolution.LimitReached limit -> {
                metrics.count("BeatsRejected");
                yield HttpResponse.error(403, "this tenant has created " + limit.limit() + " applications with ?create=1, "
                        + "its limit; nothing was created. Register the application through the API, or ask the operator "
                        + "to raise AUTO_CREATE_LIMIT");
            }
        };
    }

    private HttpResponse bulk(HttpRequest request) {
        BulkBeats.Request asked;
        try {
            asked = BulkBeats.parse(request.body());
        } catch (BulkBeats.Refused refused) {
            return HttpResponse.error(400, refused.getMessage());
        }
        BulkBeats.Outcome outcome = BulkBeats.record(asked, uuid -> recorder.beat(uuid, request.method(), request.sourceIp(),
                request.header("user-agent")).isPresent());
        metrics.count("BeatsIngested", outcome.recorded().size());
        metrics.count("BeatsRejected", outcome.unknown().size() + outcome.invalid().size());
        return HttpResponse.json(200, outcome.json());
    }

    private HttpResponse beat(HttpRequest request, String uuid) {
        Optional<BeatRecorder.Receipt> receipt = recorder.beat(uuid, request.method(),
                request.sourceIp(), request.header("user-agent"));
        if (receipt.isEmpty()) {
            metrics.count("BeatsRejected");
            return HttpResponse.error(404, "no application has this heartbeat URL");
        }
        metrics.count("BeatsIngested");
        if (receipt.get().coalesced()) {
            metrics.count("BeatsCoalesced");
            return HttpResponse.json(200, "{\"ok\":true,\"status\":\"" + receipt.get().status() + "\",\"coalesced\":true}");
        }
        return HttpResponse.json(200, "{\"ok\":true,\"status\":\"" + receipt.get().status() + "\"}");
    }

    /**
     * The real request path, repeated so the JIT compiles it before the snapshot: a beat for a UUID no
     * application has, whose conditional write writes nothing, a slug beat of a ping key no tenant has
     * (one read), and a read of that UUID, which takes the SDK's path for a successful answer (the one a
     * real beat gets) without writing either.
     */
    @Override
    public void prime() {
        metrics.muted(() -> {
            for (int i = 0; i < PRIMING_ROUNDS; i++) {
                primeWith("POST", "POST /heartbeat/{uuid}", "/heartbeat/" + PRIMING_UUID, "{\"uuid\":\"" + PRIMING_UUID + "\"}");
                if (slugs.isPresent()) {
                    // A slug URL of a ping key nobody has: one read, 404, nothing written.
                    primeWith("POST", "POST /heartbeat/{uuid}/{signal+}", "/heartbeat/" + PRIMING_PING_KEY + "/priming",
                            "{\"uuid\":\"" + PRIMING_PING_KEY + "\",\"signal\":\"priming\"}");
                }
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
        if (BULK_ROUTE.equals(request.routeKey())) {
            return "/heartbeats";
        }
        return "/heartbeat/" + Log.mask(request.pathParam("uuid").orElse(""))
                + request.pathParam(SIGNAL).map(rest -> "/" + rest).orElse("");
    }
}
