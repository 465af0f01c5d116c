package dev.vigil.domain;

import java.util.Optional;

/**
 * Why a miss is {@code unknown} rather than {@code down}: Vigil's own ingest recorded errors while the
 * application's beat was due ({@code ingest-errors}), or so many applications became overdue in one
 * detector pass that the drop is fleet-wide, not the applications' ({@code fleet-drop}).
 */
public enum UnknownReason implements WireName {
    INGEST_ERRORS, FLEET_DROP;

    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** What a user reads beside the state. */
    public String explanation() {
        return switch (this) {
            case INGEST_ERRORS -> "Vigil could not store some beats while this one was due; the watch restarted";
            case FLEET_DROP -> "Beats stopped arriving for many applications at once, which points at Vigil, not at"
                    + " this application; the watch restarted";
        };
    }

    public static Optional<UnknownReason> fromWire(String value) {
        return WireName.parse(UnknownReason.class, value);
    }
}
