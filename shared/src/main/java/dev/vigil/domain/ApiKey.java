package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * An API key of a tenant, as stored: never the key itself, only its hash (the item's key), its first
 * characters ({@code prefix}) so people can tell keys apart, and what it may do.
 */
public record ApiKey(
        String id,
        String tenantId,
        String name,
        Role role,
        String prefix,
        Instant createdAt,
        Optional<Instant> revokedAt,
        Optional<Instant> lastUsedAt) {

    /** What a key may do on its tenant's routes. */
    public enum Role implements WireName {
        /** Every route of its tenant, reads and writes. */
        ADMIN("admin"),
        /** Reads only, without ping UUIDs, ping URLs or secret hints. */
        READ_ONLY("read-only");

        private final String wire;

        Role(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static Optional<Role> fromWire(String value) {
            return WireName.parse(Role.class, value);
        }
    }

    public boolean revoked() {
        return revokedAt.isPresent();
    }
}
