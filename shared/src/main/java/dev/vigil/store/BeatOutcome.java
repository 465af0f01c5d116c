package dev.vigil.store;

/** What a beat did: nothing (unknown UUID), updated a paused application, or was accepted. */
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
}
