package dev.vigil.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Labels on applications and checks, for filters, badges and metrics: at most {@value #MAX_TAGS} per
 * resource, each 1 to {@value #MAX_LENGTH} characters of {@code a-z 0-9 - _ . :}, read in lower case and
 * listed once, in the order first given.
 */
public final class Tags {
    public static final int MAX_TAGS = 20;
    public static final int MAX_LENGTH = 50;
    private static final Pattern TAG = Pattern.compile("[a-z0-9._:-]{1," + MAX_LENGTH + "}");
    /** What a client is told when a tag is not one. */
    public static final String RULE = "tags must be at most " + MAX_TAGS + " strings, each 1 to " + MAX_LENGTH
            + " characters of a-z, 0-9, '-', '_', '.' and ':'";

    private Tags() {
    }

    /** Whether {@code tag} (already lower-cased) is a well-formed tag. */
    public static boolean wellFormed(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    /** {@code tag} in lower case if it is then well-formed; {@link InvalidInput} otherwise. */
    public static String tag(String tag) {
        String lower = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT);
        if (!wellFormed(lower)) {
            throw new InvalidInput("a tag must be 1 to " + MAX_LENGTH + " characters of a-z, 0-9, '-', '_', '.' and ':'");
        }
        return lower;
    }

    /** The tags as stored: lower-cased, each once, in the order given; {@link InvalidInput} if any is not a tag or there are too many. */
    public static List<String> normalize(Collection<String> given) {
        List<String> tags = new ArrayList<>();
        for (String raw : given) {
            String lower = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (!wellFormed(lower)) {
                throw new InvalidInput(RULE);
            }
            if (!tags.contains(lower)) {
                tags.add(lower);
            }
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidInput(RULE);
        }
        return List.copyOf(tags);
    }
}
