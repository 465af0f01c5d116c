package dev.vigil.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.ApiKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Tenants' API keys in DynamoDB, keyed by the hash of the key ({@code keyHash}): the key itself is
 * never stored, so a copy of the table authenticates nobody. The {@value #BY_TENANT_INDEX} index
 * ({@code tenantId}, {@code keyId}) lists a tenant's keys and finds one of them by its public id. A
 * revoked key keeps its item, with {@code revokedAt}, so the listing shows when it was revoked.
 */
public final class ApiKeyStore {
    public static final String BY_TENANT_INDEX = "byTenant";

    private final DynamoDbClient dynamo;
    private final String table;

    public ApiKeyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Stores a new key under its hash. */
    public void create(ApiKey key, String keyHash) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("keyHash", s(keyHash));
        item.put("keyId", s(key.id()));
        item.put("tenantId", s(key.tenantId()));
        item.put("name", s(key.name()));
        item.put("role", s(key.role().wire()));
        item.put("prefix", s(key.prefix()));
        item.put("createdAt", millis(key.createdAt()));
        key.revokedAt().ifPresent(at -> item.put("revokedAt", millis(at)));
        key.lastUsedAt().ifPresent(at -> item.put("lastUsedAt", millis(at)));
        dynamo.putItem(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(keyHash)"));
    }

    /** The key whose hash is {@code keyHash}, read consistently (a revocation counts at once). */
    public Optional<ApiKey> findByHash(String keyHash) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(keyHash)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** {@code tenantId}'s keys, revoked ones included, oldest first. */
    public List<ApiKey> ofTenant(String tenantId) {
        List<ApiKey> keys = new ArrayList<>();
        items(tenantId).forEach(item -> keys.add(fromItem(item)));
        keys.sort(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id));
        return keys;
    }

    /** Key {@code keyId} of {@code tenantId}; empty if that tenant has no such key. */
    public Optional<ApiKey> find(String tenantId, String keyId) {
        return itemOf(tenantId, keyId).map(ApiKeyStore::fromItem);
    }

    /** What revoking a key came to. */
    public enum Revocation { REVOKED, ALREADY_REVOKED, NOT_FOUND }

    /** Revokes key {@code keyId} of {@code tenantId} as of {@code now}; a key revoked earlier keeps its time. */
    public Revocation revoke(String tenantId, String keyId, Instant now) {
        Optional<Map<String, AttributeValue>> item = itemOf(tenantId, keyId);
        if (item.isEmpty()) {
            return Revocation.NOT_FOUND;
        }
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(item.get().get("keyHash").s()))
                    .updateExpression("SET revokedAt = :now")
                    .conditionExpression("attribute_exists(keyHash) AND attribute_not_exists(revokedAt)")
                    .expressionAttributeValues(Map.of(":now", millis(now))));
            return Revocation.REVOKED;
        } catch (ConditionalCheckFailedException revokedOrGone) {
            return Revocation.ALREADY_REVOKED;
        }
    }

    /** Records that the key was used at {@code now}; nothing if it was deleted meanwhile. */
    public void touch(String keyHash, Instant now) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key(keyHash)).updateExpression("SET lastUsedAt = :now")
                    .conditionExpression("attribute_exists(keyHash)").expressionAttributeValues(Map.of(":now", millis(now))));
        } catch (ConditionalCheckFailedException gone) {
            // Deleted with its tenant meanwhile.
        }
    }

    /** Deletes every key of {@code tenantId} (the tenant is being deleted); returns how many. */
    public int deleteAll(String tenantId) {
        int deleted = 0;
        for (Map<String, AttributeValue> item : items(tenantId)) {
            dynamo.deleteItem(d -> d.tableName(table).key(key(item.get("keyHash").s())));
            deleted++;
        }
        return deleted;
    }

    private List<Map<String, AttributeValue>> items(String tenantId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.queryPaginator(q -> q.tableName(table).indexName(BY_TENANT_INDEX).keyConditionExpression("tenantId = :tenant")
                .expressionAttributeValues(Map.of(":tenant", s(tenantId)))).items().forEach(items::add);
        return items;
    }

    private Optional<Map<String, AttributeValue>> itemOf(String tenantId, String keyId) {
        return dynamo.query(q -> q.tableName(table).indexName(BY_TENANT_INDEX)
                .keyConditionExpression("tenantId = :tenant AND keyId = :key")
                .expressionAttributeValues(Map.of(":tenant", s(tenantId), ":key", s(keyId)))).items().stream().findFirst();
    }

    private static ApiKey fromItem(Map<String, AttributeValue> item) {
        return new ApiKey(
                Attr.string(item, "keyId"),
                Attr.string(item, "tenantId"),
                Attr.string(item, "name"),
                ApiKey.Role.fromWire(Attr.string(item, "role")).orElse(ApiKey.Role.READ_ONLY),
                Attr.string(item, "prefix"),
                Attr.instant(item, "createdAt").orElse(Instant.EPOCH),
                Attr.instant(item, "revokedAt"),
                Attr.instant(item, "lastUsedAt"));
    }

    private static Map<String, AttributeValue> key(String keyHash) {
        return Map.of("keyHash", s(keyHash));
    }
}
