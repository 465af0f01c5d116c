package dev.vigil.domain;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A public status badge of one tenant: of one application, or of every application (and check) that
 * carries a tag. Its {@code key} is a random opaque token ({@value #PREFIX} and {@value #LENGTH}
 * characters, about 130 bits): it is neither the ping UUID nor any id, and it names nothing but this
 * badge, so it may be published in a README.
 */
public record Badge(String key, String tenantId, Subject subject, Instant createdAt) {
    public static final String PREFIX = "bdg_";
    public static final int LENGTH = 26;
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern FORMAT = Pattern.compile(PREFIX + "[a-z0-9]{" + LENGTH + "}");

    /** What a badge shows: one application, or a tag. */
    public sealed interface Subject {
        /** The subject as one string, unique within a tenant: {@code app:<id>} or {@code tag:<tag>}. */
        String text();

        /** The subject {@link #text} names, if it names one. */
        static Optional<Subject> parse(String text) {
            if (text != null && text.startsWith("app:")) {
                return Optional.of(new OfApplication(text.substring(4)));
            }
            if (text != null && text.startsWith("tag:")) {
                return Optional.of(new OfTag(text.substring(4)));
            }
            return Optional.empty();
        }
    }

    /** The badge of one application, by its public id. */
    public record OfApplication(String applicationId) implements Subject {
        @Override
        public String text() {
            return "app:" + applicationId;
        }
    }

    /** The badge of a tag: the worst state of what carries it. */
    public record OfTag(String tag) implements Subject {
        @Override
        public String text() {
            return "tag:" + tag;
        }
    }

    /** A new badge of {@code subject}, with a fresh random key. */
    public static Badge issue(String tenantId, Subject subject, Instant now) {
        char[] key = new char[LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new Badge(PREFIX + new String(key), tenantId, subject, now);
    }

    /** Whether {@code candidate} has the shape of a badge key; nothing else is looked up. */
    public static boolean wellFormed(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
    }
}
