package dev.vigil.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Ids;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.TagFilter;
import dev.vigil.domain.Tags;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.runtime.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the admin routes read from a request: a bounded JSON body, a page size, a well-formed id. */
final class Input {
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 100;

    private Input() {
    }

    /** The body as one JSON value, at most {@value #MAX_BODY_BYTES} bytes. */
    static JsonNode body(HttpRequest request) {
        String text = request.body().orElse("");
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw new InvalidInput("body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        if (text.isBlank()) {
            throw new InvalidInput("body must be a JSON object");
        }
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInput("body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code ?limit=}, 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}. */
    static int limit(HttpRequest request) {
        Optional<String> value = request.queryParam("limit");
        if (value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInput("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** The {@code {id}} path parameter when it has the shape of {@code kind}; anything else names nothing. */
    static Optional<String> id(HttpRequest request, Ids kind) {
        return request.pathParam("id").filter(kind::matches);
    }

    /** {@code text} safe to echo in an error: letters, digits, '_' and '-', at most 40 characters. */
    static String printable(String text) {
        String clean = text.replaceAll("[^A-Za-z0-9_\\-]", "?");
        return clean.length() > 40 ? clean.substring(0, 40) : clean;
    }

    /** The boolean in {@code body}'s {@code field}, if set; a non-boolean adds a problem. */
    static Optional<Boolean> flag(JsonNode body, String field, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            problems.add(field + " must be true or false");
            return Optional.empty();
        }
        return Optional.of(node.booleanValue());
    }

    /** {@code "tags"}: absent or {@code null} leaves them as they are; a list of tags ({@link Tags#normalize}) replaces them. */
    static Optional<List<String>> tags(JsonNode body, List<String> problems) {
        JsonNode node = body.get("tags");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            problems.add(Tags.RULE);
            return Optional.empty();
        }
        List<String> given = new ArrayList<>();
        for (JsonNode tag : node) {
            if (!tag.isTextual()) {
                problems.add(Tags.RULE);
                return Optional.empty();
            }
            given.add(tag.textValue());
        }
        try {
            return Optional.of(Tags.normalize(given));
        } catch (InvalidInput e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }

    /** {@code ?tag=}: one tag, or several (repeated or separated by commas), all required; none: no filter. */
    static TagFilter tagFilter(HttpRequest request) {
        return request.queryParam("tag").map(TagFilter::parse).orElse(TagFilter.ALL);
    }
}
