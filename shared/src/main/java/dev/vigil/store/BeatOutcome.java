package dev.vigil.store;

import dev.vigil.domain.Application;

/** What a beat did: nothing (unknown UUID), updated a paused application, or was accepted. */
public sealed interface BeatOutcome {
    /** No application has this UUID. */
    record Unknown() implements BeatOutcome {
    }

    /** The application is paused: the beat is recorded but sets no deadline. */
    record Paused(Application before) implements BeatOutcome {
    }

    /** The beat was recorded; {@code before} is the item as it was just before the write. */
    record Accepted(Application before) implements BeatOutcome {
    }
}
