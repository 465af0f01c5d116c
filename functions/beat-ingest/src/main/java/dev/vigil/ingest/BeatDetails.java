package dev.vigil.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.SignalKind;
import dev.vigil.runtime.Json;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a beat request carries beyond its URL, read and bounded: the run id ({@code ?rid=}, a UUID), the
 * body (its first {@code bodyLimit} bytes, cut on a character boundary and flagged when cut; never
 * refused for its size) with its content type, and the metadata: {@code ?msg=} (a message),
 * {@code ?duration=} (seconds the client measured) and {@code ?m.<name>=<number>} metrics, or the same in
 * a JSON body ({@code {"msg": ..., "duration": ..., "metrics": {"rows": 123}}}). Query parameters win
 * over the body's. Anything malformed is an {@link InvalidInput} (a 400), so a client learns of it.
 */
public final class BeatDetails {
    /** The default of {@value #BODY_LIMIT_SETTING}: how many bytes of a body are kept. */
    public static final int DEFAULT_BODY_LIMIT = 10_000;
    public static final String BODY_LIMIT_SETTING = "BEAT_BODY_LIMIT";
    public static final int MAX_METRICS = 10;
    public static final int MAX_MESSAGE = 1_000;
    private static final int MAX_METRIC_NAME = 64;

    private BeatDetails() {
    }

    public static BeatDetail parse(BeatPath.Signal signal, Map<String, String> query, Optional<String> body,
                                   Optional<String> contentType, int bodyLimit) {
        Optional<String> rid = Optional.ofNullable(query.get("rid")).map(BeatDetails::rid);
        Optional<BeatDetail.Body> stored = body.filter(text -> !text.isEmpty())
                .map(text -> body(text, contentType.map(String::strip), bodyLimit));
        Optional<JsonNode> json = body.filter(text -> !text.isEmpty() && isJson(contentType)).flatMap(BeatDetails::object);
        Optional<String> message = Optional.ofNullable(query.get("msg"))
                .or(() -> json.map(node -> node.get("msg")).filter(JsonNode::isTextual).map(JsonNode::textValue))
                .map(BeatDetails::message);
        Optional<Double> reported = Optional.ofNullable(query.get("duration")).map(text -> number("duration", text))
                .or(() -> json.map(node -> node.get("duration")).filter(node -> node != null && !node.isNull())
                        .map(node -> jsonNumber("duration", node)));
        if (reported.isPresent() && reported.get() < 0) {
            throw new InvalidInput("duration must be a number of seconds, at least 0");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        json.map(node -> node.get("metrics")).filter(node -> node != null && !node.isNull()).ifPresent(node -> {
            if (!node.isObject()) {
                throw new InvalidInput("metrics must be an object of numbers");
            }
            node.fields().forEachRemaining(f -> metrics.put(metricName(f.getKey()), jsonNumber("metric " + f.getKey(), f.getValue())));
        });
        query.forEach((name, value) -> {
            if (name.startsWith("m.")) {
                metrics.put(metricName(name.substring(2)), number("metric " + name.substring(2), value));
            }
        });
        if (metrics.size() > MAX_METRICS) {
            throw new InvalidInput("at most " + MAX_METRICS + " metrics may be sent with a beat");
        }
        return new BeatDetail(signal.kind(), signal.exitCode(), rid, Optional.empty(), stored, message, reported, metrics);
    }

    /** The signal of a URL with nothing else. */
    static BeatDetail of(BeatPath.Signal signal) {
        return signal.kind() == SignalKind.SUCCESS && signal.exitCode().isEmpty() ? BeatDetail.NONE
                : new BeatDetail(signal.kind(), signal.exitCode(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of());
    }

    /** The first {@code limit} bytes of {@code text} in UTF-8, without a character cut in half. */
    static BeatDetail.Body body(String text, Optional<String> contentType, int limit) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= limit) {
            return new BeatDetail.Body(text, contentType, false);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.IGNORE)
                .onUnmappableCharacter(CodingErrorAction.IGNORE);
        CharBuffer kept = CharBuffer.allocate(limit);
        decoder.decode(ByteBuffer.wrap(bytes, 0, limit), kept, true);
        kept.flip();
        return new BeatDetail.Body(kept.toString(), contentType, true);
    }

    private static String rid(String candidate) {
        return BeatRecorder.canonicalUuid(candidate)
                .orElseThrow(() -> new InvalidInput("rid must be a UUID (8-4-4-4-12 hexadecimal digits)"));
    }

    private static String message(String text) {
        if (text.length() > MAX_MESSAGE) {
            throw new InvalidInput("msg must be at most " + MAX_MESSAGE + " characters");
        }
        return text;
    }

    private static String metricName(String name) {
        if (name.isEmpty() || name.length() > MAX_METRIC_NAME) {
            throw new InvalidInput("a metric name must be 1 to " + MAX_METRIC_NAME + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.')) {
                throw new InvalidInput("metric name " + name + " may only hold letters, digits, '_', '-' and '.'");
            }
        }
        return name;
    }

    private static double number(String what, String text) {
        try {
            double value = Double.parseDouble(text.strip());
            if (Double.isFinite(value) && !text.isBlank()) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new InvalidInput(what + " must be a number, was '" + text + "'");
    }

    private static double jsonNumber(String what, JsonNode node) {
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw new InvalidInput(what + " must be a number");
        }
        return node.doubleValue();
    }

    private static boolean isJson(Optional<String> contentType) {
        return contentType.map(type -> type.toLowerCase(Locale.ROOT).startsWith("application/json")).orElse(false);
    }

    /** The body as a JSON object, if it is one; any other body is kept as text only. */
    private static Optional<JsonNode> object(String text) {
        try {
            JsonNode node = Json.parse(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (java.io.IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }
}
