package dev.vigil.local;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import dev.vigil.testkit.LambdaContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** One function of the template, loaded in this JVM and invoked with the JSON event Lambda would pass. */
record LocalFunction(String logicalId, RequestStreamHandler handler, long timeoutSeconds, int memoryMb) {

    JsonNode invoke(JsonNode event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out,
                    new LambdaContext(logicalId, timeoutSeconds, memoryMb));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        try {
            return text.isBlank() ? Json.object() : Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Function " + logicalId + " returned invalid JSON", e);
        }
    }
}
