package dev.vigil.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Json;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One message of the sweep queue: up to {@value #MAX_TENANTS} tenant ids that a scheduled run handed
 * on at {@code queuedAt}. Its body is {@code {"tenantIds": [...], "queuedAt": "..."}}.
 */
public record SweepMessage(List<String> tenantIds, Instant queuedAt) {
    public static final int MAX_TENANTS = 10;

    public SweepMessage {
        tenantIds = List.copyOf(tenantIds);
        if (tenantIds.isEmpty() || tenantIds.size() > MAX_TENANTS) {
            throw new IllegalArgumentException("a sweep message holds 1 to " + MAX_TENANTS + " tenant ids, not " + tenantIds.size());
        }
    }

    /** The tenants in messages of {@value #MAX_TENANTS} (the last one fewer), in order. */
    public static List<SweepMessage> batches(List<String> tenantIds, Instant queuedAt) {
        List<SweepMessage> messages = new ArrayList<>();
        for (int from = 0; from < tenantIds.size(); from += MAX_TENANTS) {
            messages.add(new SweepMessage(tenantIds.subList(from, Math.min(tenantIds.size(), from + MAX_TENANTS)), queuedAt));
        }
        return messages;
    }

    public String body() {
        ObjectNode node = Json.object();
        tenantIds.forEach(node.putArray("tenantIds")::add);
        return Json.write(node.put("queuedAt", queuedAt.toString()));
    }

    /** Reads a message body; {@link IllegalArgumentException} saying what is wrong with it. */
    public static SweepMessage parse(String body) {
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("a sweep message is not JSON");
        }
        List<String> ids = new ArrayList<>();
        node.path("tenantIds").forEach(id -> {
            if (!Tenant.isWellFormedId(id.asText())) {
                throw new IllegalArgumentException("a sweep message names no tenant: '" + id.asText() + "'");
            }
            ids.add(id.asText());
        });
        try {
            return new SweepMessage(ids, Instant.parse(node.path("queuedAt").asText()));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("a sweep message has no queuedAt time");
        }
    }
}
