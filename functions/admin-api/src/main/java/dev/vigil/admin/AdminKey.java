package dev.vigil.admin;

import dev.vigil.runtime.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The admin API key. Requests present it as {@code Authorization: Bearer <key>}; it is compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, which takes the same time whatever the input,
 * so neither its content nor its length leaks through timing.
 */
public final class AdminKey {
    public static final int MIN_LENGTH = 16;
    private final byte[] digest;

    public AdminKey(String key) {
        if (key == null || key.length() < MIN_LENGTH) {
            throw new IllegalStateException("The admin API key must be at least " + MIN_LENGTH + " characters");
        }
        this.digest = sha256(key);
    }

    public boolean accepts(HttpRequest request) {
        Optional<String> presented = presented(request);
        byte[] candidate = sha256(presented.orElse(""));
        return MessageDigest.isEqual(digest, candidate) && presented.isPresent();
    }

    /** Whether {@code presented} is this key, compared in constant time. */
    public boolean matches(String presented) {
        byte[] candidate = sha256(presented == null ? "" : presented);
        return MessageDigest.isEqual(digest, candidate) && presented != null && !presented.isEmpty();
    }

    /** The key in {@code Authorization: Bearer <key>} (the scheme in any case), if the request has one. */
    static Optional<String> presented(HttpRequest request) {
        return request.header("authorization")
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).trim());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
