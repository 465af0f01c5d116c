package dev.vigil.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.domain.PulseStatus;
import dev.vigil.domain.SystemPulse;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.HttpResponse;
import dev.vigil.runtime.Json;
import dev.vigil.store.IngestHealthStore;
import dev.vigil.store.PulseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /system/health} and {@code GET /system/health/badge.svg}: Vigil's own pulse, public and
 * cacheable for {@value #MAX_AGE_SECONDS} seconds. They show component names, times, statuses, counts and
 * error texts ({@link Pulse#describe}: exception types only), and nothing of any tenant; and the health of
 * the ingest ({@code ingest}: {@code healthy} or {@code degraded}, since when and why, and the beats that
 * could not be stored in the last hour), which decides whether misses are {@code unknown} rather than down.
 */
final class SystemHealthResource {
    static final int MAX_AGE_SECONDS = 10;
    private static final String CACHE = "public, max-age=" + MAX_AGE_SECONDS;

    private final PulseStore pulses;
    private final Clock clock;
    private final Optional<IngestHealthStore> ingest;

    SystemHealthResource(PulseStore pulses, Clock clock) {
        this(pulses, clock, Optional.empty());
    }

    /** With the ingest's health read from {@code ingest}. */
    SystemHealthResource(PulseStore pulses, Clock clock, Optional<IngestHealthStore> ingest) {
        this.pulses = pulses;
        this.clock = clock;
        this.ingest = ingest;
    }

    /** {@code {"pulse", "checkedAt", "components": {name: {"pulse", "lastPulse", "nextExpected", "status", "counts", "errors"}}}}. */
    HttpResponse health(HttpRequest request) {
        Instant now = clock.instant();
        Map<Component, Pulse> last = pulses.all();
        Map<Component, PulseStatus> statuses = SystemPulse.components(last, now);
        ObjectNode body = Json.object().put("pulse", SystemPulse.overall(statuses).wire()).put("checkedAt", now.toString());
        ObjectNode components = body.putObject("components");
        statuses.forEach((component, status) -> {
            ObjectNode shown = components.putObject(component.wire()).put("pulse", status.wire());
            Optional.ofNullable(last.get(component)).ifPresent(pulse -> {
                shown.put("lastPulse", pulse.at().toString()).put("nextExpected", pulse.nextExpected().toString())
                        .put("status", pulse.outcome().wire()).put("scheduleSeconds", pulse.schedule().toSeconds());
                if (pulse.disabled()) {
                    shown.put("disabled", true);
                }
                ObjectNode counts = shown.putObject("counts");
                pulse.counts().forEach(counts::put);
                pulse.errors().forEach(shown.putArray("errors")::add);
            });
        });
        ingest.ifPresent(store -> body.set("ingest", ingest(store, now)));
        return HttpResponse.json(200, body).withHeader("cache-control", CACHE);
    }

    /** {@code {"status": "healthy"|"degraded", "since", "reason", "failuresLastHour"}}. */
    private static ObjectNode ingest(IngestHealthStore store, Instant now) {
        IngestHealthStore.State state = store.state();
        ObjectNode shown = Json.object().put("status", state.degraded() ? "degraded" : "healthy");
        state.degradedSince().ifPresent(since -> shown.put("since", since.toString()));
        state.reason().ifPresent(reason -> shown.put("reason", reason.wire()));
        shown.put("failuresLastHour", store.errors(now.minus(Duration.ofHours(1)), now).stream()
                .mapToLong(IngestHealthStore.ErrorBucket::failures).sum());
        return shown;
    }

    /** A small shields-style SVG: "vigil | alive" in green, warning yellow, error red, unknown grey. */
    HttpResponse badge(HttpRequest request) {
        PulseStatus status = SystemPulse.overall(SystemPulse.components(pulses.all(), clock.instant()));
        return new HttpResponse(200, Map.of("content-type", "image/svg+xml", "cache-control", CACHE), svg("vigil", status.wire(),
                colour(status)));
    }

    static String colour(PulseStatus status) {
        return switch (status) {
            case ALIVE -> "#4c1";
            case WARNING -> "#dfb317";
            case ERROR -> "#e05d44";
            case UNKNOWN -> "#9f9f9f";
        };
    }

    private static String svg(String label, String value, String colour) {
        int left = 8 + 7 * label.length();
        int right = 8 + 7 * value.length();
        int width = left + right;
        String l = BadgeImage.escape(label);
        String v = BadgeImage.escape(value);
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"20\" role=\"img\" aria-label=\""
                + l + ": " + v + "\"><title>" + l + ": " + v + "</title>"
                + "<rect width=\"" + left + "\" height=\"20\" fill=\"#555\"/>"
                + "<rect x=\"" + left + "\" width=\"" + right + "\" height=\"20\" fill=\"" + BadgeImage.escape(colour) + "\"/>"
                + "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,DejaVu Sans,sans-serif\" font-size=\"11\">"
                + "<text x=\"" + left / 2 + "\" y=\"14\">" + l + "</text>"
                + "<text x=\"" + (left + right / 2) + "\" y=\"14\">" + v + "</text></g></svg>";
    }
}
