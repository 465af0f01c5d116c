package dev.vigil.testkit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model of {@code template.yaml} that the local runner and the tests share, so neither can drift
 * from what is deployed: tables, functions with their handlers, environment, HTTP routes, schedules
 * and bus rules. CloudFormation short tags ({@code !Ref X}) become {@code {"Ref": "X"}} nodes.
 */
public final class SamTemplate {
    private final JsonNode root;

    private SamTemplate(JsonNode root) {
        this.root = root;
    }

    /** Loads the template found in the working directory or the nearest parent that has one. */
    public static SamTemplate load() {
        return load(locate());
    }

    public static SamTemplate load(Path file) {
        try (JsonParser parser = new YAMLFactory().createParser(file.toFile())) {
            return new SamTemplate(readNode((YAMLParser) parser, parser.nextToken()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    public static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("template.yaml");
            if (Files.isRegularFile(candidate) && Files.isDirectory(d.resolve("functions"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("No template.yaml found in " + dir + " or its parents");
    }

    public JsonNode root() {
        return root;
    }

    /** Parameter defaults, by name. */
    public Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        root.path("Parameters").fields().forEachRemaining(p -> {
            JsonNode value = p.getValue().get("Default");
            if (value != null) {
                defaults.put(p.getKey(), value.asText());
            }
        });
        return defaults;
    }

    public Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(r -> {
            if (type.equals(r.getValue().path("Type").asText())) {
                found.put(r.getKey(), r.getValue());
            }
        });
        return found;
    }

    public Map<String, JsonNode> tables() {
        return resourcesOfType("AWS::DynamoDB::Table");
    }

    public List<Function> functions() {
        List<Function> functions = new ArrayList<>();
        resourcesOfType("AWS::Serverless::Function").forEach((name, resource) -> {
            JsonNode props = resource.path("Properties");
            Map<String, JsonNode> env = new LinkedHashMap<>();
            root.path("Globals").path("Function").path("Environment").path("Variables").fields()
                    .forEachRemaining(v -> env.put(v.getKey(), v.getValue()));
            props.path("Environment").path("Variables").fields().forEachRemaining(v -> env.put(v.getKey(), v.getValue()));
            List<Trigger> triggers = new ArrayList<>();
            props.path("Events").fields().forEachRemaining(e -> triggers.add(new Trigger(e.getKey(),
                    e.getValue().path("Type").asText(), e.getValue().path("Properties"))));
            functions.add(new Function(name, props.path("Handler").asText(), props.path("CodeUri").asText(), env, triggers));
        });
        return functions;
    }

    public Optional<Function> function(String logicalId) {
        return functions().stream().filter(f -> f.logicalId().equals(logicalId)).findFirst();
    }

    /** A resource by logical id: its {@code Type}, {@code Properties} and so on; a missing node if there is none. */
    public JsonNode resource(String logicalId) {
        return root.path("Resources").path(logicalId);
    }

    /**
     * The IAM statements a function's {@code Policies} spell out: its inline statements, and those of the
     * template's own managed policies it names with {@code !Ref}. SAM policy templates and AWS managed
     * policies are not expanded; {@link #policyTemplates} names them.
     */
    public List<JsonNode> policyStatements(String functionLogicalId) {
        List<JsonNode> statements = new ArrayList<>();
        for (JsonNode policy : resource(functionLogicalId).path("Properties").path("Policies")) {
            JsonNode document = policy.has("Statement") ? policy
                    : policy.has("Ref") ? resource(policy.get("Ref").asText()).path("Properties").path("PolicyDocument")
                    : JsonNodeFactory.instance.missingNode();
            document.path("Statement").forEach(statements::add);
        }
        return statements;
    }

    /**
     * What else a function's {@code Policies} name: SAM policy templates by their name
     * ({@code DynamoDBCrudPolicy}), AWS managed policies by name or ARN.
     */
    public List<String> policyTemplates(String functionLogicalId) {
        List<String> names = new ArrayList<>();
        for (JsonNode policy : resource(functionLogicalId).path("Properties").path("Policies")) {
            if (policy.isTextual()) {
                names.add(policy.asText());
            } else if (policy.has("Ref") && !resource(policy.get("Ref").asText()).path("Type").asText()
                    .equals("AWS::IAM::ManagedPolicy")) {
                names.add(policy.get("Ref").asText());
            } else if (!policy.has("Statement") && !policy.has("Ref")) {
                policy.fieldNames().forEachRemaining(names::add);
            }
        }
        return names;
    }

    /**
     * Resolves a function's environment as CloudFormation would, locally: {@code !Ref} to a parameter
     * gives its value ({@code values} first, then the default); {@code !Ref} or {@code !GetAtt} to a
     * resource gives {@code values.get(name)} or the logical id, which is also the local table name.
     */
    public Map<String, String> environment(Function function, Map<String, String> values) {
        Map<String, String> resolved = new LinkedHashMap<>();
        function.environment().forEach((name, value) -> resolved.put(name, resolve(value, values)));
        return resolved;
    }

    /**
     * The pseudo parameters an ARN is built from, as a local stack has them: moto's account, the region
     * every test client uses.
     */
    private static final Map<String, String> PSEUDO = Map.of("AWS::Partition", "aws", "AWS::Region", "us-east-1",
            "AWS::AccountId", "123456789012");

    /** The resolved value of an intrinsic or literal, with the same rules as {@link #environment}. */
    public String resolve(JsonNode value, Map<String, String> values) {
        Map<String, String> defaults = parameterDefaults();
        if (value.has("Ref")) {
            String name = value.get("Ref").asText();
            return values.getOrDefault(name, defaults.getOrDefault(name, name));
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode parts = value.get("Fn::GetAtt");
            String name = parts.path(0).asText() + "." + parts.path(1).asText();
            return values.getOrDefault(name, parts.path(0).asText());
        }
        if (value.has("Fn::Sub")) {
            String text = value.get("Fn::Sub").asText();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String name = m.group(1);
                String replacement = values.getOrDefault(name, defaults.getOrDefault(name, PSEUDO.getOrDefault(name, name)));
                m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
        return value.asText();
    }

    /** A function: its handler class, artifact, unresolved environment, and triggers. */
    public record Function(String logicalId, String handler, String codeUri, Map<String, JsonNode> environment,
                           List<Trigger> triggers) {
        public String handlerClass() {
            int sep = handler.indexOf("::");
            return sep < 0 ? handler : handler.substring(0, sep);
        }
    }

    /** One event source of a function: {@code HttpApi}, {@code Schedule} or {@code EventBridgeRule}. */
    public record Trigger(String name, String type, JsonNode properties) {
    }

    private static JsonNode readNode(YAMLParser parser, JsonToken token) throws IOException {
        String tag = parser.getTypeId();
        JsonNode node;
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    object.set(name, readNode(parser, parser.nextToken()));
                }
                node = object;
            }
            case START_ARRAY -> {
                var array = JsonNodeFactory.instance.arrayNode();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    array.add(readNode(parser, next));
                }
                node = array;
            }
            case VALUE_NULL -> node = JsonNodeFactory.instance.nullNode();
            case VALUE_TRUE, VALUE_FALSE -> node = JsonNodeFactory.instance.booleanNode(parser.getBooleanValue());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> node = JsonNodeFactory.instance.numberNode(parser.getDecimalValue());
            default -> node = JsonNodeFactory.instance.textNode(parser.getText());
        }
        if (tag != null && !tag.isEmpty() && !tag.startsWith("tag:")) {
            String function = tag;
            String key = function.equals("Ref") || function.equals("Condition") ? function : "Fn::" + function;
            ObjectNode wrapped = JsonNodeFactory.instance.objectNode();
            if (function.equals("GetAtt") && node.isTextual()) {
                var parts = JsonNodeFactory.instance.arrayNode();
                for (String part : node.asText().split("\\.", 2)) {
                    parts.add(part);
                }
                node = parts;
            }
            wrapped.set(key, node);
            return wrapped;
        }
        return node;
    }

}
