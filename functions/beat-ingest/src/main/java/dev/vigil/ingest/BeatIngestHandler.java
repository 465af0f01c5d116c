package dev.vigil.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.SignalKind;
import dev.vigil.runtime.HttpFunction;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import dev.vigil.runtime.Priming;
import dev.vigil.store.IngestHealthStore;
import dev.vigil.store.BeatKeyStore;
import dev.vigil.wiring.Platform;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code POST|GET|HEAD /heartbeat/{uuid}} and {@code /heartbeat/{uuid}/{start|fail|log|0..255}}: 200
 * when the beat was stored durably, 404 for an unknown or malformed UUID or signal (a malformed one never
 * reaches DynamoDB), 400 for a malformed run id or metadata. The beat is timed by the server. Each
 * invocation counts its beat as {@code BeatsIngested} (stored, for an active or a paused application)
 * or {@code BeatsRejected} (no such application). A beat that cannot be stored gets 503 with
 * {@code Retry-After} and is counted as {@code BeatsFailed} and in the ingest health ({@link IngestFailures}).
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
    private final SignalRecorder signals;
    private final int bodyLimit;
    private final Metrics metrics;
    private final IngestFailures failures;
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
        this(new BeatRecorder(platform.tables().applications(), platform.clock()),
                new SignalRecorder(platform.tables().applications(), platform.tables().heartbeats(), platform.clock()),
                bodyLimit(platform.env().get(BeatDetails.BODY_LIMIT_SETTING)), platform.metrics(FUNCTION),
                IngestHealthStore.fromEnv(platform.env(), platform.dynamo()), platform.clock(),
                Optional.of(new SlugResolver(new BeatKeyStore(platform.dynamo(), platform.env().require(BeatKeyStore.TABLE_SETTING)),
                        platform.tables().applications(), platform.clock(),
                        platform.env().getLong("AUTO_CREATE_LIMIT", SlugResolver.DEFAULT_AUTO_CREATE_LIMIT))));
    }

    BeatIngestHandler(BeatRecorder recorder, SignalRecorder signals, int bodyLimit, Metrics metrics,
                      IngestHealthStore health, Clock clock, Optional<SlugResolver> slugs) {
        this.recorder = recorder;
        this.signals = signals;
        this.bodyLimit = bodyLimit;
        this.metrics = metrics;
        this.failures = new IngestFailures(health, clock, metrics);
        this.slugs = slugs;
    }

    /** {@value BeatDetails#BODY_LIMIT_SETTING}: bytes of a beat's body kept (default {@value BeatDetails#DEFAULT_BODY_LIMIT}). */
    static int bodyLimit(Optional<String> setting) {
        if (setting.isEmpty() || setting.get().isBlank()) {
            return BeatDetails.DEFAULT_BODY_LIMIT;
        }
        try {
            int limit = Integer.parseInt(setting.get().strip());
            if (limit >= 0 && limit <= MAX_BODY_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalStateException(BeatDetails.BODY_LIMIT_SETTING + " must be a number of bytes from 0 to "
                + MAX_BODY_LIMIT + ", was '" + setting.get() + "'");
    }

    /** A history item holds at most 400 KB; a body is kept well within it. */
    static final int MAX_BODY_LIMIT = 100_000;

    /**
     * {@code /heartbeat/{uuid}} and {@code /heartbeat/{uuid}/{signal+}} (the second also carries
     * {@code /heartbeat/{pingKey}/{slug}[/{signal}]}): the path names the application and the signal
     * ({@link BeatPath}), the query and body the rest ({@link BeatDetails}).
     */
    @Override
    protected HttpResponse handle(HttpRequest request) {
        return failures.guard(() -> store(request));
    }

    static final String BULK_ROUTE = "POST /heartbeats";
    /** The greedy path variable of {@code /heartbeat/{uuid}/{signal+}}: whatever follows the first segment. */
    static final String SIGNAL = "signal";

    private HttpResponse store(HttpRequest request) {
        if (BULK_ROUTE.equals(request.routeKey())) {
            return bulk(request);
        }
        Optional<BeatPath> path = BeatPath.parse(request.pathParam("uuid").orElse(null), request.pathParam(SIGNAL));
        if (path.isEmpty()) {
            return rejected();
        }
        BeatDetail detail;
        try {
            detail = BeatDetails.parse(path.get().signal(), request.query(), request.body(),
                    request.header("content-type"), bodyLimit);
        } catch (InvalidInput e) {
            metrics.count("BeatsRejected");
            return HttpResponse.error(400, e.getMessage());
        }
        // The one place a URL's target becomes an application's UUID.
        return switch (path.get().target()) {
            case BeatPath.ByUuid byUuid -> signal(request, byUuid.uuid(), detail);
            case BeatPath.BySlug bySlug -> slugBeat(request, bySlug, detail);
        };
    }

    private HttpResponse slugBeat(HttpRequest request, BeatPath.BySlug target, BeatDetail detail) {
        if (slugs.isEmpty()) {
            return rejected();
        }
        boolean create = request.queryParam("create").filter(flag -> flag.equals("1") || flag.equals("true")).isPresent();
        return switch (slugs.get().resolve(target, create)) {
            case SlugResolver.Resolution.Found found -> {
                if (found.created()) {
                    metrics.count("ApplicationsAutoCreated");
                }
                yield signal(request, found.uuid(), detail);
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

    private HttpResponse signal(HttpRequest request, String uuid, BeatDetail detail) {
        Optional<SignalRecorder.Receipt> receipt = signals.record(uuid, detail, request.method(),
                request.sourceIp(), request.header("user-agent"));
        if (receipt.isEmpty()) {
            return rejected();
        }
        metrics.count("BeatsIngested");
        ObjectNode body = Json.object().put("ok", true);
        if (detail.kind() == SignalKind.SUCCESS || receipt.get().status().equals("paused")) {
            body.put("status", receipt.get().status());
        }
        if (detail.kind() != SignalKind.SUCCESS || detail.exitCode().isPresent()) {
            body.put("signal", detail.kind().wire());
        }
        detail.body().filter(BeatDetail.Body::truncated).ifPresent(cut -> body.put("truncated", true));
        if (receipt.get().coalesced()) {
            metrics.count("BeatsCoalesced");
            body.put("coalesced", true);
        }
        return HttpResponse.json(200, Json.write(body));
    }

    private HttpResponse rejected() {
        metrics.count("BeatsRejected");
        return HttpResponse.error(404, "no application has this heartbeat URL");
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
                primeWith("POST", "POST /heartbeat/{uuid}/{signal+}", "/heartbeat/" + PRIMING_UUID + "/fail",
                        "{\"uuid\":\"" + PRIMING_UUID + "\",\"signal\":\"fail\"}");
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
