package dev.vigil.admin;

/**
 * The secret store failed while a channel's or a check's secrets were written (or removed): answered
 * 503 with {@code Retry-After}, and with the new {@code ETag} when the item itself was written. The
 * same request sent again repairs it.
 */
final class SecretsNotStored extends RuntimeException {
    private final long version;

    SecretsNotStored(String message, long version, RuntimeException cause) {
        super(message, cause);
        this.version = version;
    }

    /** The resource's version after the write that went through; 0 when none did. */
    long version() {
        return version;
    }
}
