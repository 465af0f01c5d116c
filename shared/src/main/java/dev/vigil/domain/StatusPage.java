package dev.vigil.domain;

import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A tenant's public status page, served at {@code /status/{slug}}: its slug (unique across all tenants,
 * since the address is public), title, optional logo (an https URL) and the components it shows, in
 * ordered groups, each under a public display name: the page never shows an application's or check's
 * internal name or id.
 */
public record StatusPage(String id, String tenantId, String slug, String title, Optional<URI> logoUrl, List<Group> groups,
                         Instant createdAt, long version) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_GROUPS = 20;
    public static final int MAX_COMPONENTS = 100;

    /** A heading and the components under it, in the order shown. */
    public record Group(String name, List<Shown> components) {
        public Group {
            components = List.copyOf(components);
        }
    }

    /** A component and the name the public sees for it. */
    public record Shown(ComponentRef ref, String displayName) {
    }

    public StatusPage {
        groups = List.copyOf(groups);
        List<String> problems = problems(slug, title, groups);
        if (!problems.isEmpty()) {
            throw new InvalidInput(String.join("; ", problems));
        }
    }

    /** What is wrong with a page of these fields; empty when nothing is. */
    public static List<String> problems(String slug, String title, List<Group> groups) {
        List<String> problems = new java.util.ArrayList<>();
        if (!Slugs.isValid(slug)) {
            problems.add("slug must be 1 to " + Slugs.MAX_LENGTH + " of a-z, 0-9, '-' and '_'");
        }
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            problems.add("title must be 1 to " + MAX_TITLE + " characters");
        }
        if (groups.size() > MAX_GROUPS) {
            problems.add("at most " + MAX_GROUPS + " groups");
        }
        Set<ComponentRef> seen = new HashSet<>();
        int count = 0;
        for (Group group : groups) {
            if (group.name() == null || group.name().isBlank() || group.name().length() > MAX_TITLE) {
                problems.add("every group needs a name of 1 to " + MAX_TITLE + " characters");
            }
            for (Shown shown : group.components()) {
                count++;
                if (shown.displayName() == null || shown.displayName().isBlank() || shown.displayName().length() > MAX_TITLE) {
                    problems.add("every component needs a displayName of 1 to " + MAX_TITLE + " characters");
                }
                if (!seen.add(shown.ref())) {
                    problems.add("component " + shown.ref().id() + " is shown twice");
                }
            }
        }
        if (count > MAX_COMPONENTS) {
            problems.add("at most " + MAX_COMPONENTS + " components");
        }
        return problems;
    }

    /** A logo address: https only, since the page is served over https and must not load mixed content. */
    public static URI logo(String value) {
        return WebAddress.httpUrl(value).filter(uri -> "https".equals(uri.getScheme()))
                .orElseThrow(() -> new InvalidInput("logoUrl must be an absolute https URL"));
    }

    /** Every component the page shows, in order. */
    public Stream<Shown> components() {
        return groups.stream().flatMap(group -> group.components().stream());
    }

    /** The public name of {@code ref} on this page, if it is shown. */
    public Optional<String> displayName(ComponentRef ref) {
        return components().filter(shown -> shown.ref().equals(ref)).map(Shown::displayName).findFirst();
    }
}
