package dev.vigil.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Turns DynamoDB's LastEvaluatedKey into an opaque URL-safe token and back. */
public final class PageToken {
    private PageToken() {
    }

    public static Optional<String> encode(Map<String, AttributeValue> lastKey) {
        if (lastKey == null || lastKey.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = Json.object();
        lastKey.forEach((name, value) -> {
            if (value.n() != null) {
                node.putObject(name).put("N", value.n());
            } else {
                node.putObject(name).put("S", value.s());
            }
        });
        return Optional.of(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Json.write(node).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Decodes a token as {@link #decode} does, and refuses one whose {@code partitionKey} is not
     * {@code expected}: a token of another listing (another tenant's, another task's) is a client error,
     * never a query DynamoDB refuses.
     */
    public static Map<String, AttributeValue> decode(String token, Map<String, String> keyTypes, String partitionKey,
                                                     String expected) {
        Map<String, AttributeValue> key = decode(token, keyTypes);
        if (!expected.equals(key.get(partitionKey).s())) {
            throw new InvalidInput("nextToken is not valid");
        }
        return key;
    }

    /**
     * Decodes a token, accepting only the key attributes a listing expects, each of its type
     * ({@code "S"} or {@code "N"}), so a tampered token is a client error and never reaches DynamoDB.
     */
    public static Map<String, AttributeValue> decode(String token, Map<String, String> keyTypes) {
        try {
            JsonNode node = Json.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            Map<String, AttributeValue> key = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String type = keyTypes.get(field.getKey());
                if (type == null) {
                    throw new InvalidInput("nextToken is not valid");
                }
                JsonNode value = field.getValue().get(type);
                if (value != null && value.isTextual() && !value.textValue().isEmpty()) {
                    if ("N".equals(type)) {
                        Long.parseLong(value.textValue());
                    }
                    key.put(field.getKey(), "N".equals(type) ? AttributeValue.fromN(value.textValue())
                            : AttributeValue.fromS(value.textValue()));
                } else {
                    throw new InvalidInput("nextToken is not valid");
                }
            }
            if (!key.keySet().equals(keyTypes.keySet())) {
                throw new InvalidInput("nextToken is not valid");
            }
            return key;
        } catch (InvalidInput e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidInput("nextToken is not valid");
        }
    }
}
