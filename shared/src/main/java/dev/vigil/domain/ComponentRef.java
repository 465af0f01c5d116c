package dev.vigil.domain;

import java.util.Optional;

/** What a status page shows, an incident affects or a maintenance notice covers: one application or one check of the tenant. */
public record ComponentRef(Kind kind, String id) {
    public enum Kind implements WireName {
        APPLICATION, CHECK;

        public static Optional<Kind> fromWire(String value) {
            return WireName.parse(Kind.class, value);
        }

        /** The shape of the ids of this kind. */
        public Ids ids() {
            return this == APPLICATION ? Ids.APPLICATION : Ids.CHECK;
        }
    }

    public ComponentRef {
        if (!kind.ids().matches(id)) {
            throw new InvalidInput("component id '" + id + "' is not the id of " + (kind == Kind.APPLICATION ? "an application" : "a check"));
        }
    }
}
