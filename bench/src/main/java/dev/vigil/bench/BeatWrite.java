package dev.vigil.bench;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The one write of the baseline beat: a conditional UpdateItem on the application keyed by its ping
 * UUID that sets the last beat and counts it, and fails with ConditionalCheckFailedException when no
 * such application exists. The minimal handler and the bare-writes launcher send exactly this.
 */
final class BeatWrite {
    private static final AttributeValue ONE = AttributeValue.fromN("1");
    private static final Map<String, String> NAMES = Map.of("#u", "uuid");

    private final String table;

    BeatWrite(String table) {
        this.table = table;
    }

    UpdateItemRequest request(String uuid, long nowMillis) {
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(Map.of("uuid", AttributeValue.fromS(uuid)))
                .updateExpression("SET lastHeartbeat = :now ADD beats :one")
                .conditionExpression("attribute_exists(#u)")
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(nowMillis)), ":one", ONE))
                .build();
    }
}
