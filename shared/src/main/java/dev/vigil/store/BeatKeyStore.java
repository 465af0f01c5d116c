package dev.vigil.store;

import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * What the slug heartbeat URLs ({@code /heartbeat/{pingKey}/{slug}}) resolve through, in one small table
 * keyed by {@code key}, so that a beat finds its application with two reads of one item each:
 *
 * <ul>
 *   <li>{@code ping#<pingKey>}: the tenant that owns the ping key ({@code tenantId});</li>
 *   <li>{@code slug#<tenantId>#<slug>}: the application that has the slug in that tenant ({@code uuid},
 *       {@code applicationId}) — the guard that keeps slugs unique: it is written in the same transaction as
 *       the application, on the condition that no other application holds it;</li>
 *   <li>{@code tenant#<tenantId>}: the tenant's current ping key ({@code pingKey}) and how many applications
 *       beats with {@code ?create=1} have created ({@code autoCreated}).</li>
 * </ul>
 * Rotating a ping key writes the new key's item and deletes the old one's in one transaction, so the old
 * key stops resolving at once.
 */
public final class BeatKeyStore {
    public static final String TABLE_SETTING = "BEAT_KEYS_TABLE";
    private static final int ROTATE_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String table;

    public BeatKeyStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The tenant that owns {@code pingKey}: one (eventually consistent) read. */
    public Optional<String> tenantOfPingKey(String pingKey) {
        return read("ping#" + pingKey, false).map(item -> Attr.string(item, "tenantId"));
    }

    /** The UUID of the application of {@code tenantId} whose slug is {@code slug}: one (eventually consistent) read. */
    public Optional<String> uuidOfSlug(String tenantId, String slug) {
        return read(slugKey(tenantId, slug), false).map(item -> Attr.string(item, "uuid"));
    }

    /** The tenant's current ping key, if it has one. */
    public Optional<String> pingKeyOf(String tenantId) {
        return read("tenant#" + tenantId, true).flatMap(item -> Optional.ofNullable(Attr.string(item, "pingKey")));
    }

    /** How many applications of the tenant beats with {@code ?create=1} have created. */
    public long autoCreated(String tenantId) {
        return read("tenant#" + tenantId, true).map(item -> Attr.number(item, "autoCreated", 0)).orElse(0L);
    }

    /**
     * Gives the tenant {@code newKey} as its ping key, and takes the previous one (if any) away, in one
     * transaction; retried when another rotation got there first.
     */
    public void rotatePingKey(String tenantId, String newKey) {
        for (int attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
            Optional<String> old = pingKeyOf(tenantId);
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(setPingKey(tenantId, old, Optional.of(newKey)));
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                    .item(Map.of("key", s("ping#" + newKey), "tenantId", s(tenantId)))
                    .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", "key")).build())
                    .build());
            old.ifPresent(key -> writes.add(deletePing(key, tenantId)));
            if (transact(writes)) {
                return;
            }
        }
        throw new IllegalStateException("the ping key of tenant " + tenantId + " kept changing while it was rotated");
    }

    /** Takes the tenant's ping key away (its slug URLs stop working); false if it had none. */
    public boolean revokePingKey(String tenantId) {
        for (int attempt = 0; attempt < ROTATE_ATTEMPTS; attempt++) {
            Optional<String> old = pingKeyOf(tenantId);
            if (old.isEmpty()) {
                return false;
            }
            if (transact(List.of(setPingKey(tenantId, old, Optional.empty()), deletePing(old.get(), tenantId)))) {
                return true;
            }
        }
        throw new IllegalStateException("the ping key of tenant " + tenantId + " kept changing while it was revoked");
    }

    private TransactWriteItem setPingKey(String tenantId, Optional<String> old, Optional<String> next) {
        Map<String, AttributeValue> values = new HashMap<>();
        old.ifPresent(key -> values.put(":old", s(key)));
        next.ifPresent(key -> values.put(":new", s(key)));
        Update.Builder update = Update.builder().tableName(table).key(key("tenant#" + tenantId))
                .updateExpression(next.isPresent() ? "SET pingKey = :new" : "REMOVE pingKey")
                .conditionExpression(old.isPresent() ? "pingKey = :old" : "attribute_not_exists(pingKey)");
        if (!values.isEmpty()) {
            update.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    private TransactWriteItem deletePing(String pingKey, String tenantId) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key("ping#" + pingKey))
                .conditionExpression("tenantId = :tenant").expressionAttributeValues(Map.of(":tenant", s(tenantId))).build())
                .build();
    }

    /**
     * The write that claims {@code slug} in {@code tenantId} for the application {@code uuid}, for the
     * transaction that stores the application: it holds only if no other application has the slug.
     */
    public TransactWriteItem claimSlug(String tenantId, String slug, String uuid, String applicationId) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table)
                .item(Map.of("key", s(slugKey(tenantId, slug)), "uuid", s(uuid), "applicationId", s(applicationId)))
                .conditionExpression("attribute_not_exists(#k) OR #u = :uuid")
                .expressionAttributeNames(Map.of("#k", "key", "#u", "uuid"))
                .expressionAttributeValues(Map.of(":uuid", s(uuid))).build()).build();
    }

    /** The write that gives up the application {@code uuid}'s claim on {@code slug} (it changed slug). */
    public TransactWriteItem releaseSlug(String tenantId, String slug, String uuid) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key(slugKey(tenantId, slug)))
                .conditionExpression("#u = :uuid").expressionAttributeNames(Map.of("#u", "uuid"))
                .expressionAttributeValues(Map.of(":uuid", s(uuid))).build()).build();
    }

    /** Gives up the claim of a deleted application, or of one that is gone (a claim no application backs). */
    public void releaseSlugOf(String tenantId, String slug, String uuid) {
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(key(slugKey(tenantId, slug))).conditionExpression("#u = :uuid")
                    .expressionAttributeNames(Map.of("#u", "uuid")).expressionAttributeValues(Map.of(":uuid", s(uuid))));
        } catch (ConditionalCheckFailedException claimedByAnother) {
            // Another application holds it now.
        }
    }

    /**
     * The write that counts one more application created by a beat with {@code ?create=1}, for the
     * transaction that stores it: it holds only while the tenant has created fewer than {@code limit}.
     */
    public TransactWriteItem countAutoCreated(String tenantId, long limit) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key("tenant#" + tenantId))
                .updateExpression("ADD autoCreated :one")
                .conditionExpression("attribute_not_exists(autoCreated) OR autoCreated < :limit")
                .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit))).build()).build();
    }

    private boolean transact(List<TransactWriteItem> writes) {
        try {
            dynamo.transactWriteItems(t -> t.transactItems(writes));
            return true;
        } catch (TransactionCanceledException cancelled) {
            if (!Transactions.lostRace(cancelled)) {
                throw cancelled;
            }
            return false;
        }
    }

    private Optional<Map<String, AttributeValue>> read(String key, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(key)).consistentRead(consistent)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static String slugKey(String tenantId, String slug) {
        return "slug#" + tenantId + "#" + slug;
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of("key", s(key));
    }
}
