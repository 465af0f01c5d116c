package dev.vigil.domain;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * A tenant's ping key: the first segment of its slug heartbeat URLs ({@code /heartbeat/{pingKey}/{slug}}).
 * {@value #LENGTH} characters of URL-safe base64 (no padding) carrying 16 random bytes; a well-formed UUID
 * is never one (it has 36 characters).
 */
public final class PingKey {
    public static final int LENGTH = 22;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PingKey() {
    }

    /** A fresh key from 16 bytes of {@link SecureRandom}. */
    public static String generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean isWellFormed(String candidate) {
        if (candidate == null || candidate.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
