package dev.vigil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The baseline handler does what the benchmarks say it does: one conditional write, 200 or 404. */
class MinimalBeatHandlerTest {
    static final String SAMPLE_UUID = "3f1c2a9e-8d4b-4e1f-9a6c-2b7d5e8f0a13";

    @Test
    void readsTheUuidOfTheSampleEvent() throws IOException {
        assertEquals(SAMPLE_UUID, MinimalBeatHandler.pathParameter(sample(), "uuid"));
    }

    @Test
    void findsNoUuidWhereThereIsNone() {
        assertNull(MinimalBeatHandler.pathParameter("{\"rawPath\":\"/heartbeat/x\"}", "uuid"));
        assertNull(MinimalBeatHandler.pathParameter("{\"pathParameters\": null, \"uuid\": \"x\"}", "uuid"));
        assertNull(MinimalBeatHandler.pathParameter("{\"pathParameters\":{\"id\":\"x\"},\"uuid\":\"y\"}", "uuid"));
        assertEquals("abc", MinimalBeatHandler.pathParameter("{ \"pathParameters\" : { \"uuid\" : \"abc\" } }", "uuid"));
    }

    @Test
    void storesTheBeatOfAKnownUuidAndAnswers404ForAnUnknownOne() throws IOException {
        DynamoLocal db = DynamoLocal.shared();
        db.reset();
        db.client().putItem(p -> p.tableName("ApplicationsTable").item(Map.of("uuid", AttributeValue.fromS(SAMPLE_UUID))));
        MinimalBeatHandler handler = new MinimalBeatHandler(Map.of("APPLICATIONS_TABLE", "ApplicationsTable",
                "AWS_ENDPOINT_URL_DYNAMODB", db.endpoint(), "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"));

        assertTrue(invoke(handler, sample()).startsWith("{\"statusCode\":200,"));
        assertTrue(invoke(handler, sample().replace(SAMPLE_UUID, "00000000-0000-4000-8000-000000000000"))
                .startsWith("{\"statusCode\":404,"));

        Map<String, AttributeValue> item = db.client().getItem(g -> g.tableName("ApplicationsTable")
                .key(Map.of("uuid", AttributeValue.fromS(SAMPLE_UUID)))).item();
        assertEquals("1", item.get("beats").n());
        assertTrue(item.containsKey("lastHeartbeat"));
        assertEquals(1, db.client().scan(s -> s.tableName("ApplicationsTable")).count(), "an unknown UUID creates no item");
    }

    private static String invoke(MinimalBeatHandler handler, String event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, null);
        return output.toString(StandardCharsets.UTF_8);
    }

    private static String sample() throws IOException {
        Path events = SamTemplate.locate().getParent().resolve("events");
        return Files.readString(events.resolve("heartbeat-post.json"));
    }
}
