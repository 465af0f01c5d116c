package dev.vigil.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.detector.IngestEpisode.Step;
import dev.vigil.detector.IngestEpisode.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whether recorded ingest errors explain a miss, and how passes open and end an episode. */
class IngestEpisodeTest {
    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Instant LAST_BEAT = Instant.parse("2026-11-24T12:00:30Z");
    static final Instant DEADLINE = Instant.parse("2026-11-24T12:06:30Z");

    static boolean overlaps(String bucketStart) {
        return IngestEpisode.errorsOverlap(List.of(Instant.parse(bucketStart)), MINUTE, LAST_BEAT, DEADLINE);
    }

    @Test
    void errorsBetweenTheLastBeatAndTheDeadlineExplainTheMiss() {
        assertTrue(overlaps("2026-11-24T12:03:00Z"));
    }

    @Test
    void aBucketThatEndsBeforeTheLastBeatDoesNot() {
        assertFalse(overlaps("2026-11-24T11:59:00Z"), "it ends at 12:00:00, before the beat at 12:00:30");
    }

    @Test
    void theBucketOfTheLastBeatsMinuteDoes() {
        assertTrue(overlaps("2026-11-24T12:00:00Z"), "it runs to 12:01:00, past the beat at 12:00:30");
    }

    @Test
    void aBucketStartingAtTheDeadlineDoes() {
        assertTrue(overlaps("2026-11-24T12:06:30Z"));
    }

    @Test
    void aBucketAfterTheDeadlineDoesNot() {
        assertFalse(overlaps("2026-11-24T12:07:00Z"), "the miss was already a fact when these beats failed");
    }

    @Test
    void noErrorsExplainNothing() {
        assertFalse(IngestEpisode.errorsOverlap(List.of(), MINUTE, LAST_BEAT, DEADLINE));
    }

    @Test
    void troubleWithoutAnEpisodeOpensOne() {
        assertEquals(new Step(Transition.OPEN, 0), IngestEpisode.step(true, false, 0, 3));
    }

    @Test
    void troubleInAnOpenEpisodeStartsTheCleanCountAgain() {
        assertEquals(new Step(Transition.CONTINUE, 0), IngestEpisode.step(true, true, 2, 3));
    }

    @Test
    void aCleanPassInAnOpenEpisodeIsCounted() {
        assertEquals(new Step(Transition.CONTINUE, 2), IngestEpisode.step(false, true, 1, 3));
    }

    @Test
    void theLastCleanPassNeededEndsTheEpisode() {
        assertEquals(new Step(Transition.CLOSE, 0), IngestEpisode.step(false, true, 2, 3));
    }

    @Test
    void aCleanPassWithoutAnEpisodeChangesNothing() {
        assertEquals(new Step(Transition.NONE, 0), IngestEpisode.step(false, false, 0, 3));
    }
}
