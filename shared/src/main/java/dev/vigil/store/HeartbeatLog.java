package dev.vigil.store;

import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.InvalidInput;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The history of beats per application, newest first, kept for the retention period (table TTL).
 * The sort key is the receipt time in zero-padded epoch millis plus a random suffix, so two beats in
 * the same millisecond are both kept.
 */
public final class HeartbeatLog {
    private static final Map<String, String> KEY = Map.of("applicationId", "S", "beatKey", "S");
    private static final int MAX_TEXT = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public HeartbeatLog(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    /** One received beat: when, how, and from where (as API Gateway saw it). */
    public record Beat(Instant receivedAt, String method, Optional<String> sourceIp, Optional<String> userAgent) {
    }

    public void append(String applicationId, Beat beat) {
        byte[] suffix = new byte[3];
        RANDOM.nextBytes(suffix);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("applicationId", s(applicationId));
        item.put("beatKey", s(String.format("%013d#%s", beat.receivedAt().toEpochMilli(), HexFormat.of().formatHex(suffix))));
        item.put("receivedAt", millis(beat.receivedAt()));
        item.put("method", s(beat.method()));
        beat.sourceIp().ifPresent(ip -> item.put("sourceIp", s(truncate(ip))));
        beat.userAgent().ifPresent(agent -> item.put("userAgent", s(truncate(agent))));
        item.put("expiresAt", n(beat.receivedAt().plus(retention).getEpochSecond()));
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    public Page<Beat> list(String applicationId, int limit, Optional<String> token) {
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).keyConditionExpression("applicationId = :id")
                    .expressionAttributeValues(Map.of(":id", s(applicationId)))
                    .scanIndexForward(false).limit(limit);
            token.ifPresent(t -> {
                Map<String, AttributeValue> start = PageToken.decode(t, KEY);
                if (!applicationId.equals(start.get("applicationId").s())) {
                    throw new InvalidInput("nextToken is not valid");
                }
                q.exclusiveStartKey(start);
            });
        });
        List<Beat> beats = response.items().stream().map(item -> new Beat(
                Attr.instant(item, "receivedAt").orElseThrow(),
                Attr.string(item, "method"),
                Optional.ofNullable(Attr.string(item, "sourceIp")),
                Optional.ofNullable(Attr.string(item, "userAgent")))).toList();
        return new Page<>(beats, PageToken.encode(response.lastEvaluatedKey()));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT);
    }
}
