package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.Check;
import dev.vigil.checks.CheckType;
import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Condition;
import dev.vigil.checks.Conditions;
import dev.vigil.checks.Settings;
import dev.vigil.checks.Tier;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.WireName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated body for {@code /api/checks}: {@code {"type", "name", "tier"?, "settings"?, "conditions"?,
 * "timeoutMs"?, "enabled"?, "failureThreshold"?, "recoveryThreshold"?, "tags"?}}. Settings are checked by the
 * type ({@link CheckTypes#settings}) and split into plain and secret parts; each condition is parsed
 * and checked against what the type measures. Every problem is reported at once, each with the parser's
 * or the type's own words.
 *
 * <p>On update the type cannot change, and {@code settings} is merged into the stored settings one
 * setting at a time: a setting sent replaces the stored one, a setting sent as {@code null} is removed,
 * and a setting left out is kept, secret ones included ({@link #clearedSecrets} names the secret
 * settings sent as {@code null}). {@code conditions}, when sent, replace the check's own conditions.
 */
record CheckRequest(
        Optional<String> type,
        Optional<String> name,
        Optional<Tier> tier,
        Optional<Settings> settings,
        Set<String> clearedSecrets,
        Optional<List<Condition>> conditions,
        Optional<Duration> timeout,
        Optional<Boolean> enabled,
        Optional<Integer> failureThreshold,
        Optional<Integer> recoveryThreshold,
        Optional<List<String>> tags) {

    /** The longest timeout of any tier; each tier has its own limit ({@link Tier#maxTimeout}). */
    static final long MAX_TIMEOUT_MS = Arrays.stream(Tier.values()).mapToLong(t -> t.maxTimeout().toMillis()).max().orElseThrow();

    private static final Set<String> FIELDS = Set.of("type", "name", "tier", "settings", "conditions", "timeoutMs", "enabled",
            "failureThreshold", "recoveryThreshold",
            "tags");
    /** Fields the API returns, accepted in an update body so a client can send back what it read. */
    private static final Set<String> READ_ONLY = Set.of("id", "status", "secretSettings", "latestResult", "lastRunAt",
            "createdAt", "updatedAt", "version");

    /** A new check: the type and the name are required; the settings are the type's whole settings. */
    static CheckRequest forCreate(JsonNode body) {
        List<String> problems = new ArrayList<>();
        Optional<String> type = Optional.empty();
        if (body != null && body.isObject()) {
            JsonNode typeNode = body.get("type");
            if (typeNode == null || typeNode.isNull()) {
                problems.add("type is required: one of " + typeNames());
            } else if (!typeNode.isTextual() || CheckTypes.find(typeNode.textValue()).isEmpty()) {
                problems.add("type must be one of " + typeNames());
            } else {
                type = Optional.of(typeNode.textValue());
            }
            if (!body.hasNonNull("name")) {
                problems.add("name is required");
            }
        }
        return parse(body, type, Optional.empty(), problems);
    }

    /** A change of {@code existing}: every field is optional; read-only fields are ignored. */
    static CheckRequest forUpdate(JsonNode body, Check existing) {
        List<String> problems = new ArrayList<>();
        if (body != null && body.isObject() && body.hasNonNull("type") && !existing.type().equals(body.get("type").asText())) {
            problems.add("type cannot be changed; create a new check instead");
        }
        return parse(body, Optional.of(existing.type()), Optional.of(existing), problems);
    }

    /** The check with what this request sets, over {@code base}; {@link InvalidInput} if the result is not a valid check. */
    Check applyTo(Check base) {
        return new Check(base.id(), base.tenantId(), base.type(), name.orElse(base.name()), tier.orElse(base.tier()),
                settings.map(Settings::plain).orElse(base.settings()), conditions.orElse(base.conditions()),
                timeout.orElse(base.timeout()), enabled.orElse(base.enabled()), failureThreshold.orElse(base.failureThreshold()),
                recoveryThreshold.orElse(base.recoveryThreshold()), base.version(), base.createdAt(), base.updatedAt(),
                tags.orElse(base.tags()));
    }

    /** Whether this request sets or removes a secret setting. */
    boolean touchesSecrets() {
        return !clearedSecrets.isEmpty() || settings.map(s -> !s.secrets().isEmpty()).orElse(false);
    }

    private static CheckRequest parse(JsonNode body, Optional<String> type, Optional<Check> existing, List<String> problems) {
        if (body == null || !body.isObject()) {
            throw new InvalidInput("body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field) && !(existing.isPresent() && READ_ONLY.contains(field))) {
                problems.add("unknown field '" + Input.printable(field) + "'");
            }
        }
        Optional<CheckType> kind = type.flatMap(CheckTypes::find);
        Optional<String> name = Names.read(body, problems);
        Optional<Tier> tier = Optional.empty();
        JsonNode tierNode = body.get("tier");
        if (tierNode != null && !tierNode.isNull()) {
            tier = tierNode.isTextual() ? Tier.fromWire(tierNode.textValue()) : Optional.empty();
            if (tier.isEmpty()) {
                problems.add("tier must be one of " + String.join(", ", Arrays.stream(Tier.values()).map(WireName::wire).toList()));
            }
        }
        Optional<Long> timeoutMs = whole(body, "timeoutMs", 1, MAX_TIMEOUT_MS, problems);
        Optional<Long> failures = whole(body, "failureThreshold", 1, Check.MAX_THRESHOLD, problems);
        Optional<Long> recoveries = whole(body, "recoveryThreshold", 1, Check.MAX_THRESHOLD, problems);
        Optional<Boolean> enabled = Input.flag(body, "enabled", problems);
        Optional<List<String>> tags = Input.tags(body, problems);
        Set<String> cleared = new TreeSet<>();
        Optional<Settings> settings = Optional.empty();
        JsonNode settingsNode = body.get("settings");
        if (kind.isPresent() && (existing.isEmpty() || (settingsNode != null && !settingsNode.isNull()))) {
            try {
                JsonNode given = existing.isPresent() ? merged(kind.get(), existing.get().settings(), settingsNode, cleared) : settingsNode;
                settings = Optional.of(CheckTypes.settings(kind.get().name(), given));
            } catch (InvalidInput e) {
                problems.add(e.getMessage());
            }
        }
        Optional<List<Condition>> conditions = Optional.empty();
        JsonNode conditionsNode = body.get("conditions");
        if (conditionsNode != null && !conditionsNode.isNull()) {
            conditions = conditions(conditionsNode, kind, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
        return new CheckRequest(type, name, tier, settings, cleared, conditions, timeoutMs.map(Duration::ofMillis), enabled,
                failures.map(Long::intValue), recoveries.map(Long::intValue), tags);
    }

    /**
     * The stored plain settings with those sent over them, one setting at a time; a setting sent as
     * {@code null} is removed (its name goes to {@code cleared} if it is a secret one).
     */
    private static JsonNode merged(CheckType kind, ObjectNode stored, JsonNode sent, Set<String> cleared) {
        if (!sent.isObject()) {
            throw new InvalidInput("settings must be a JSON object");
        }
        ObjectNode merged = stored.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isNull()) {
                merged.set(field.getKey(), field.getValue());
            } else if (kind.settingNames().contains(field.getKey())) {
                merged.remove(field.getKey());
                if (kind.secretSettingNames().contains(field.getKey())) {
                    cleared.add(field.getKey());
                }
            } else {
                throw new InvalidInput(kind.name() + " checks have no setting '" + Input.printable(field.getKey()) + "'");
            }
        }
        return merged;
    }

    /** Condition texts, each parsed and checked against the type ({@code kind}, once it is known). */
    private static Optional<List<Condition>> conditions(JsonNode node, Optional<CheckType> kind, List<String> problems) {
        if (!node.isArray() || node.size() > Conditions.MAX) {
            problems.add("conditions must be a list of at most " + Conditions.MAX + " conditions, each a string such as \"latencyMs < 500\"");
            return Optional.empty();
        }
        List<Condition> parsed = new ArrayList<>();
        for (JsonNode text : node) {
            if (!text.isTextual()) {
                problems.add("conditions must be strings, such as \"latencyMs < 500\"");
                continue;
            }
            try {
                Condition condition = Condition.parse(text.textValue());
                kind.ifPresent(k -> Conditions.validate(k, condition));
                parsed.add(condition);
            } catch (InvalidInput e) {
                problems.add(e.getMessage());
            }
        }
        return Optional.of(List.copyOf(parsed));
    }

    private static Optional<Long> whole(JsonNode body, String field, long min, long max, List<String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= min && node.longValue() <= max) {
            return Optional.of(node.longValue());
        }
        problems.add(field + " must be a whole number from " + min + " to " + max);
        return Optional.empty();
    }

    private static String typeNames() {
        return String.join(", ", CheckTypes.all().stream().map(CheckType::name).toList());
    }
}
