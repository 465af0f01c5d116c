package dev.vigil.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The lines {@link Metrics} writes follow the CloudWatch embedded metric format and its limits. */
class MetricsTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final List<String> lines = new ArrayList<>();
    private final Metrics metrics = new Metrics("Vigil/test", "beat-ingest", Clock.fixed(NOW, ZoneOffset.UTC), lines::add);

    private List<JsonNode> parsed() throws JsonProcessingException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : lines) {
            assertFalse(line.contains("\n"), "one object per line");
            nodes.add(Json.parse(line));
        }
        return nodes;
    }

    private static JsonNode directive(JsonNode line) {
        assertEquals(1, line.path("_aws").path("CloudWatchMetrics").size(), line.toString());
        return line.path("_aws").path("CloudWatchMetrics").path(0);
    }

    @Test
    void aLineCarriesTheMetadataTheDirectiveAndTheValuesAtTheTop() throws JsonProcessingException {
        metrics.count("BeatsIngested");
        metrics.count("BeatsIngested");
        metrics.duration("DetectorDurationMs", 120);
        metrics.flush();

        List<JsonNode> out = parsed();
        assertEquals(1, out.size());
        JsonNode line = out.get(0);
        assertEquals(NOW.toEpochMilli(), line.path("_aws").path("Timestamp").asLong());
        JsonNode directive = directive(line);
        assertEquals("Vigil/test", directive.path("Namespace").asText());
        assertEquals("[[\"Function\"]]", directive.path("Dimensions").toString());
        assertEquals("[{\"Name\":\"BeatsIngested\",\"Unit\":\"Count\"},{\"Name\":\"DetectorDurationMs\",\"Unit\":\"Milliseconds\"}]",
                directive.path("Metrics").toString());
        assertEquals("beat-ingest", line.path("Function").asText());
        assertEquals(2, line.path("BeatsIngested").asLong());
        assertEquals(120, line.path("DetectorDurationMs").asLong());
    }

    @Test
    void everyMetricAndDimensionNamedInTheDirectiveIsAMemberOfTheLine() throws JsonProcessingException {
        metrics.count("DeliveriesSent", "Channel", "slack", 3);
        metrics.count("DeliveriesFailed", "Channel", "slack", 1);
        metrics.flush();

        JsonNode line = parsed().get(0);
        JsonNode directive = directive(line);
        for (JsonNode set : directive.path("Dimensions")) {
            for (JsonNode dimension : set) {
                assertTrue(line.path(dimension.asText()).isTextual(), dimension + " in " + line);
            }
        }
        for (JsonNode metric : directive.path("Metrics")) {
            assertTrue(line.path(metric.path("Name").asText()).isNumber(), metric + " in " + line);
        }
        assertEquals("[[\"Function\",\"Channel\"]]", directive.path("Dimensions").toString());
        assertEquals("slack", line.path("Channel").asText());
        assertEquals(3, line.path("DeliveriesSent").asLong());
    }

    @Test
    void eachDimensionValueGetsItsOwnLine() throws JsonProcessingException {
        metrics.count("CheckResults", "Status", "healthy", 18);
        metrics.count("CheckResults", "Status", "unhealthy", 2);
        metrics.count("TenantsSwept");
        metrics.flush();

        List<JsonNode> out = parsed();
        assertEquals(3, out.size());
        assertEquals("healthy", out.get(0).path("Status").asText());
        assertEquals(18, out.get(0).path("CheckResults").asLong());
        assertEquals("unhealthy", out.get(1).path("Status").asText());
        assertEquals(2, out.get(1).path("CheckResults").asLong());
        assertTrue(out.get(2).path("Status").isMissingNode());
        assertEquals("[[\"Function\"]]", directive(out.get(2)).path("Dimensions").toString());
    }

    @Test
    void durationsKeepEveryValueAsAValuesArray() throws JsonProcessingException {
        metrics.duration("SweepDurationMs", 40);
        metrics.duration("SweepDurationMs", 75);
        metrics.flush();

        assertEquals("[40,75]", parsed().get(0).path("SweepDurationMs").toString());
    }

    @Test
    void moreThanAHundredMetricsAreSplitAcrossLines() throws JsonProcessingException {
        for (int i = 0; i < 250; i++) {
            metrics.count("M" + i);
        }
        metrics.flush();

        List<JsonNode> out = parsed();
        assertEquals(3, out.size());
        Set<String> names = new HashSet<>();
        for (JsonNode line : out) {
            JsonNode definitions = directive(line).path("Metrics");
            assertTrue(definitions.size() <= 100, "at most 100 metrics on a line");
            definitions.forEach(d -> names.add(d.path("Name").asText()));
        }
        assertEquals(250, names.size());
    }

    @Test
    void moreThanAHundredValuesOfOneMetricAreSplitAcrossLines() throws JsonProcessingException {
        for (int i = 0; i < 230; i++) {
            metrics.duration("SweepDurationMs", i);
        }
        metrics.count("TenantsSwept", 230);
        metrics.flush();

        List<JsonNode> out = parsed();
        assertEquals(3, out.size());
        assertEquals(100, out.get(0).path("SweepDurationMs").size());
        assertEquals(230, out.get(0).path("TenantsSwept").asLong());
        assertEquals(100, out.get(1).path("SweepDurationMs").size());
        assertEquals(30, out.get(2).path("SweepDurationMs").size());
        assertTrue(out.get(1).path("TenantsSwept").isMissingNode(), "a count is written once");
        assertEquals(229, out.get(2).path("SweepDurationMs").get(29).asLong());
    }

    @Test
    void aFlushForgetsWhatItWrote() throws JsonProcessingException {
        metrics.count("BeatsIngested", 5);
        metrics.flush();
        metrics.count("BeatsIngested");
        metrics.flush();

        List<JsonNode> out = parsed();
        assertEquals(2, out.size());
        assertEquals(1, out.get(1).path("BeatsIngested").asLong());
    }

    @Test
    void nothingRecordedWritesNothing() {
        metrics.flush();
        assertEquals(List.of(), lines);
    }

    @Test
    void whatIsRecordedWhileMutedIsNeverWritten() throws JsonProcessingException {
        metrics.muted(() -> {
            metrics.count("BeatsRejected", "Reason", "unknown", 1);
            metrics.flush();
        });
        metrics.count("BeatsIngested");
        metrics.flush();

        List<JsonNode> out = parsed();
        assertEquals(1, out.size());
        assertTrue(out.get(0).path("BeatsRejected").isMissingNode());
    }

    @Test
    void aNameCannotBeBothACountAndADuration() {
        metrics.count("Runs");
        assertThrows(IllegalArgumentException.class, () -> metrics.duration("Runs", 3));
    }

    @Test
    void theFunctionDimensionCannotBeOverridden() {
        assertThrows(IllegalArgumentException.class, () -> metrics.count("Runs", "Function", "other", 1));
    }

    @Test
    void linesGoToTheLogOutputByDefault() throws JsonProcessingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Log.redirect(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Metrics logged = new Metrics("Vigil", "tenant-sweep", Clock.fixed(NOW, ZoneOffset.UTC), Log::line);
            logged.count("TenantsSwept", 4);
            logged.flush();
        } finally {
            Log.redirect(System.out);
        }
        JsonNode line = Json.parse(out.toString(StandardCharsets.UTF_8).strip());
        assertEquals(4, line.path("TenantsSwept").asLong());
        assertEquals("tenant-sweep", line.path("Function").asText());
    }
}
