package dev.vigil.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.Badge;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Badges in DynamoDB ({@code BadgesTable}), keyed by {@code badgeKey}: a badge's own item, under its key,
 * is what a public badge request reads, with one {@code GetItem}. Each badge also has a claim item,
 * under {@code claim#<tenantId>#<subject>} (never the shape of a key), naming its key: written in the
 * same transaction, only if no claim exists, so a tenant's application or tag has at most one badge,
 * and asking again gives the same one. The item layout is defined here once.
 */
public final class BadgeStore {
    public static final String TABLE_SETTING = "BADGES_TABLE";
    private static final String KEY = "badgeKey";

    private final DynamoDbClient dynamo;
    private final String table;

    public BadgeStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The badge whose key is {@code key}, if {@code key} has the shape of one and it exists. */
    public Optional<Badge> find(String key) {
        if (!Badge.wellFormed(key)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(Map.of(KEY, s(key)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Badge.Subject.parse(Attr.string(item, "subject")).map(subject -> new Badge(key, Attr.string(item, "tenantId"),
                subject, Attr.instant(item, "createdAt").orElse(Instant.EPOCH)));
    }

    /** The badge of {@code subject} in {@code tenantId}, if it has one. */
    public Optional<Badge> findFor(String tenantId, Badge.Subject subject) {
        Map<String, AttributeValue> claim = dynamo.getItem(g -> g.tableName(table).key(claimKey(tenantId, subject))
                .consistentRead(true)).item();
        if (claim == null || claim.isEmpty()) {
            return Optional.empty();
        }
        return find(Attr.string(claim, "key")).filter(badge -> badge.tenantId().equals(tenantId));
    }

    /**
     * Stores {@code badge} unless its subject has a badge already; returns the subject's badge either way
     * (the stored one, or {@code badge}) and whether it is new.
     */
    public Issued issue(Badge badge) {
        Map<String, AttributeValue> item = Map.of(KEY, s(badge.key()), "tenantId", s(badge.tenantId()),
                "subject", s(badge.subject().text()), "createdAt", millis(badge.createdAt()));
        Map<String, AttributeValue> claim = new HashMap<>(claimKey(badge.tenantId(), badge.subject()));
        claim.put("key", s(badge.key()));
        claim.put("tenantId", s(badge.tenantId()));
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                dynamo.transactWriteItems(t -> t.transactItems(
                        TransactWriteItem.builder().put(Put.builder().tableName(table).item(claim)
                                .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", KEY))
                                .build()).build(),
                        TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                                .conditionExpression("attribute_not_exists(#k)").expressionAttributeNames(Map.of("#k", KEY))
                                .build()).build()));
                return new Issued(badge, true);
            } catch (TransactionCanceledException cancelled) {
                if (!Transactions.lostRace(cancelled)) {
                    throw cancelled;
                }
                Optional<Badge> existing = findFor(badge.tenantId(), badge.subject());
                if (existing.isPresent()) {
                    return new Issued(existing.get(), false);
                }
                // The claim was revoked between the write and the read: try again.
            }
        }
        throw new IllegalStateException("the badge kept being issued and revoked meanwhile");
    }

    /** The badge a subject has, and whether this request issued it. */
    public record Issued(Badge badge, boolean created) {
    }

    /** Revokes the badge of {@code subject} in {@code tenantId}: its key stops working. False if it had none. */
    public boolean revoke(String tenantId, Badge.Subject subject) {
        Optional<Badge> badge = findFor(tenantId, subject);
        if (badge.isEmpty()) {
            return false;
        }
        dynamo.transactWriteItems(t -> t.transactItems(
                TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(claimKey(tenantId, subject)).build()).build(),
                TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(Map.of(KEY, s(badge.get().key())))
                        .build()).build()));
        return true;
    }

    private static Map<String, AttributeValue> claimKey(String tenantId, Badge.Subject subject) {
        return Map.of(KEY, s("claim#" + tenantId + "#" + subject.text()));
    }
}
