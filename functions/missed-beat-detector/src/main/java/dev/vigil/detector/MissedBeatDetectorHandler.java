package dev.vigil.detector;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Component;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.KillSwitch;
import dev.vigil.runtime.Log;
import dev.vigil.runtime.Metrics;
import dev.vigil.runtime.Priming;
import dev.vigil.store.IngestHealthStore;
import dev.vigil.store.PulseRecorder;
import dev.vigil.wiring.Platform;
import dev.vigil.wiring.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Invoked by the EventBridge schedule. EventBridge fires at most once a minute, so one invocation runs
 * {@code schedule / CHECK_INTERVAL_SECONDS} passes spaced by the check interval (two passes for the
 * default one-minute schedule and 30-second interval), stopping early if the invocation runs short of time.
 * Each invocation writes its metrics: {@code Flips} (applications that went down or recovered),
 * {@code AlertsPublished}, {@code MissesUnknown} (misses held back because Vigil's own ingest was unhealthy,
 * {@link IngestWatch}) and {@code DetectorDurationMs} (one value per pass).
 */
public final class MissedBeatDetectorHandler implements RequestStreamHandler, Priming.Primed {
    private static final Log LOG = Log.of(MissedBeatDetectorHandler.class);
    private static final long SAFETY_MARGIN_MS = 10_000;
    private static final String DEFAULT_SCHEDULE = "rate(1 minute)";

    private final MissedBeatScan scan;
    private final Duration checkInterval;
    private final int passes;
    private final Sleeper sleeper;
    private final boolean enabled;
    private final PulseRecorder pulse;
    private final Metrics metrics;
    static final String FUNCTION = "missed-beat-detector";

    /** Waits between passes; tests pass one that does not sleep. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** On Lambda: everything from the environment. */
    public MissedBeatDetectorHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    public MissedBeatDetectorHandler(Platform platform) {
        this(scan(platform), PulseRecorder.fromEnv(platform.env(), platform.dynamo(), Component.MISSED_BEAT_DETECTOR,
                        platform.clock(), DEFAULT_SCHEDULE),
                Duration.ofSeconds(platform.env().getLong("CHECK_INTERVAL_SECONDS", 30)),
                duration -> Thread.sleep(duration.toMillis()), KillSwitch.enabled(platform.env()), platform.metrics(FUNCTION));
    }

    private static MissedBeatScan scan(Platform platform) {
        Tables tables = platform.tables();
        return new MissedBeatScan(tables.applications(), platform.ledger(),
                new FollowUps(tables.scheduled(), tables.applications(), platform.ledger(), platform.clock()),
                platform.clock(), (int) platform.env().getLong("DETECTOR_CONCURRENCY", MissedBeatScan.DEFAULT_CONCURRENCY),
                IngestWatch.fromEnv(platform.env(), IngestHealthStore.fromEnv(platform.env(), platform.dynamo()),
                        tables.applications(), platform.ledger()));
    }

    /**
     * {@code enabled} false: every invocation only logs that detection is switched off ({@link KillSwitch}).
     * Every invocation ends by recording its pulse with {@code pulse}, whose schedule sets the passes,
     * and by flushing {@code metrics}.
     */
    public MissedBeatDetectorHandler(MissedBeatScan scan, PulseRecorder pulse, Duration checkInterval, Sleeper sleeper,
                                     boolean enabled, Metrics metrics) {
        if (checkInterval.isZero() || checkInterval.isNegative()) {
            throw new IllegalStateException("CHECK_INTERVAL_SECONDS must be positive");
        }
        this.scan = scan;
        this.pulse = pulse;
        this.checkInterval = checkInterval;
        this.passes = (int) Math.max(1, pulse.schedule().toMillis() / checkInterval.toMillis());
        this.sleeper = sleeper;
        this.enabled = enabled;
        this.metrics = metrics;
    }

    /** A pass's reads, at a moment when nothing can be due (the epoch): they find nothing, so nothing is written. */
    @Override
    public void prime() {
        scan.prime();
    }

    public int passesPerInvocation() {
        return passes;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Json.read(input);
        Log.bind(context == null ? "missed-beat-detector" : context.getFunctionName(),
                context == null ? "-" : context.getAwsRequestId());
        if (!enabled) {
            LOG.warn("Missed-beat detection is switched off (" + KillSwitch.VARIABLE + "=false); nothing was checked");
            pulse.disabled();
            output.write(Json.write(Json.object().put("disabled", true).put("passes", 0)).getBytes(StandardCharsets.UTF_8));
            return;
        }
        ObjectNode summary;
        try {
            summary = run(context);
        } catch (RuntimeException | Error e) {
            pulse.failed(e);
            throw e;
        } finally {
            metrics.flush();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        summary.fields().forEachRemaining(field -> counts.put(field.getKey(), field.getValue().asLong()));
        pulse.healthy(counts);
        output.write(Json.write(summary).getBytes(StandardCharsets.UTF_8));
    }

    ObjectNode run(Context context) {
        int done = 0;
        int flipped = 0;
        int recovered = 0;
        int published = 0;
        int unknown = 0;
        for (int pass = 0; pass < passes; pass++) {
            if (pass > 0) {
                if (context != null && context.getRemainingTimeInMillis() < checkInterval.toMillis() + SAFETY_MARGIN_MS) {
                    LOG.warn("Stopping early: the invocation is running out of time", "passes", done);
                    break;
                }
                try {
                    sleeper.sleep(checkInterval);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Optional<Duration> budget = context == null ? Optional.empty()
                    : Optional.of(Duration.ofMillis(Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS)));
            Metrics.Stopwatch timer = metrics.start();
            MissedBeatScan.Result result = scan.runPass(budget);
            timer.stop("DetectorDurationMs");
            metrics.count("Flips", result.flippedDown() + result.recoveries());
            metrics.count("AlertsPublished", result.published());
            metrics.count("MissesUnknown", result.unknown());
            done++;
            flipped += result.flippedDown();
            recovered += result.recoveries();
            published += result.published();
            unknown += result.unknown();
        }
        return Json.object().put("passes", done).put("flippedDown", flipped).put("recoveries", recovered)
                .put("published", published).put("unknown", unknown);
    }
}
