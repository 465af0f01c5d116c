package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.ComponentRef;
import dev.vigil.domain.InvalidInput;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The components that status pages, incidents and maintenance notices name ({@code {"kind": "application"
 * | "check", "id": ...}}): read from a request and checked to exist in the caller's tenant, so that
 * nothing shows or names another tenant's application or check (400 otherwise).
 */
final class StatusComponents {
    static final int MAX_AFFECTED = 100;

    private final ApplicationRegistry applications;
    private final CheckRegistry checks;

    StatusComponents(ApplicationRegistry applications, CheckRegistry checks) {
        this.applications = applications;
        this.checks = checks;
    }

    /** The component {@code node} names; 400 for a malformed one or one the tenant does not have. */
    ComponentRef existing(String tenantId, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidInput("a component is {\"kind\": \"application\" or \"check\", \"id\": ...}");
        }
        ComponentRef.Kind kind = ComponentRef.Kind.fromWire(node.path("kind").asText())
                .orElseThrow(() -> new InvalidInput("a component's kind must be application or check"));
        String id = node.path("id").asText();
        if (!kind.ids().matches(id)) {
            throw new InvalidInput("unknown " + kind.wire() + ": " + Input.printable(id));
        }
        boolean exists = kind == ComponentRef.Kind.APPLICATION ? applications.find(tenantId, id).isPresent()
                : checks.find(tenantId, id).isPresent();
        if (!exists) {
            throw new InvalidInput("unknown " + kind.wire() + ": " + id);
        }
        return new ComponentRef(kind, id);
    }

    /** {@code body.affected}: absent is none; a list of existing components, each once. */
    List<ComponentRef> affected(String tenantId, JsonNode body) {
        JsonNode node = body.get("affected");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_AFFECTED) {
            throw new InvalidInput("affected must be a list of at most " + MAX_AFFECTED + " components");
        }
        LinkedHashSet<ComponentRef> refs = new LinkedHashSet<>();
        node.forEach(item -> refs.add(existing(tenantId, item)));
        return new ArrayList<>(refs);
    }

    static ArrayNode render(ArrayNode into, List<ComponentRef> refs) {
        refs.forEach(ref -> into.addObject().put("kind", ref.kind().wire()).put("id", ref.id()));
        return into;
    }

    /** A required string field. */
    static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || !node.isTextual()) {
            throw new InvalidInput(field + " is required and must be a string");
        }
        return node.textValue();
    }

    /** An optional string field. */
    static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new InvalidInput(field + " must be a string");
        }
        return Optional.of(node.textValue());
    }

    /** An ISO-8601 instant such as 2026-11-30T10:00:00Z. */
    static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInput(field + " must be an ISO-8601 instant such as 2026-11-30T10:00:00Z");
        }
    }

    static ObjectNode object(JsonNode body) {
        if (!body.isObject()) {
            throw new InvalidInput("body must be a JSON object");
        }
        return (ObjectNode) body;
    }
}
