package dev.vigil.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * EventBridge pattern matching for the patterns the template uses: every key of the pattern must be
 * in the event; an array lists the allowed values (exact match); an object is matched recursively.
 */
final class EventPattern {
    private final JsonNode pattern;

    EventPattern(JsonNode pattern) {
        this.pattern = pattern;
    }

    boolean matches(JsonNode event) {
        return matches(pattern, event);
    }

    private static boolean matches(JsonNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = event.get(field.getKey());
            if (value == null) {
                return false;
            }
            JsonNode expected = field.getValue();
            if (expected.isObject()) {
                if (!matches(expected, value)) {
                    return false;
                }
            } else if (expected.isArray()) {
                boolean any = false;
                for (JsonNode allowed : expected) {
                    if (allowed.isValueNode() && allowed.asText().equals(value.asText())) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            } else if (!expected.asText().equals(value.asText())) {
                return false;
            }
        }
        return true;
    }
}
