package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.OutboundRules;
import dev.vigil.domain.WebAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated body for {@code /api/channels}: {@code {"type", "name", "enabled"?, "default"?, "settings",
 * "repeatMinutes"?, "escalation"?}} ({@code escalation}: the channel is paged when the tenant's recovery is escalated).
 * On update the type cannot change, and a secret setting left out keeps its stored value. A URL setting
 * must pass the {@link OutboundRules} for the channel's type; a generic webhook's host is resolved with
 * the given resolver and refused when any of its addresses is not public (a host that does not resolve
 * yet is accepted: every delivery checks again).
 */
public record ChannelRequest(
        Optional<ChannelType> type,
        Optional<String> name,
        Optional<Boolean> enabled,
        Optional<Boolean> isDefault,
        Map<String, String> settings,
        Optional<Optional<Long>> repeatMinutes,
        Optional<Boolean> escalation) {

    public static final long MAX_REPEAT_MINUTES = 7 * 24 * 60;

    private static final Set<String> FIELDS = Set.of("type", "name", "enabled", "default", "settings", "repeatMinutes",
            "escalation");
    private static final Set<String> READ_ONLY = Set.of("id", "createdAt", "updatedAt", "version");

    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final int MAX_TEXT = 2048;
    static final int MIN_SIGNING_SECRET = 16;

    /**
     * What a channel's settings are checked against: where alerts may go (and the DNS webhook hosts are
     * looked up in), and which SNS topics the notifier may publish to.
     */
    public record Rules(OutboundRules outbound, OutboundRules.Resolver resolver, SnsTopics topics) {
        /** A deployed stack's outbound rules, the system's DNS, any well-formed SNS topic. */
        public static Rules deployed() {
            return new Rules(OutboundRules.deployed(), OutboundRules.Resolver.SYSTEM, SnsTopics.any());
        }
    }

    /** A new channel by {@link Rules#deployed()}. */
    public static ChannelRequest forCreate(JsonNode body) {
        return forCreate(body, Rules.deployed());
    }

    public static ChannelRequest forCreate(JsonNode body, Rules rules) {
        ChannelRequest request = parse(body, Optional.empty(), rules);
        if (request.name.isEmpty()) {
            throw new InvalidInput("name is required");
        }
        ChannelType type = request.type.orElseThrow(() -> new InvalidInput("type is required: one of "
                + String.join(", ", creatableTypes())));
        List<String> missing = new ArrayList<>();
        for (ChannelType.Field field : type.fields()) {
            if (field.required() && !request.settings.containsKey(field.name())) {
                missing.add("settings." + field.name() + " is required for a " + type.wire() + " channel");
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInput(String.join("; ", missing));
        }
        return request;
    }

    public static ChannelRequest forUpdate(JsonNode body, ChannelType existing, Rules rules) {
        ChannelRequest request = parse(body, Optional.of(existing), rules);
        if (request.type.isPresent() && request.type.get() != existing) {
            throw new InvalidInput("type cannot be changed; create a new channel instead");
        }
        return request;
    }

    static List<String> creatableTypes() {
        List<String> types = new ArrayList<>();
        for (ChannelType t : ChannelType.values()) {
            if (t != ChannelType.INAPP) {
                types.add(t.wire());
            }
        }
        return types;
    }

    private static ChannelRequest parse(JsonNode body, Optional<ChannelType> existing, Rules rules) {
        if (body == null || !body.isObject()) {
            throw new InvalidInput("body must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field) && !(existing.isPresent() && READ_ONLY.contains(field))) {
                problems.add("unknown field '" + field + "'");
            }
        }
        Optional<ChannelType> type = Optional.empty();
        JsonNode typeNode = body.get("type");
        if (typeNode != null && !typeNode.isNull()) {
            type = typeNode.isTextual() ? ChannelType.fromWire(typeNode.textValue()).filter(t -> t != ChannelType.INAPP)
                    : Optional.empty();
            if (type.isEmpty()) {
                problems.add("type must be one of " + String.join(", ", creatableTypes()));
            }
        }
        Optional<String> name = Names.read(body, problems);
        Optional<Boolean> enabled = Input.flag(body, "enabled", problems);
        Optional<Boolean> isDefault = Input.flag(body, "default", problems);
        Optional<Boolean> escalation = Input.flag(body, "escalation", problems);
        Map<String, String> settings = new LinkedHashMap<>();
        JsonNode settingsNode = body.get("settings");
        ChannelType kind = type.or(() -> existing).orElse(null);
        if (settingsNode != null && !settingsNode.isNull()) {
            if (!settingsNode.isObject()) {
                problems.add("settings must be an object");
            } else if (kind != null) {
                settingsNode.fields().forEachRemaining(f -> {
                    Optional<ChannelType.Field> field = kind.field(f.getKey());
                    if (field.isEmpty()) {
                        problems.add("settings." + f.getKey() + " is not a setting of a " + kind.wire() + " channel");
                    } else if (!f.getValue().isTextual()) {
                        problems.add("settings." + f.getKey() + " must be a string");
                    } else {
                        String value = f.getValue().textValue().strip();
                        check(kind, field.get(), value, rules)
                                .ifPresentOrElse(problems::add, () -> settings.put(f.getKey(), value));
                    }
                });
            }
        }
        Optional<Optional<Long>> repeat = Optional.empty();
        if (body.has("repeatMinutes")) {
            JsonNode node = body.get("repeatMinutes");
            if (node.isNull()) {
                repeat = Optional.of(Optional.empty());
            } else if (node.isIntegralNumber() && node.canConvertToLong() && node.longValue() >= 1
                    && node.longValue() <= MAX_REPEAT_MINUTES) {
                repeat = Optional.of(Optional.of(node.longValue()));
            } else {
                problems.add("repeatMinutes must be a whole number from 1 to " + MAX_REPEAT_MINUTES + ", or null for no reminders");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
        return new ChannelRequest(type, name, enabled, isDefault, settings, repeat, escalation);
    }

    private static Optional<String> check(ChannelType type, ChannelType.Field field, String value, Rules rules) {
        String label = "settings." + field.name();
        if (value.isEmpty() || value.length() > MAX_TEXT) {
            return Optional.of(label + " must be 1 to " + MAX_TEXT + " characters");
        }
        return switch (field.kind()) {
            case URL -> WebAddress.httpUrl(value)
                    .map(url -> rules.outbound().problemWhenSaved(type, url, rules.resolver()).map(problem -> label + " " + problem))
                    .orElseGet(() -> Optional.of(label + " must be an absolute http(s) URL"));
            case PHONE -> PHONE.matcher(value).matches() ? Optional.empty()
                    : Optional.of(label + " must be a phone number in E.164 form, such as +15551234567");
            case SIGNING_SECRET -> value.length() >= MIN_SIGNING_SECRET ? Optional.empty()
                    : Optional.of(label + " must be at least " + MIN_SIGNING_SECRET + " characters");
            case TEXT -> value.chars().anyMatch(Character::isISOControl)
                    ? Optional.of(label + " must not contain control characters") : Optional.empty();
            case SNS_TOPIC -> rules.topics().problem(label, value);
        };
    }

}
