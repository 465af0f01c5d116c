package dev.vigil.domain;

import java.util.Locale;

/**
 * Application slugs: 1–{@value #MAX_LENGTH} of lower-case letters, digits, {@code -} and {@code _}, unique
 * within a tenant. An application registered without one gets one derived from its name
 * ("Nightly Backup" becomes {@code nightly-backup}); when that one is taken, a numbered one
 * ({@code nightly-backup-2}, ...).
 */
public final class Slugs {
    public static final int MAX_LENGTH = 100;
    /** What a name with no letter or digit at all becomes. */
    static final String FALLBACK = "app";

    private Slugs() {
    }

    public static boolean isValid(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The slug a name suggests: lower case, every run of other characters (spaces, punctuation, accents)
     * one {@code -}, none at either end, at most {@value #MAX_LENGTH} characters.
     */
    public static String fromName(String name) {
        StringBuilder slug = new StringBuilder();
        boolean dash = false;
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
                if (dash && !slug.isEmpty()) {
                    slug.append('-');
                }
                dash = false;
                slug.append(c);
            } else {
                dash = true;
            }
            if (slug.length() >= MAX_LENGTH) {
                break;
            }
        }
        String text = slug.length() > MAX_LENGTH ? slug.substring(0, MAX_LENGTH) : slug.toString();
        while (text.endsWith("-")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.isEmpty() ? FALLBACK : text;
    }

    /** The {@code n}-th alternative to {@code slug} ({@code n} ≥ 2): {@code slug-n}, shortened to fit. */
    public static String numbered(String slug, int n) {
        String suffix = "-" + n;
        String base = slug.length() + suffix.length() > MAX_LENGTH ? slug.substring(0, MAX_LENGTH - suffix.length()) : slug;
        return base + suffix;
    }
}
