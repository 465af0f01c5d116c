package dev.vigil.store;

import dev.vigil.domain.RunState;
import java.util.Optional;

/**
 * What a beat did: nothing (unknown UUID), updated a paused application, was accepted, or was coalesced
 * (above the {@link BeatRate}: counted, not stored).
 */
public sealed interface BeatOutcome {
    /** No application has this UUID. */
    record Unknown() implements BeatOutcome {
    }

    /** The application is paused: the beat is recorded but sets no deadline. */
    record Paused(Optional<Recorded> recorded) implements BeatOutcome {
        public Paused() {
            this(Optional.empty());
        }
    }

    /**
     * The beat was recorded: a success made the application up with a new deadline, unless
     * {@code stillDown} (it was down and the success did not reach its recovery threshold yet).
     */
    record Accepted(Optional<Recorded> recorded, boolean stillDown) implements BeatOutcome {
        public Accepted() {
            this(Optional.empty(), false);
        }
    }

    /**
     * For a beat that carries a body or metadata: its number (the application's beat count after it,
     * which keys its history entry), the application's public id, and the run state before it (which
     * dates the run it ended).
     */
    record Recorded(long sequence, String applicationId, RunState before) {
    }

    /**
     * Above the beat rate: counted on the application (paused or not), not stored; {@code pending} beats
     * were coalesced since its last stored beat, this one included.
     */
    record Coalesced(boolean paused, long pending) implements BeatOutcome {
    }
}
