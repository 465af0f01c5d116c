package dev.vigil.store;

import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The {@code version} attribute of the items an admin edits (applications, channels): every admin
 * write adds one, conditional on the version it read, so two edits never overwrite each other
 * silently. An item stored before versions existed has none and counts as version 0.
 */
final class ItemVersion {
    static final String ATTRIBUTE = "version";

    private ItemVersion() {
    }

    /** The version an item holds. */
    static long of(Map<String, AttributeValue> item) {
        return Attr.number(item, ATTRIBUTE, 0);
    }

    /**
     * The condition "the item is still at {@code expected}", adding the names and values it uses
     * ({@code #version}, {@code :version}).
     */
    static String is(long expected, Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#version", ATTRIBUTE);
        values.put(":version", Attr.n(expected));
        return expected == 0 ? "(attribute_not_exists(#version) OR #version = :version)" : "#version = :version";
    }

    /**
     * Deletes the item {@code key} (whose key attribute is {@code keyAttribute}) of {@code table} unless it
     * left version {@code read} since it was read; false then, or if it is gone.
     */
    static boolean deleteUnchanged(DynamoDbClient dynamo, String table, String keyAttribute, AttributeValue key, long read) {
        Map<String, String> names = new HashMap<>(Map.of("#key", keyAttribute));
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_exists(#key) AND " + is(read, names, values);
        try {
            dynamo.deleteItem(d -> d.tableName(table).key(Map.of(keyAttribute, key)).conditionExpression(condition)
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changedOrGone) {
            return false;
        }
    }
}
