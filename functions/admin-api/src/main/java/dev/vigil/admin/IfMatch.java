package dev.vigil.admin;

import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.HttpRequest;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A request's {@code If-Match} header: the versions of the resource that a {@code PUT} or
 * {@code DELETE} may replace. The admin API's entity tags are the items' versions ({@code "3"}); they
 * are compared strongly, so a weak tag ({@code W/"3"}) matches nothing. Without the header any version
 * may be replaced; {@code *} says the same for a resource that exists.
 */
record IfMatch(boolean any, Set<String> tags) {
    private static final Pattern ENTITY_TAG = Pattern.compile("(W/)?\"([\\x21\\x23-\\x7e\\x80-\\xff]*)\"");
    static final IfMatch NONE = new IfMatch(true, Set.of());

    /** The header's tags; 400 when it is not a list of entity tags. */
    static IfMatch of(HttpRequest request) {
        Optional<String> header = request.header("if-match");
        if (header.isEmpty()) {
            return NONE;
        }
        boolean any = false;
        Set<String> tags = new HashSet<>();
        for (String part : header.get().split(",", -1)) {
            String tag = part.strip();
            var matcher = ENTITY_TAG.matcher(tag);
            if (tag.equals("*")) {
                any = true;
            } else if (matcher.matches()) {
                if (matcher.group(1) == null) {
                    tags.add(matcher.group(2));
                }
            } else {
                throw new InvalidInput("If-Match must be * or entity tags as the ETag header gives them, "
                        + "such as \"3\" (with the quotes)");
            }
        }
        return new IfMatch(any, Set.copyOf(tags));
    }

    /** Whether the header was sent: a write then never replaces another version than the one named. */
    boolean present() {
        return !any;
    }

    /** Whether a resource at {@code version} may be replaced. */
    boolean allows(long version) {
        return any || tags.contains(Long.toString(version));
    }

    /** The entity tag of {@code version}, as the {@code ETag} header carries it. */
    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
