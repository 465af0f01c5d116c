package dev.vigil.domain;

/**
 * Input that cannot be carried out as sent (a bad field, a tampered page token); the message is safe to
 * show the client, and nothing was changed.
 */
public final class InvalidInput extends RuntimeException {
    public InvalidInput(String message) {
        super(message);
    }
}
