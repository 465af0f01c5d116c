package dev.vigil.store;

import dev.vigil.domain.Channel;
import dev.vigil.domain.ChannelType;
import dev.vigil.domain.Tenant;
import dev.vigil.runtime.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Alert channels in DynamoDB, keyed by id, with the {@value #BY_TYPE_INDEX} index for each notifier's
 * lookups and the {@value #BY_TENANT_INDEX} index for each tenant's listing. A channel stored before
 * tenants existed has no {@code tenantId} (it belongs to the default tenant) and is not in the tenant
 * index until {@link #adoptLegacy} gives it one.
 */
public final class ChannelStore {
    public static final String BY_TYPE_INDEX = "byType";
    public static final String BY_TENANT_INDEX = "byTenant";

    private final DynamoDbClient dynamo;
    private final String table;

    public ChannelStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public void create(Channel channel) {
        dynamo.putItem(p -> p.tableName(table).item(toItem(channel)).conditionExpression("attribute_not_exists(id)"));
    }

    /**
     * How long a write that changes a channel's secrets holds off every other write of the channel while
     * it stores them, at most: twice the admin function's timeout, so a crashed writer blocks no one for long.
     */
    public static final Duration SECRETS_LEASE = Duration.ofSeconds(30);
    private static final String LEASE = "secretsLeaseUntil";

    /**
     * Stores {@code changed} as the next version of {@code read}, in {@code read}'s tenant (a channel never
     * changes tenant); empty if the channel was changed or
     * deleted since {@code read} was read, or another write holds it while storing secrets (nothing is
     * written then). With {@code holdForSecrets} this write holds it in turn, until {@link #release} or
     * {@link #SECRETS_LEASE} after {@code now}, so that secrets are stored in the order of the versions.
     */
    public Optional<Channel> replace(Channel read, Channel changed, Instant now, boolean holdForSecrets) {
        Channel next = new Channel(changed.id(), changed.type(), changed.name(), changed.enabled(), changed.isDefault(),
                changed.settings(), changed.secretHints(), changed.createdAt(), changed.updatedAt(), changed.repeatMinutes(),
                read.version() + 1, read.tenantId(), changed.escalation());
        Map<String, AttributeValue> item = toItem(next);
        if (holdForSecrets) {
            item.put(LEASE, Attr.millis(now.plus(SECRETS_LEASE)));
        }
        Map<String, String> names = new HashMap<>(Map.of("#id", "id"));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#id) AND " + ItemVersion.is(read.version(), names, values) + " AND "
                + free(now, names, values);
        try {
            dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return Optional.of(next);
        } catch (ConditionalCheckFailedException changedOrHeld) {
            return Optional.empty();
        }
    }

    private static final String LAST_TEST = "lastTestAt";

    /** The answer to {@link #claimTest}: the test may go, or the next moment one may, or the channel is gone. */
    public sealed interface TestClaim {
        /** This caller sends the test now. */
        record Taken() implements TestClaim {
        }

        /** A test was sent less than the interval ago; the next may go at {@code nextAllowed}. */
        record TooSoon(Instant nextAllowed) implements TestClaim {
        }

        /** No such channel. */
        record Gone() implements TestClaim {
        }
    }

    /**
     * Takes the right to send a test alert on channel {@code id} at {@code now}, unless one was taken less
     * than {@code every} ago: one conditional write of the time of the test (which is not a change of the
     * channel: its version stays), so racing callers get one test between them.
     */
    public TestClaim claimTest(String id, Instant now, Duration every) {
        Map<String, String> names = Map.of("#id", "id", "#last", LAST_TEST);
        Map<String, AttributeValue> values = Map.of(":now", Attr.millis(now), ":since", Attr.millis(now.minus(every)));
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                    .updateExpression("SET #last = :now")
                    .conditionExpression("attribute_exists(#id) AND (attribute_not_exists(#last) OR #last <= :since)")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new TestClaim.Taken();
        } catch (ConditionalCheckFailedException refused) {
            Map<String, AttributeValue> item = refused.item() == null ? Map.of() : refused.item();
            if (item.isEmpty()) {
                return new TestClaim.Gone();
            }
            return new TestClaim.TooSoon(Attr.instant(item, LAST_TEST).orElse(now).plus(every));
        }
    }

    /** Gives back the test claimed at {@code at} (its alert could not be sent), so the next may go at once. */
    public void releaseTest(String id, Instant at) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                    .updateExpression("REMOVE #last").conditionExpression("#last = :at")
                    .expressionAttributeNames(Map.of("#last", LAST_TEST)).expressionAttributeValues(Map.of(":at", Attr.millis(at))));
        } catch (ConditionalCheckFailedException laterOrGone) {
            // Another test was claimed since, or the channel is gone.
        }
    }

    /** Ends the hold that {@code written} took to store its secrets; one already ended or lapsed is fine. */
    public void release(Channel written) {
        Map<String, String> names = new HashMap<>(Map.of("#lease", LEASE));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = ItemVersion.is(written.version(), names, values);
        try {
            dynamo.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(written.id())))
                    .updateExpression("REMOVE #lease").conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException changedMeanwhile) {
            // The hold lapsed and another write came after it, or the channel is gone.
        }
    }

    /** The condition "no write holds the channel to store its secrets" at {@code now}. */
    private static String free(Instant now, Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#lease", LEASE);
        values.put(":now", Attr.millis(now));
        return "(attribute_not_exists(#lease) OR #lease < :now)";
    }

    public Optional<Channel> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** The channels among {@code ids} that exist, in the order of {@code ids}. */
    public List<Channel> findAll(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Map<String, AttributeValue>> keys = ids.stream().distinct()
                .map(id -> Map.of("id", AttributeValue.fromS(id))).toList();
        Map<String, Channel> found = new HashMap<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!request.isEmpty()) {
            Map<String, KeysAndAttributes> next = request;
            var response = dynamo.batchGetItem(b -> b.requestItems(next));
            response.responses().getOrDefault(table, List.of()).forEach(item -> {
                Channel c = fromItem(item);
                found.put(c.id(), c);
            });
            request = response.unprocessedKeys();
        }
        return ids.stream().distinct().map(found::get).filter(c -> c != null).toList();
    }

    public List<Channel> byType(ChannelType type) {
        List<Channel> channels = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var response = dynamo.query(q -> {
                q.tableName(table).indexName(BY_TYPE_INDEX).keyConditionExpression("#type = :type")
                        .expressionAttributeNames(Map.of("#type", "type"))
                        .expressionAttributeValues(Map.of(":type", AttributeValue.fromS(type.wire())));
                if (from != null) {
                    q.exclusiveStartKey(from);
                }
            });
            response.items().forEach(item -> channels.add(fromItem(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty() ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return channels;
    }

    /** {@code tenantId}'s channels, oldest first, from the tenant index. */
    public List<Channel> ofTenant(String tenantId) {
        List<Channel> channels = new ArrayList<>();
        dynamo.queryPaginator(q -> q.tableName(table).indexName(BY_TENANT_INDEX).keyConditionExpression("tenantId = :tenant")
                .expressionAttributeValues(Map.of(":tenant", AttributeValue.fromS(tenantId))))
                .items().forEach(item -> channels.add(fromItem(item)));
        return channels;
    }

    /**
     * The default tenant's channels while some channels stored before tenants existed have no
     * {@code tenantId} yet: the table read whole, as the listing was before tenants, keeping the default
     * tenant's channels and those without a tenant.
     */
    public List<Channel> defaultWithLegacy() {
        List<Channel> channels = new ArrayList<>();
        dynamo.scanPaginator(r -> r.tableName(table).filterExpression("attribute_not_exists(tenantId) OR tenantId = :default")
                .expressionAttributeValues(Map.of(":default", AttributeValue.fromS(Tenant.DEFAULT_ID))))
                .items().forEach(item -> channels.add(fromItem(item)));
        channels.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return channels;
    }

    /** Whether {@code tenantId} has any channel (in the tenant index). */
    public boolean anyInTenant(String tenantId) {
        return dynamo.query(q -> q.tableName(table).indexName(BY_TENANT_INDEX).keyConditionExpression("tenantId = :tenant")
                .expressionAttributeValues(Map.of(":tenant", AttributeValue.fromS(tenantId))).limit(1)).count() > 0;
    }

    /**
     * Gives the channels stored before tenants existed (no {@code tenantId}) to the default tenant,
     * reading the table from {@code from} (a channel id, exclusive) for at most {@code pages} pages; each
     * is written only if it still has no tenant. Returns where to go on from, or empty when done.
     */
    public Optional<String> adoptLegacy(Optional<String> from, int pages) {
        Optional<Map<String, AttributeValue>> start = from.map(id -> Map.of("id", AttributeValue.fromS(id)));
        for (int page = 0; page < pages; page++) {
            Optional<Map<String, AttributeValue>> after = start;
            var response = dynamo.scan(r -> {
                r.tableName(table).limit(200).filterExpression("attribute_not_exists(tenantId)").projectionExpression("id");
                after.ifPresent(r::exclusiveStartKey);
            });
            for (Map<String, AttributeValue> item : response.items()) {
                try {
                    dynamo.updateItem(u -> u.tableName(table).key(Map.of("id", item.get("id")))
                            .updateExpression("SET tenantId = :default")
                            .conditionExpression("attribute_exists(id) AND attribute_not_exists(tenantId)")
                            .expressionAttributeValues(Map.of(":default", AttributeValue.fromS(Tenant.DEFAULT_ID))));
                } catch (ConditionalCheckFailedException deletedOrAdopted) {
                    // Deleted meanwhile, or another container adopted it first.
                }
            }
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return Optional.empty();
            }
            start = Optional.of(response.lastEvaluatedKey());
        }
        return start.map(k -> k.get("id").s());
    }


    /** Deletes the channel unless a write holds it to store its secrets; false then, or if it is gone. */
    public boolean delete(String id, Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#id", "id"));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#id) AND " + free(now, names, values);
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(Map.of("id", AttributeValue.fromS(id)))
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException goneOrHeld) {
            return false;
        }
    }

    /** Deletes the channel unless it changed since {@code read} was read or a write holds it; false then (or if it is gone). */
    public boolean deleteUnchanged(Channel read, Instant now) {
        Map<String, String> names = new HashMap<>(Map.of("#id", "id"));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#id) AND " + ItemVersion.is(read.version(), names, values) + " AND "
                + free(now, names, values);
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(Map.of("id", AttributeValue.fromS(read.id())))
                    .conditionExpression(condition).expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedGoneOrHeld) {
            return false;
        }
    }

    static Map<String, AttributeValue> toItem(Channel c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(c.id()));
        item.put("type", AttributeValue.fromS(c.type().wire()));
        item.put("name", AttributeValue.fromS(c.name()));
        item.put("enabled", AttributeValue.fromBool(c.enabled()));
        item.put("isDefault", AttributeValue.fromBool(c.isDefault()));
        item.put("settings", AttributeValue.fromS(Json.write(c.settings())));
        item.put("secretHints", AttributeValue.fromS(Json.write(c.secretHints())));
        item.put("createdAt", AttributeValue.fromN(Long.toString(c.createdAt().toEpochMilli())));
        item.put("updatedAt", AttributeValue.fromN(Long.toString(c.updatedAt().toEpochMilli())));
        c.repeatMinutes().ifPresent(m -> item.put("repeatMinutes", AttributeValue.fromN(Long.toString(m))));
        item.put(ItemVersion.ATTRIBUTE, Attr.n(c.version()));
        item.put("tenantId", AttributeValue.fromS(c.tenantId()));
        item.put("escalation", AttributeValue.fromBool(c.escalation()));
        return item;
    }

    static Channel fromItem(Map<String, AttributeValue> item) {
        return new Channel(
                item.get("id").s(),
                ChannelType.fromWire(item.get("type").s()).orElseThrow(),
                item.get("name").s(),
                item.get("enabled").bool(),
                item.get("isDefault").bool(),
                stringMap(item.get("settings")),
                stringMap(item.get("secretHints")),
                Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())),
                Instant.ofEpochMilli(Long.parseLong(item.get("updatedAt").n())),
                item.containsKey("repeatMinutes") ? Optional.of(Long.parseLong(item.get("repeatMinutes").n())) : Optional.empty(),
                ItemVersion.of(item),
                Optional.ofNullable(Attr.string(item, "tenantId")).orElse(Tenant.DEFAULT_ID),
                Attr.flag(item, "escalation", false));
    }

    private static Map<String, String> stringMap(AttributeValue value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value == null || value.s() == null) {
            return map;
        }
        try {
            Json.parse(value.s()).fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().asText()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Stored channel settings are unreadable", e);
        }
        return map;
    }
}
