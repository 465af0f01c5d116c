package dev.vigil.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.app.ApplicationRequest.InvalidRequest;
import dev.vigil.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Turns DynamoDB's LastEvaluatedKey into an opaque URL-safe token and back. */
final class PageToken {
    private PageToken() {
    }

    static Optional<String> encode(Map<String, AttributeValue> lastKey) {
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

    /** Decodes a token, accepting only the key attributes a listing expects. */
    static Map<String, AttributeValue> decode(String token, java.util.Set<String> keyNames) {
        try {
            JsonNode node = Json.parse(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            Map<String, AttributeValue> key = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!keyNames.contains(field.getKey())) {
                    throw new InvalidRequest("nextToken is not valid");
                }
                JsonNode value = field.getValue();
                if (value.hasNonNull("N")) {
                    Long.parseLong(value.get("N").asText());
                    key.put(field.getKey(), AttributeValue.fromN(value.get("N").asText()));
                } else if (value.hasNonNull("S")) {
                    key.put(field.getKey(), AttributeValue.fromS(value.get("S").asText()));
                } else {
                    throw new InvalidRequest("nextToken is not valid");
                }
            }
            if (!key.keySet().equals(keyNames)) {
                throw new InvalidRequest("nextToken is not valid");
            }
            return key;
        } catch (InvalidRequest e) {
            throw e;
        } catch (Exception e) {
            throw new InvalidRequest("nextToken is not valid");
        }
    }
}
