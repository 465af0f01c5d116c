package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A maintenance notice: a scheduled window {@code [start, end)} and the components it covers. During the
 * window, those components show "maintenance" on the status pages, not down.
 */
public record Maintenance(String id, String tenantId, String title, String message, Instant start, Instant end,
                          List<ComponentRef> affected, long version) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_MESSAGE = 4000;
    public static final Duration MAX_WINDOW = Duration.ofDays(31);

    public Maintenance {
        affected = List.copyOf(affected);
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            throw new InvalidInput("title must be 1 to " + MAX_TITLE + " characters");
        }
        if (message == null || message.length() > MAX_MESSAGE) {
            throw new InvalidInput("message must be at most " + MAX_MESSAGE + " characters");
        }
        if (!end.isAfter(start)) {
            throw new InvalidInput("end must be after start");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw new InvalidInput("a maintenance window lasts at most " + MAX_WINDOW.toDays() + " days");
        }
    }

    /** Whether the window is open at {@code at}. */
    public boolean activeAt(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    /** Whether {@code ref} is under maintenance at {@code at}. */
    public boolean covers(ComponentRef ref, Instant at) {
        return activeAt(at) && affected.contains(ref);
    }
}
