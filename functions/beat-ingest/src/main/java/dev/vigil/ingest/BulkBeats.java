package dev.vigil.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.runtime.Bounded;
import dev.vigil.runtime.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code POST /heartbeats}: a success beat for each of up to {@value #MAX_UUIDS} UUIDs, given as
 * {@code {"uuids": [...]}} or as a bare JSON array. Each is recorded exactly as {@code POST /heartbeat/{uuid}}
 * records it, at most {@value #CONCURRENCY} at a time; a UUID given twice is recorded once. The answer lists
 * which were {@code recorded}, {@code unknown} (no application has it) and {@code invalid} (not a UUID).
 */
final class BulkBeats {
    static final int MAX_UUIDS = 100;
    static final int CONCURRENCY = 16;
    /** How much of an invalid entry the answer repeats. */
    private static final int SHOWN = 64;

    /** A body the endpoint cannot take: 400, nothing recorded. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** What the request asked for: well-formed UUIDs (canonical, each once) and the entries that were not. */
    record Request(List<String> uuids, List<String> invalid) {
    }

    /** What became of each. */
    record Outcome(List<String> recorded, List<String> unknown, List<String> invalid) {
        ObjectNode json() {
            ObjectNode body = Json.object();
            body.put("ok", true);
            add(body.putArray("recorded"), recorded);
            add(body.putArray("unknown"), unknown);
            add(body.putArray("invalid"), invalid);
            return body;
        }

        private static void add(ArrayNode array, List<String> values) {
            values.forEach(array::add);
        }
    }

    private BulkBeats() {
    }

    static Request parse(Optional<String> body) {
        if (body.isEmpty() || body.get().isBlank()) {
            throw new Refused("body must be {\"uuids\": [...]} or a JSON array of up to " + MAX_UUIDS + " UUIDs");
        }
        JsonNode json;
        try {
            json = Json.parse(body.get());
        } catch (JsonProcessingException notJson) {
            throw new Refused("body is not JSON: expected {\"uuids\": [...]} or a JSON array of UUIDs");
        }
        JsonNode list = json.isObject() ? json.get("uuids") : json;
        if (json.isObject() && json.size() != 1) {
            throw new Refused("the body object takes one field, uuids");
        }
        if (list == null || !list.isArray()) {
            throw new Refused("body must be {\"uuids\": [...]} or a JSON array of UUIDs");
        }
        if (list.isEmpty() || list.size() > MAX_UUIDS) {
            throw new Refused("a bulk request holds 1 to " + MAX_UUIDS + " UUIDs, this one " + list.size()
                    + "; nothing was recorded");
        }
        Set<String> uuids = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        for (JsonNode entry : list) {
            Optional<String> uuid = entry.isTextual() ? BeatRecorder.canonicalUuid(entry.textValue()) : Optional.empty();
            if (uuid.isPresent()) {
                uuids.add(uuid.get());
            } else {
                String shown = entry.isTextual() ? entry.textValue() : entry.toString();
                invalid.add(shown.length() <= SHOWN ? shown : shown.substring(0, SHOWN) + "...");
            }
        }
        return new Request(List.copyOf(uuids), invalid);
    }

    /** Records each, in parallel; {@code beat} answers whether an application had the UUID. */
    static Outcome record(Request request, Predicate<String> beat) {
        List<Boolean> known = Bounded.map(request.uuids(), CONCURRENCY, beat::test);
        List<String> recorded = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < known.size(); i++) {
            (known.get(i) ? recorded : unknown).add(request.uuids().get(i));
        }
        return new Outcome(recorded, unknown, request.invalid());
    }
}
