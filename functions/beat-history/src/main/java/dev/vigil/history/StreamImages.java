package dev.vigil.history;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item images in the JSON of a Lambda DynamoDB stream event ({@code {"S": "..."}}, {@code {"N": "12"}},
 * {@code {"BOOL": true}}, {@code {"L": [...]}}, {@code {"M": {...}}}, {@code {"NULL": true}}), read into
 * the SDK's attribute values that the stores understand.
 */
public final class StreamImages {
    private StreamImages() {
    }

    public static Map<String, AttributeValue> read(JsonNode image) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        if (image != null && image.isObject()) {
            image.fields().forEachRemaining(f -> item.put(f.getKey(), value(f.getValue())));
        }
        return item;
    }

    private static AttributeValue value(JsonNode node) {
        if (node.has("S")) {
            return AttributeValue.fromS(node.get("S").asText());
        }
        if (node.has("N")) {
            return AttributeValue.fromN(node.get("N").asText());
        }
        if (node.has("BOOL")) {
            return AttributeValue.fromBool(node.get("BOOL").asBoolean());
        }
        if (node.has("NULL")) {
            return AttributeValue.fromNul(true);
        }
        if (node.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            node.get("L").forEach(v -> list.add(value(v)));
            return AttributeValue.fromL(list);
        }
        if (node.has("M")) {
            return AttributeValue.fromM(read(node.get("M")));
        }
        throw new IllegalArgumentException("unsupported attribute value " + node.fieldNames().next());
    }
}
