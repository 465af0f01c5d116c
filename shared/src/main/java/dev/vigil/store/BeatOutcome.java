package dev.vigil.store;

/**
 * What a beat did: nothing (unknown UUID), updated a paused application, was accepted, or was coalesced
 * (above the {@link BeatRate}: counted, not stored).
 */
public sealed interface BeatOutcome {
    /** No application has this UUID. */
    record Unknown() implements BeatOutcome {
    }

    /** The application is paused: the beat is recorded but sets no deadline. */
    record Paused() implements BeatOutcome {
    }

    /** The beat was recorded: the application is up, with a new deadline. */
    record Accepted() implements BeatOutcome {
    }

    /**
     * Above the beat rate: counted on the application (paused or not), not stored; {@code pending} beats
     * were coalesced since its last stored beat, this one included.
     */
    record Coalesced(boolean paused, long pending) implements BeatOutcome {
    }
}
