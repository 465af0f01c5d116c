package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a log line carries: whole numbers as whole numbers, and for an error its cause chain and frames. */
class LogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Log log = Log.of(LogTest.class);

    private JsonNode line() throws IOException {
        return Json.parse(out.toString(StandardCharsets.UTF_8).strip());
    }

    @AfterEach
    void restore() {
        Log.redirect(System.out);
    }

    @Test
    void numbersKeepTheirKind() throws IOException {
        Log.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
        log.info("counted", "read", 3, "ratio", 0.5);
        JsonNode line = line();
        assertTrue(line.get("read").isIntegralNumber(), line.toString());
        assertEquals(3, line.get("read").asInt());
        assertEquals(0.5, line.get("ratio").asDouble());
    }

    @Test
    void anErrorCarriesItsTypeMessageCausesAndFrames() throws IOException {
        Log.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
        IllegalStateException error = new IllegalStateException("outer",
                new UncheckedIOException("middle", new IOException("root cause")));

        log.error("it failed", error, "applicationId", "app_x");

        JsonNode line = line();
        assertEquals("ERROR", line.get("level").asText());
        assertEquals("java.lang.IllegalStateException", line.get("errorType").asText());
        assertEquals("outer", line.get("errorMessage").asText());
        assertEquals(2, line.get("causes").size());
        assertEquals("java.io.IOException", line.get("causes").get(1).get("type").asText());
        assertEquals("root cause", line.get("causes").get(1).get("message").asText());
        String trace = line.get("stackTrace").toString();
        assertTrue(trace.contains("LogTest.anErrorCarriesItsTypeMessageCausesAndFrames"), trace);
        assertTrue(trace.contains("Caused by: java.io.IOException: root cause"), trace);
    }
}
