package dev.vigil.domain;

import java.util.List;

/**
 * Which resources a listing keeps: those carrying every one of {@code tags} (none: all of them).
 */
public record TagFilter(List<String> tags) {
    /** Keeps everything. */
    public static final TagFilter ALL = new TagFilter(List.of());
    /** At most this many tags in one filter. */
    public static final int MAX_TAGS = 5;

    public TagFilter {
        tags = List.copyOf(tags);
    }

    /**
     * The filter that {@code ?tag=} asks for: one tag, or several separated by commas (a repeated
     * parameter arrives so), all required. {@link InvalidInput} for what is not a tag.
     */
    public static TagFilter parse(String query) {
        List<String> tags;
        try {
            tags = Tags.normalize(List.of(query.split(",", -1)));
        } catch (InvalidInput notTags) {
            throw new InvalidInput("tag must name tags of 1 to " + Tags.MAX_LENGTH
                    + " characters of a-z, 0-9, '-', '_', '.' and ':', separated by commas");
        }
        if (tags.size() > MAX_TAGS) {
            throw new InvalidInput("tag: at most " + MAX_TAGS + " tags in one filter");
        }
        return new TagFilter(tags);
    }

    public boolean keepsAll() {
        return tags.isEmpty();
    }

    /** Whether a resource with {@code carried} tags is kept. */
    public boolean matches(List<String> carried) {
        return carried.containsAll(tags);
    }
}
