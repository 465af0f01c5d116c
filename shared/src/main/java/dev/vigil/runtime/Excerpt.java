package dev.vigil.runtime;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a remote answer may be kept (in a delivery record, a check result or a log): the caller's
 * secrets redacted, then anything that looks like a token masked, control characters and runs of white
 * space made single spaces, and at most {@value #MAX_LENGTH} characters. Notifiers and checks use the
 * same rules, so nothing a target says is echoed beyond a short, sanitised excerpt.
 */
public final class Excerpt {
    /** The most of an answer that is kept, in characters. */
    public static final int MAX_LENGTH = 200;
    /** Fragments of a secret URL shorter than this (the path "/", say) are not redacted on their own. */
    public static final int MIN_REDACTED = 4;
    public static final String REDACTED = "[redacted]";
    public static final String MASKED = "[masked]";
    /** A run of token characters with a letter and a digit in it: an API key, a session id, a signature. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_+/=.~-]{20,}");

    private Excerpt() {
    }

    /** The excerpt of {@code answer} that may be kept, with every one of {@code secrets} redacted. */
    public static String of(String answer, Collection<String> secrets) {
        String text = answer;
        for (String secret : secretFragments(secrets)) {
            text = text.replace(secret, REDACTED);
        }
        StringBuilder printable = new StringBuilder();
        text.codePoints().forEach(c -> printable.appendCodePoint(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.isWhitespace(c) ? ' ' : c));
        Matcher tokens = TOKEN.matcher(printable);
        StringBuilder masked = new StringBuilder();
        while (tokens.find()) {
            String word = tokens.group();
            boolean looksLikeToken = word.chars().anyMatch(Character::isDigit) && word.chars().anyMatch(Character::isLetter);
            tokens.appendReplacement(masked, Matcher.quoteReplacement(looksLikeToken ? MASKED : word));
        }
        tokens.appendTail(masked);
        String collapsed = masked.toString().replaceAll(" {2,}", " ").strip();
        return collapsed.codePointCount(0, collapsed.length()) <= MAX_LENGTH ? collapsed
                : collapsed.substring(0, collapsed.offsetByCodePoints(0, MAX_LENGTH));
    }

    /**
     * What to redact, longest first: every secret whole, and for a secret that is a URL also the parts a
     * receiver might echo in an error page (raw and decoded path and query, user info) of at least
     * {@value #MIN_REDACTED} characters.
     */
    public static List<String> secretFragments(Collection<String> secrets) {
        List<String> fragments = new ArrayList<>();
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            fragments.add(secret);
            URI url;
            try {
                url = URI.create(secret);
            } catch (IllegalArgumentException notAUrl) {
                continue;
            }
            if (url.getHost() == null) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            String path = url.getRawPath();
            String query = url.getRawQuery();
            if (path != null && query != null) {
                parts.add(path + "?" + query);
            }
            parts.add(path);
            parts.add(url.getPath());
            parts.add(query);
            parts.add(url.getQuery());
            parts.add(url.getRawUserInfo());
            parts.stream().filter(p -> p != null && p.length() >= MIN_REDACTED).forEach(fragments::add);
        }
        return fragments.stream().distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }
}
