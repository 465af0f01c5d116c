package dev.vigil.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.InvalidInput;
import dev.vigil.domain.SignalKind;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a beat request's query and body become: run id, body (bounded), metadata; bad input refused. */
class BeatDetailsTest {
    private static final String RID = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";

    private static BeatDetail parse(Map<String, String> query, Optional<String> body, Optional<String> type) {
        return BeatDetails.parse(BeatPath.Signal.SUCCESS, query, body, type, BeatDetails.DEFAULT_BODY_LIMIT);
    }

    @Test
    void bodyOfExactlyTheLimitIsKeptWhole() {
        String body = "x".repeat(10_000);

        BeatDetail.Body kept = parse(Map.of(), Optional.of(body), Optional.of("text/plain")).body().orElseThrow();

        assertEquals(body, kept.text());
        assertFalse(kept.truncated());
    }

    @Test
    void bodyOneByteOverTheLimitIsTruncatedAndFlagged() {
        BeatDetail.Body kept = parse(Map.of(), Optional.of("x".repeat(10_001)), Optional.of("text/plain")).body().orElseThrow();

        assertEquals(10_000, kept.text().length());
        assertTrue(kept.truncated());
    }

    @Test
    void truncationNeverCutsACharacterInHalf() {
        String body = "x".repeat(9_999) + "é"; // 10 001 bytes: the two-byte é does not fit

        BeatDetail.Body kept = BeatDetails.body(body, Optional.empty(), 10_000);

        assertEquals("x".repeat(9_999), kept.text());
        assertTrue(kept.text().getBytes(StandardCharsets.UTF_8).length <= 10_000);
        assertTrue(kept.truncated());
    }

    @Test
    void bodyKeepsItsContentType() {
        BeatDetail detail = parse(Map.of(), Optional.of("done"), Optional.of("text/plain; charset=utf-8"));

        assertEquals(Optional.of("text/plain; charset=utf-8"), detail.body().orElseThrow().contentType());
    }

    @Test
    void noBodyNoPayload() {
        assertFalse(parse(Map.of(), Optional.empty(), Optional.empty()).hasPayload());
    }

    @Test
    void ridIsReadAsACanonicalUuid() {
        assertEquals(Optional.of(RID), parse(Map.of("rid", RID.toUpperCase()), Optional.empty(), Optional.empty()).rid());
    }

    @Test
    void malformedRidIsRefused() {
        InvalidInput refused = assertThrows(InvalidInput.class, () -> parse(Map.of("rid", "run-1"), Optional.empty(), Optional.empty()));

        assertTrue(refused.getMessage().contains("rid must be a UUID"), refused.getMessage());
    }

    @Test
    void exitCodeIsKeptWithItsSignal() {
        BeatDetail detail = BeatDetails.parse(BeatPath.Signal.exit(3), Map.of(), Optional.empty(), Optional.empty(), 10_000);

        assertEquals(SignalKind.FAIL, detail.kind());
        assertEquals(Optional.of(3), detail.exitCode());
    }

    @Test
    void queryMetadataIsRead() {
        BeatDetail detail = parse(Map.of("msg", "42 rows copied", "duration", "12.5", "m.rows", "42"), Optional.empty(),
                Optional.empty());

        assertEquals(Optional.of("42 rows copied"), detail.message());
        assertEquals(Optional.of(12.5), detail.reportedSeconds());
        assertEquals(Map.of("rows", 42.0), detail.metrics());
    }

    @Test
    void jsonBodyMetadataIsRead() {
        BeatDetail detail = parse(Map.of(), Optional.of("{\"msg\":\"ok\",\"duration\":3,\"metrics\":{\"rows\":7,\"bytes\":1.5}}"),
                Optional.of("application/json"));

        assertEquals(Optional.of("ok"), detail.message());
        assertEquals(Optional.of(3.0), detail.reportedSeconds());
        assertEquals(Map.of("rows", 7.0, "bytes", 1.5), detail.metrics());
    }

    @Test
    void jsonMetadataIsReadOnlyFromAJsonContentType() {
        BeatDetail detail = parse(Map.of(), Optional.of("{\"msg\":\"ok\"}"), Optional.of("text/plain"));

        assertEquals(Optional.empty(), detail.message());
    }

    @Test
    void nonNumericMetricIsRefused() {
        assertThrows(InvalidInput.class, () -> parse(Map.of("m.rows", "many"), Optional.empty(), Optional.empty()));
    }

    @Test
    void badMetricNameIsRefused() {
        assertThrows(InvalidInput.class, () -> parse(Map.of("m.a b", "1"), Optional.empty(), Optional.empty()));
    }

    @Test
    void elevenMetricsAreRefused() {
        Map<String, String> query = new HashMap<>();
        for (int i = 0; i <= BeatDetails.MAX_METRICS; i++) {
            query.put("m.metric" + i, "1");
        }

        assertThrows(InvalidInput.class, () -> parse(query, Optional.empty(), Optional.empty()));
    }

    @Test
    void negativeDurationIsRefused() {
        assertThrows(InvalidInput.class, () -> parse(Map.of("duration", "-1"), Optional.empty(), Optional.empty()));
    }

    @Test
    void overlongMessageIsRefused() {
        assertThrows(InvalidInput.class, () -> parse(Map.of("msg", "m".repeat(BeatDetails.MAX_MESSAGE + 1)), Optional.empty(),
                Optional.empty()));
    }
}
