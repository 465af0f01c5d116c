package dev.vigil.store;

import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Failed authentications counted per source and fixed time window, one small item per (source,
 * window) in DynamoDB, so every container of a function sees the same counts. An item is keyed by the
 * SHA-256 of the source (whatever text it is, the key is well-formed) and the window's start, and
 * expires by TTL one window after the window ends.
 */
public final class AuthFailureLog {
    private final DynamoDbClient dynamo;
    private final String table;

    public AuthFailureLog(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The failures counted for {@code source} in the window that starts at {@code windowStart}. */
    public long failures(String source, Instant windowStart) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(source, windowStart))
                .projectionExpression("failures")).item();
        return item == null ? 0 : Attr.number(item, "failures", 0);
    }

    /** Counts one more failure of {@code source} in the window of {@code window} starting at {@code windowStart}; returns the count. */
    public long count(String source, Instant windowStart, Duration window) {
        Map<String, AttributeValue> after = dynamo.updateItem(u -> u.tableName(table).key(key(source, windowStart))
                .updateExpression("ADD failures :one SET expiresAt = :expires")
                .expressionAttributeValues(Map.of(":one", n(1),
                        ":expires", n(windowStart.plus(window.multipliedBy(2)).getEpochSecond())))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes();
        return Attr.number(after, "failures", 1);
    }

    private static Map<String, AttributeValue> key(String source, Instant windowStart) {
        return Map.of("source", s(sha256(source) + "#" + windowStart.getEpochSecond()));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
