package dev.vigil.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What a tenant's API key looks like: {@code vk_} and {@value #RANDOM_LENGTH} random characters from a
 * 32-letter alphabet (200 bits). Only its SHA-256 (lowercase hex) is stored: the key is random and long,
 * so a fast hash is enough, and nobody can work a key back from its hash. {@link #prefix} is what a
 * listing shows to tell keys apart.
 */
final class TenantKeys {
    static final String PREFIX = "vk_";
    static final int RANDOM_LENGTH = 40;
    static final int SHOWN_PREFIX = 8;
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final Pattern FORMAT = Pattern.compile("vk_[a-z2-9]{" + RANDOM_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TenantKeys() {
    }

    /** A fresh key; it is shown once, in the answer that creates it, and never stored. */
    static String generate() {
        char[] random = new char[RANDOM_LENGTH];
        for (int i = 0; i < random.length; i++) {
            random[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return PREFIX + new String(random);
    }

    /** Whether {@code candidate} has a key's shape; anything else is not looked up. */
    static boolean wellFormed(String candidate) {
        return FORMAT.matcher(candidate).matches();
    }

    /** The key's first {@value #SHOWN_PREFIX} characters, which listings show. */
    static String prefix(String key) {
        return key.substring(0, SHOWN_PREFIX);
    }

    /** The SHA-256 of the key, as lowercase hex: what is stored, and what a presented key is looked up by. */
    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
