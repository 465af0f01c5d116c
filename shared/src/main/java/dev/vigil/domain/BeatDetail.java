package dev.vigil.domain;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a beat carries beyond its time and origin: its signal, the exit code it came as, the run id that
 * pairs a start with its end, the run's duration (measured by Vigil from the matching start, filled in
 * when the beat is recorded in the history), the request body, and the client's metadata: a message, a
 * duration it measured itself ({@code reportedSeconds}) and named numeric metrics.
 */
public record BeatDetail(
        SignalKind kind,
        Optional<Integer> exitCode,
        Optional<String> rid,
        Optional<Long> durationMs,
        Optional<Body> body,
        Optional<String> message,
        Optional<Double> reportedSeconds,
        Map<String, Double> metrics) {

    /** A plain success: no exit code, no run id, no body, no metadata. */
    public static final BeatDetail NONE = of(SignalKind.SUCCESS);

    public BeatDetail {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A signal with nothing else. */
    public static BeatDetail of(SignalKind kind) {
        return new BeatDetail(kind, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * A request body as stored: its text (the first bytes up to the limit, cut on a character boundary),
     * its content type, and whether it was cut.
     */
    public record Body(String text, Optional<String> contentType, boolean truncated) {
    }

    /**
     * Whether the beat carries a body or metadata: such a beat's history entry is written with it on the
     * request path, so the (large) body never rides on the application item.
     */
    public boolean hasPayload() {
        return body.isPresent() || message.isPresent() || reportedSeconds.isPresent() || !metrics.isEmpty();
    }

    /** The same detail with the run's measured duration. */
    public BeatDetail withDuration(Optional<java.time.Duration> duration) {
        return new BeatDetail(kind, exitCode, rid, duration.map(java.time.Duration::toMillis), body, message,
                reportedSeconds, metrics);
    }
}
