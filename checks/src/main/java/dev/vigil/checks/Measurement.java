package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.checks.Condition.Subject;
import dev.vigil.runtime.Json;
import java.util.List;
import java.util.Optional;

/**
 * What one probe measured: named values (numbers, strings, true/false, lists of strings), the text of
 * the answer's body where the type reads one (kept in memory for the conditions, never stored), and,
 * when the target could not be measured fully, a short problem ("could not connect to db.example.com:
 * connection refused"). A value that was not measured is absent, and a condition about it fails.
 */
public final class Measurement {
    private final ObjectNode values;
    private final Optional<String> body;
    private final Optional<String> problem;
    private JsonNode parsedBody;
    private boolean bodyParsed;

    private Measurement(ObjectNode values, Optional<String> body, Optional<String> problem) {
        this.values = values;
        this.body = body;
        this.problem = problem;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The measured values, by name. */
    public ObjectNode values() {
        return values.deepCopy();
    }

    public Optional<String> body() {
        return body;
    }

    public Optional<String> problem() {
        return problem;
    }

    /** The value a condition's subject names, if it was measured (or is present in the JSON body). */
    public Optional<JsonNode> value(Subject subject) {
        if (subject.isBodyPath()) {
            return json().map(root -> root.at(subject.pointer())).filter(node -> !node.isMissingNode());
        }
        if (subject.name().equals("body")) {
            return body.map(TextNode::new);
        }
        return Optional.ofNullable(values.get(subject.name()));
    }

    /** The body parsed as JSON, if there is one and it is JSON. */
    public synchronized Optional<JsonNode> json() {
        if (!bodyParsed) {
            bodyParsed = true;
            parsedBody = body.map(text -> {
                try {
                    return Json.parse(text);
                } catch (Exception notJson) {
                    return null;
                }
            }).orElse(null);
        }
        return Optional.ofNullable(parsedBody);
    }

    public static final class Builder {
        private final ObjectNode values = Json.object();
        private Optional<String> body = Optional.empty();
        private Optional<String> problem = Optional.empty();

        public Builder number(String name, long value) {
            values.put(name, value);
            return this;
        }

        public Builder number(String name, double value) {
            values.put(name, value);
            return this;
        }

        public Builder text(String name, String value) {
            values.put(name, value);
            return this;
        }

        public Builder flag(String name, boolean value) {
            values.put(name, value);
            return this;
        }

        public Builder list(String name, List<String> items) {
            ArrayNode array = values.putArray(name);
            items.forEach(array::add);
            return this;
        }

        public Builder body(String text) {
            body = Optional.of(text);
            return this;
        }

        /** Why the target could not be measured fully; safe to keep (see {@link Outbound#describe}). */
        public Builder problem(String why) {
            problem = Optional.of(why);
            return this;
        }

        public Measurement build() {
            return new Measurement(values, body, problem);
        }
    }
}
