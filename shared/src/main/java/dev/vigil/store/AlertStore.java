package dev.vigil.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertLifecycle;
import dev.vigil.domain.AlertSeverity;
import dev.vigil.domain.AlertStatus;
import dev.vigil.domain.Ids;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The alert records: one per incident, about one subject (an application's or a check's id) of one
 * tenant, with its severity, status ({@code open} → {@code acknowledged} → {@code resolved}), times and
 * by whom, how many breaches it covers and the ids of the alert events it covers (their deliveries are
 * the notification records of those events).
 *
 * <p>Beside each standing (open or acknowledged) alert the table holds its subject's <em>standing
 * pointer</em> ({@code standing#<tenantId>#<subject>}, naming the alert), written only if it names no
 * alert and released (its {@code alertId} removed) when the alert is resolved: so DynamoDB itself keeps at
 * most one standing alert per subject. Nothing is ever deleted: a released pointer expires through the
 * TTL after the retention period unless a new alert takes it first.
 * The alert ledger writes the records in the same transaction as the event ({@link #writesFor}); the
 * admin API acknowledges and resolves them by hand. Alerts are listed newest first through the
 * {@value #BY_TENANT_INDEX} index (one tenant) or the {@value #ALL_INDEX} index (every tenant); the
 * sparse {@value #STANDING_INDEX} index holds the standing ones of each tenant. A resolved alert expires
 * through the table's TTL after the retention period; a standing one never does.
 */
public final class AlertStore {
    public static final String BY_TENANT_INDEX = "byTenant";
    public static final String ALL_INDEX = "all";
    public static final String STANDING_INDEX = "standing";
    /** Who resolved an alert that its subject's recovery resolved. */
    public static final String AUTO = "auto";
    /** The most event ids one alert keeps; later breaches are only counted. */
    public static final int MAX_EVENT_IDS = 50;
    static final String FEED = "all";
    private static final Map<String, String> TENANT_TOKEN = Map.of("id", "S", "tenantId", "S", "openedAt", "N");
    private static final Map<String, String> ALL_TOKEN = Map.of("id", "S", "feed", "S", "openedAt", "N");
    /** How many index pages one listing reads at most while filters leave its page short. */
    private static final int MAX_READS = 10;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public AlertStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /**
     * An alert record. {@code kind} says what the subject is: {@code application}, {@code check},
     * {@code tenant} (an escalated recovery) or {@code task} (a scheduled task). {@code suppressed} says
     * why no channel was paged for it (the event that opened it was suppressed: its parent was down).
     */
    public record Alert(String id, String tenantId, String subject, String kind, String name, String openedBy,
                        AlertSeverity severity, AlertStatus status, long occurrences, Instant openedAt, Instant lastSeenAt,
                        Optional<Instant> acknowledgedAt, Optional<String> acknowledgedBy, Optional<Instant> resolvedAt,
                        Optional<String> resolvedBy, List<String> eventIds, Optional<String> suppressed) {
        public Alert {
            eventIds = List.copyOf(eventIds);
        }

        /** An alert whose notifications were sent (not suppressed). */
        public Alert(String id, String tenantId, String subject, String kind, String name, String openedBy,
                     AlertSeverity severity, AlertStatus status, long occurrences, Instant openedAt, Instant lastSeenAt,
                     Optional<Instant> acknowledgedAt, Optional<String> acknowledgedBy, Optional<Instant> resolvedAt,
                     Optional<String> resolvedBy, List<String> eventIds) {
            this(id, tenantId, subject, kind, name, openedBy, severity, status, occurrences, openedAt, lastSeenAt,
                    acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, eventIds, Optional.empty());
        }

        public boolean aboutApplication() {
            return KIND_APPLICATION.equals(kind);
        }
    }

    public static final String KIND_APPLICATION = "application";
    public static final String KIND_CHECK = "check";
    public static final String KIND_TENANT = "tenant";
    public static final String KIND_TASK = "task";
    /** An alert about Vigil itself (its ingest health). */
    public static final String KIND_SYSTEM = "system";

    /**
     * The writes that apply {@code effect} of {@code event} to the records, for the ledger's transaction:
     * none when there is nothing to do (a recovery or a reminder with no standing alert). Reads the
     * subject's standing alert first; if it changes before the transaction commits, a condition fails on
     * these writes only, and the caller asks again.
     */
    public List<TransactWriteItem> writesFor(AlertEvent event, AlertLifecycle.Effect effect) {
        return switch (effect) {
            case AlertLifecycle.Effect.None none -> List.of();
            case AlertLifecycle.Effect.Open open -> standing(event.tenantId(), open.subject())
                    .map(alert -> List.of(repeat(alert, event, Optional.of(open.severity()))))
                    .orElseGet(() -> opening(event, open));
            case AlertLifecycle.Effect.Repeat repeat -> standing(event.tenantId(), repeat.subject())
                    .map(alert -> List.of(repeat(alert, event, Optional.empty())))
                    .orElse(List.of());
            case AlertLifecycle.Effect.Resolve resolve -> standing(event.tenantId(), resolve.subject())
                    .map(alert -> resolving(alert, AUTO, event.time(), Optional.of(event.eventId())))
                    .orElse(List.of());
        };
    }

    /** The standing (open or acknowledged) alert of a subject, read strongly consistent. */
    public Optional<Alert> standing(String tenantId, String subject) {
        Map<String, AttributeValue> pointer = dynamo.getItem(g -> g.tableName(table)
                .key(Map.of("id", s(pointerId(tenantId, subject)))).consistentRead(true)).item();
        if (pointer == null || Attr.string(pointer, "alertId") == null) {
            return Optional.empty();
        }
        return find(Attr.string(pointer, "alertId"), true).filter(alert -> alert.status().active());
    }

    /** The alert with this id. */
    public Optional<Alert> find(String id) {
        return find(id, false);
    }

    private Optional<Alert> find(String id, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Map.of("id", s(id)))
                .consistentRead(consistent)).item();
        return item == null || item.isEmpty() || !item.containsKey("subject") ? Optional.empty() : Optional.of(fromItem(item));
    }

    private static String kindOf(AlertEvent event) {
        if (event.aboutCheck()) {
            return KIND_CHECK;
        }
        if (event.aboutTask()) {
            return KIND_TASK;
        }
        if (event.aboutSystem()) {
            return KIND_SYSTEM;
        }
        return event.aboutTenant() ? KIND_TENANT : KIND_APPLICATION;
    }

    private List<TransactWriteItem> opening(AlertEvent event, AlertLifecycle.Effect.Open open) {
        String id = Ids.ALERT.next();
        Put pointer = Put.builder().tableName(table)
                .item(Map.of("id", s(pointerId(event.tenantId(), open.subject())), "alertId", s(id)))
                .conditionExpression("attribute_not_exists(alertId)").build();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", s(id));
        item.put("tenantId", s(event.tenantId()));
        item.put("feed", s(FEED));
        item.put("standingTenant", s(event.tenantId()));
        item.put("subject", s(open.subject()));
        item.put("kind", s(kindOf(event)));
        item.put("name", s(event.name()));
        item.put("openedBy", s(event.type().wire()));
        item.put("severity", s(open.severity().wire()));
        item.put("status", s(AlertStatus.OPEN.wire()));
        item.put("occurrences", n(1));
        item.put("openedAt", millis(event.time()));
        item.put("lastSeenAt", millis(event.time()));
        item.put("eventIds", AttributeValue.fromL(List.of(s(event.eventId()))));
        event.suppressed().ifPresent(reason -> item.put("suppressed", s(reason)));
        Put alert = Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(id)").build();
        return List.of(TransactWriteItem.builder().put(pointer).build(), TransactWriteItem.builder().put(alert).build());
    }

    /** One more breach on a standing alert: counted, last seen, its event kept (up to a bound), its severity the new one. */
    private TransactWriteItem repeat(Alert alert, AlertEvent event, Optional<AlertSeverity> severity) {
        Map<String, AttributeValue> values = new HashMap<>(standingValues());
        values.put(":one", n(1));
        values.put(":seen", millis(event.time()));
        values.put(":name", s(event.name()));
        String set = "SET lastSeenAt = :seen, #name = :name";
        if (severity.isPresent()) {
            values.put(":severity", s(severity.get().wire()));
            set += ", severity = :severity";
        }
        if (alert.eventIds().size() < MAX_EVENT_IDS && !alert.eventIds().contains(event.eventId())) {
            values.put(":event", AttributeValue.fromL(List.of(s(event.eventId()))));
            set += ", eventIds = list_append(eventIds, :event)";
        }
        String expression = set + " ADD occurrences :one";
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(Map.of("id", s(alert.id())))
                .updateExpression(expression)
                .conditionExpression("#status IN (:open, :acknowledged)")
                .expressionAttributeNames(Map.of("#status", "status", "#name", "name"))
                .expressionAttributeValues(values).build()).build();
    }

    /** Resolves a standing alert and releases its subject's pointer; with the id of the event that resolved it. */
    private List<TransactWriteItem> resolving(Alert alert, String by, Instant at, Optional<String> eventId) {
        Map<String, AttributeValue> values = new HashMap<>(standingValues());
        values.put(":resolved", s(AlertStatus.RESOLVED.wire()));
        values.put(":at", millis(at));
        values.put(":by", s(by));
        values.put(":expires", n(at.plus(retention).getEpochSecond()));
        String set = "SET #status = :resolved, resolvedAt = :at, resolvedBy = :by, expiresAt = :expires";
        if (eventId.isPresent() && alert.eventIds().size() < MAX_EVENT_IDS) {
            values.put(":event", AttributeValue.fromL(List.of(s(eventId.get()))));
            set += ", eventIds = list_append(eventIds, :event)";
        }
        Update update = Update.builder().tableName(table).key(Map.of("id", s(alert.id())))
                .updateExpression(set + " REMOVE standingTenant")
                .conditionExpression("#status IN (:open, :acknowledged)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values).build();
        Update pointer = Update.builder().tableName(table).key(Map.of("id", s(pointerId(alert.tenantId(), alert.subject()))))
                .updateExpression("SET expiresAt = :expires REMOVE alertId")
                .conditionExpression("alertId = :id")
                .expressionAttributeValues(Map.of(":id", s(alert.id()), ":expires", n(at.plus(retention).getEpochSecond())))
                .build();
        return List.of(TransactWriteItem.builder().update(update).build(), TransactWriteItem.builder().update(pointer).build());
    }

    private static Map<String, AttributeValue> standingValues() {
        return Map.of(":open", s(AlertStatus.OPEN.wire()), ":acknowledged", s(AlertStatus.ACKNOWLEDGED.wire()));
    }

    /** What a change by hand did. */
    public sealed interface Transition {
        /** Done: the alert as it is now. */
        record Done(Alert alert) implements Transition {
        }

        /** Not allowed from the alert's current status (it is shown as it is). */
        record Refused(Alert alert) implements Transition {
        }

        /** No such alert. */
        record NotFound() implements Transition {
        }
    }

    /** Acknowledges an open alert: {@code by} has seen it. Only an open alert can be acknowledged. */
    public Transition acknowledge(String id, String by, Instant at) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of("id", s(id)))
                    .updateExpression("SET #status = :acknowledged, acknowledgedAt = :at, acknowledgedBy = :by")
                    .conditionExpression("#status = :open")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":open", s(AlertStatus.OPEN.wire()),
                            ":acknowledged", s(AlertStatus.ACKNOWLEDGED.wire()), ":at", millis(at), ":by", s(by))));
        } catch (ConditionalCheckFailedException notOpen) {
            return find(id, true).<Transition>map(Transition.Refused::new).orElseGet(Transition.NotFound::new);
        }
        return new Transition.Done(find(id, true).orElseThrow());
    }

    /** Resolves a standing alert by hand ({@code by}); the next breach of its subject opens a new one. */
    public Transition resolve(String id, String by, Instant at) {
        Optional<Alert> found = find(id, true);
        if (found.isEmpty()) {
            return new Transition.NotFound();
        }
        if (!found.get().status().active()) {
            return new Transition.Refused(found.get());
        }
        try {
            dynamo.transactWriteItems(t -> t.transactItems(resolving(found.get(), by, at, Optional.empty())));
        } catch (TransactionCanceledException resolvedMeanwhile) {
            return new Transition.Refused(find(id, true).orElse(found.get()));
        }
        return new Transition.Done(find(id, true).orElseThrow());
    }

    /** Who resolved an alert whose subject (application, check, task, tenant) was deleted. */
    public static final String DELETED = "deleted";

    /**
     * Resolves the standing alert of a subject, if one stands, and releases its pointer: its subject is gone
     * (resolved {@code by} {@link #DELETED}), so nothing would ever resolve it. Returns the alert as resolved.
     */
    public Optional<Alert> resolveStanding(String tenantId, String subject, String by, Instant at) {
        return standing(tenantId, subject).map(alert -> resolve(alert.id(), by, at))
                .flatMap(done -> done instanceof Transition.Done d ? Optional.of(d.alert()) : Optional.empty());
    }

    /** Acknowledges the open alert of a subject, if one is open (its application's outage was acknowledged). */
    public Optional<Alert> acknowledgeStanding(String tenantId, String subject, String by, Instant at) {
        return standing(tenantId, subject).filter(alert -> alert.status() == AlertStatus.OPEN)
                .map(alert -> acknowledge(alert.id(), by, at))
                .flatMap(done -> done instanceof Transition.Done d ? Optional.of(d.alert()) : Optional.empty());
    }

    /** What a listing keeps: every filter is optional. */
    public record Filter(Optional<String> tenantId, Optional<AlertStatus> status, Optional<AlertSeverity> severity,
                         Optional<String> subject) {
    }

    /**
     * Alerts newest first (by opening time): one tenant's, or every tenant's when the filter names none.
     * A page holds up to {@code limit} alerts; filters are applied as the index is read, so a page may hold
     * fewer while {@code nextToken} says more may follow.
     */
    public Page<Alert> list(Filter filter, int limit, Optional<String> token) {
        boolean oneTenant = filter.tenantId().isPresent();
        Map<String, String> tokenKeys = oneTenant ? TENANT_TOKEN : ALL_TOKEN;
        String partition = filter.tenantId().orElse(FEED);
        Optional<Map<String, AttributeValue>> start = token.map(t -> PageToken.decode(t, tokenKeys,
                oneTenant ? "tenantId" : "feed", partition));
        List<Alert> found = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        List<String> conditions = new ArrayList<>();
        filter.status().ifPresent(status -> {
            values.put(":status", s(status.wire()));
            names.put("#status", "status");
            conditions.add("#status = :status");
        });
        filter.severity().ifPresent(severity -> {
            values.put(":severity", s(severity.wire()));
            conditions.add("severity = :severity");
        });
        filter.subject().ifPresent(subject -> {
            values.put(":subject", s(subject));
            conditions.add("subject = :subject");
        });
        values.put(":key", s(partition));
        Map<String, AttributeValue> next = null;
        for (int read = 0; read < MAX_READS && found.size() < limit; read++) {
            Map<String, AttributeValue> after = read == 0 ? start.orElse(null) : next;
            if (read > 0 && next == null) {
                break;
            }
            int wanted = limit - found.size();
            QueryResponse response = dynamo.query(q -> {
                q.tableName(table).indexName(oneTenant ? BY_TENANT_INDEX : ALL_INDEX)
                        .keyConditionExpression((oneTenant ? "tenantId" : "feed") + " = :key")
                        .scanIndexForward(false).limit(wanted).expressionAttributeValues(values);
                if (!conditions.isEmpty()) {
                    q.filterExpression(String.join(" AND ", conditions));
                }
                if (!names.isEmpty()) {
                    q.expressionAttributeNames(names);
                }
                if (after != null) {
                    q.exclusiveStartKey(after);
                }
            });
            response.items().forEach(item -> found.add(fromItem(item)));
            next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        }
        return new Page<>(found, PageToken.encode(next));
    }

    /** How many alerts of a tenant stand (open or acknowledged), by severity; every severity is counted, 0 included. */
    public Map<AlertSeverity, Integer> standingBySeverity(String tenantId) {
        Map<AlertSeverity, Integer> counts = new EnumMap<>(AlertSeverity.class);
        for (AlertSeverity severity : AlertSeverity.values()) {
            counts.put(severity, 0);
        }
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> after = start;
            QueryResponse response = dynamo.query(q -> {
                q.tableName(table).indexName(STANDING_INDEX).keyConditionExpression("standingTenant = :t")
                        .expressionAttributeValues(Map.of(":t", s(tenantId))).projectionExpression("severity");
                if (after != null) {
                    q.exclusiveStartKey(after);
                }
            });
            for (Map<String, AttributeValue> item : response.items()) {
                AlertSeverity.fromWire(Attr.string(item, "severity")).ifPresent(sev -> counts.merge(sev, 1, Integer::sum));
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return counts;
    }

    static String pointerId(String tenantId, String subject) {
        return "standing#" + tenantId + "#" + subject;
    }

    private static Alert fromItem(Map<String, AttributeValue> item) {
        AttributeValue events = item.get("eventIds");
        List<String> eventIds = events == null || !events.hasL() ? List.of() : events.l().stream().map(AttributeValue::s).toList();
        return new Alert(
                Attr.string(item, "id"),
                Attr.string(item, "tenantId"),
                Attr.string(item, "subject"),
                Attr.string(item, "kind"),
                Optional.ofNullable(Attr.string(item, "name")).orElse(""),
                Optional.ofNullable(Attr.string(item, "openedBy")).orElse(""),
                AlertSeverity.fromWire(Attr.string(item, "severity")).orElse(AlertSeverity.P2),
                AlertStatus.fromWire(Attr.string(item, "status")).orElse(AlertStatus.OPEN),
                Attr.number(item, "occurrences", 1),
                Attr.instant(item, "openedAt").orElse(Instant.EPOCH),
                Attr.instant(item, "lastSeenAt").orElse(Instant.EPOCH),
                Attr.instant(item, "acknowledgedAt"),
                Optional.ofNullable(Attr.string(item, "acknowledgedBy")),
                Attr.instant(item, "resolvedAt"),
                Optional.ofNullable(Attr.string(item, "resolvedBy")),
                eventIds,
                Optional.ofNullable(Attr.string(item, "suppressed")));
    }
}
