package dev.vigil.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.CronExpression;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.OutboundRules;
import dev.vigil.domain.ScheduledTask;
import dev.vigil.domain.TaskTarget;
import dev.vigil.domain.WebAddress;
import dev.vigil.runtime.Json;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated body for {@code /api/tasks}: {@code {"name", "cron", "timezone"?, "enabled"?, "target",
 * "failureThreshold"?}}. {@code cron} is a five-field {@link CronExpression}; {@code timezone} an IANA
 * zone id (default {@code UTC}); {@code target} is {@code {"type": "event", "detail"?: {...}}} or
 * {@code {"type": "webhook", "url": "https://...", "signingSecret"?: "..."}}, the URL checked by the outbound rules the notifiers
 * follow (and its host's addresses when it is saved). Every problem is reported at once, each naming
 * its field. On update every field is optional and a field left out keeps its value.
 */
record TaskRequest(
        Optional<String> name,
        Optional<CronExpression> cron,
        Optional<ZoneId> zone,
        Optional<Boolean> enabled,
        Optional<TaskTarget> target,
        Optional<SigningSecret> signingSecret,
        Optional<Integer> failureThreshold) {

    /**
     * What a webhook target's {@code signingSecret} says: a new secret ({@code value} present), or that the
     * webhook is no longer signed (sent as {@code null}). Left out of a webhook target on update, the task
     * keeps the secret it has; sent back as the API shows it ({@code shownAs}, such as {@code ****WXYZ}), it
     * keeps it too, provided that is the task's secret's mask.
     */
    record SigningSecret(Optional<String> value, Optional<String> shownAs) {
        static SigningSecret of(String secret) {
            return new SigningSecret(Optional.of(secret), Optional.empty());
        }

        static SigningSecret none() {
            return new SigningSecret(Optional.empty(), Optional.empty());
        }

        /** How the API shows a stored secret ({@code ****} and at most its last four characters): never a secret itself. */
        static boolean isMask(String text) {
            return text.startsWith("****") && text.length() <= 8;
        }
    }

    /** The most bytes of a target's {@code detail}, written as JSON. */
    static final int MAX_DETAIL_BYTES = 4096;
    /** The shortest signing secret, as for the signed webhook channel. */
    static final int MIN_SIGNING_SECRET = ChannelRequest.MIN_SIGNING_SECRET;
    static final int MAX_SIGNING_SECRET = 256;
    private static final Set<String> FIELDS = Set.of("name", "cron", "timezone", "enabled", "target", "failureThreshold");
    /** Fields the API returns, accepted in an update body so a client can send back what it read. */
    private static final Set<String> READ_ONLY = Set.of("id", "status", "consecutiveFailures", "nextRunAt", "lastRun",
            "createdAt", "updatedAt", "version");

    /** The outbound rules and the resolver a webhook URL is checked with when it is saved. */
    record Rules(OutboundRules outbound, OutboundRules.Resolver resolver) {
    }

    /** A new task: name, cron and target are required. */
    static TaskRequest forCreate(JsonNode body, Rules rules) {
        List<String> problems = new ArrayList<>();
        if (body != null && body.isObject()) {
            for (String required : List.of("name", "cron", "target")) {
                if (!body.hasNonNull(required)) {
                    problems.add(required + " is required");
                }
            }
        }
        return parse(body, rules, false, problems);
    }

    /** A change: every field optional; read-only fields are ignored. */
    static TaskRequest forUpdate(JsonNode body, Rules rules) {
        return parse(body, rules, true, new ArrayList<>());
    }

    private static TaskRequest parse(JsonNode body, Rules rules, boolean update, List<String> problems) {
        if (body == null || !body.isObject()) {
            throw new InvalidInput("body must be a JSON object");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field) && !(update && READ_ONLY.contains(field))) {
                problems.add("unknown field '" + Input.printable(field) + "'");
            }
        }
        Optional<String> name = Names.read(body, problems);
        Optional<CronExpression> cron = Optional.empty();
        JsonNode cronNode = body.get("cron");
        if (cronNode != null && !cronNode.isNull()) {
            if (!cronNode.isTextual()) {
                problems.add("cron must be a string such as \"30 2 * * *\"");
            } else {
                try {
                    cron = Optional.of(CronExpression.parse(cronNode.textValue()));
                } catch (IllegalArgumentException e) {
                    problems.add("cron " + e.getMessage());
                }
            }
        }
        Optional<ZoneId> zone = Optional.empty();
        JsonNode zoneNode = body.get("timezone");
        if (zoneNode != null && !zoneNode.isNull()) {
            zone = zone(zoneNode, problems);
        }
        Optional<Boolean> enabled = Input.flag(body, "enabled", problems);
        Optional<TaskTarget> target = Optional.empty();
        Optional<SigningSecret> secret = Optional.empty();
        JsonNode targetNode = body.get("target");
        if (targetNode != null && !targetNode.isNull()) {
            target = target(targetNode, rules, problems);
            if (target.isPresent() && targetNode.has("signingSecret")) {
                secret = signingSecret(targetNode.get("signingSecret"), update, problems);
            }
        }
        Optional<Integer> threshold = Optional.empty();
        JsonNode thresholdNode = body.get("failureThreshold");
        if (thresholdNode != null && !thresholdNode.isNull()) {
            if (!thresholdNode.canConvertToInt() || !thresholdNode.isIntegralNumber() || thresholdNode.intValue() < 1
                    || thresholdNode.intValue() > ScheduledTask.MAX_FAILURE_THRESHOLD) {
                problems.add("failureThreshold must be a whole number from 1 to " + ScheduledTask.MAX_FAILURE_THRESHOLD);
            } else {
                threshold = Optional.of(thresholdNode.intValue());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
        return new TaskRequest(name, cron, zone, enabled, target, secret, threshold);
    }

    private static Optional<ZoneId> zone(JsonNode node, List<String> problems) {
        String problem = "timezone must be an IANA time zone such as Europe/Paris or America/New_York";
        if (!node.isTextual() || !node.textValue().contains("/") && !node.textValue().equals("UTC")) {
            problems.add(problem);
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(node.textValue()));
        } catch (DateTimeException e) {
            problems.add(problem + "; '" + Input.printable(node.textValue()) + "' is not one");
            return Optional.empty();
        }
    }

    private static Optional<TaskTarget> target(JsonNode node, Rules rules, List<String> problems) {
        String shape = "target must be {\"type\": \"event\", \"detail\": {...}} or {\"type\": \"webhook\", \"url\": \"https://...\"}";
        if (!node.isObject() || !node.path("type").isTextual()) {
            problems.add(shape);
            return Optional.empty();
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            // "signed" is what the API shows of a webhook target; sent back, it is ignored.
            if (!Set.of("type", "detail", "url", "signingSecret", "signed").contains(field)) {
                problems.add("target has no field '" + Input.printable(field) + "'");
                return Optional.empty();
            }
        }
        switch (node.path("type").textValue()) {
            case "event" -> {
                if (node.has("url") || node.has("signingSecret")) {
                    problems.add("target.url and target.signingSecret belong to a webhook target, not an event target");
                    return Optional.empty();
                }
                JsonNode detail = node.get("detail");
                if (detail == null || detail.isNull()) {
                    return Optional.of(new TaskTarget.Event("{}"));
                }
                if (!detail.isObject()) {
                    problems.add("target.detail must be a JSON object");
                    return Optional.empty();
                }
                String text = Json.write(detail);
                if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DETAIL_BYTES) {
                    problems.add("target.detail must be at most " + MAX_DETAIL_BYTES + " bytes of JSON");
                    return Optional.empty();
                }
                return Optional.of(new TaskTarget.Event(text));
            }
            case "webhook" -> {
                if (node.has("detail")) {
                    problems.add("target.detail belongs to an event target; a webhook receives the ScheduledTaskDue body");
                    return Optional.empty();
                }
                JsonNode url = node.get("url");
                Optional<URI> parsed = url != null && url.isTextual() ? WebAddress.httpUrl(url.textValue()) : Optional.empty();
                if (parsed.isEmpty()) {
                    problems.add("target.url must be an absolute https URL");
                    return Optional.empty();
                }
                Optional<String> refused = rules.outbound().problemWhenSaved(ChannelType.WEBHOOK, parsed.get(), rules.resolver());
                if (refused.isPresent()) {
                    problems.add("target.url " + refused.get());
                    return Optional.empty();
                }
                return Optional.of(new TaskTarget.Webhook(parsed.get()));
            }
            default -> {
                problems.add(shape);
                return Optional.empty();
            }
        }
    }

    private static Optional<SigningSecret> signingSecret(JsonNode node, boolean update, List<String> problems) {
        if (node.isNull()) {
            return Optional.of(SigningSecret.none());
        }
        if (node.isTextual() && SigningSecret.isMask(node.textValue())) {
            if (!update) {
                problems.add("target.signingSecret must be the secret itself; '" + Input.printable(node.textValue())
                        + "' is how a stored secret is shown");
                return Optional.empty();
            }
            return Optional.of(new SigningSecret(Optional.empty(), Optional.of(node.textValue())));
        }
        if (!node.isTextual() || node.textValue().length() < MIN_SIGNING_SECRET || node.textValue().length() > MAX_SIGNING_SECRET
                || node.textValue().chars().anyMatch(Character::isISOControl)) {
            problems.add("target.signingSecret must be " + MIN_SIGNING_SECRET + " to " + MAX_SIGNING_SECRET
                    + " characters without control characters, or null to stop signing");
            return Optional.empty();
        }
        return Optional.of(SigningSecret.of(node.textValue()));
    }
}
