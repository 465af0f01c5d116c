package dev.vigil.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An incident a tenant publishes on its status pages: a title, the components it affects, and its
 * timestamped updates, oldest first, the last of which gives its status. Resolving it sets
 * {@code resolvedAt}; it is kept afterwards, as history.
 */
public record Incident(String id, String tenantId, String title, List<ComponentRef> affected, List<Update> updates,
                       Instant createdAt, Optional<Instant> resolvedAt, long version) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_MESSAGE = 4000;
    public static final int MAX_UPDATES = 100;

    /** One update: when, the status it moved the incident to, and what it said. */
    public record Update(Instant at, IncidentStatus status, String message) {
        public Update {
            if (message == null || message.isBlank() || message.length() > MAX_MESSAGE) {
                throw new InvalidInput("message must be 1 to " + MAX_MESSAGE + " characters");
            }
        }
    }

    public Incident {
        affected = List.copyOf(affected);
        updates = List.copyOf(updates);
        if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
            throw new InvalidInput("title must be 1 to " + MAX_TITLE + " characters");
        }
        if (updates.isEmpty()) {
            throw new InvalidInput("an incident starts with a first update");
        }
    }

    /** A new incident with its first update, at {@code now}. */
    public static Incident open(String tenantId, String title, List<ComponentRef> affected, IncidentStatus status, String message,
                                Instant now) {
        Update first = new Update(now, status, message);
        return new Incident(Ids.INCIDENT.next(), tenantId, title, affected, List.of(first), now,
                status == IncidentStatus.RESOLVED ? Optional.of(now) : Optional.empty(), 0);
    }

    /** The status of its latest update. */
    public IncidentStatus status() {
        return updates.getLast().status();
    }

    /**
     * This incident with {@code update} appended; a resolving update sets {@code resolvedAt}. 400 for a
     * move backwards, an update to a resolved incident, or one past {@value #MAX_UPDATES}.
     */
    public Incident withUpdate(Update update) {
        if (!status().mayMoveTo(update.status())) {
            throw new InvalidInput(status() == IncidentStatus.RESOLVED ? "the incident is resolved: open a new one"
                    : "an incident moves forward only (investigating, identified, monitoring, resolved): it is "
                    + status().wire() + ", so it cannot become " + update.status().wire());
        }
        if (updates.size() >= MAX_UPDATES) {
            throw new InvalidInput("an incident holds at most " + MAX_UPDATES + " updates");
        }
        List<Update> all = new ArrayList<>(updates);
        all.add(update);
        return new Incident(id, tenantId, title, affected, all, createdAt,
                update.status() == IncidentStatus.RESOLVED ? Optional.of(update.at()) : resolvedAt, version);
    }

    /** This incident with another title and affected components, its updates unchanged. */
    public Incident edited(String newTitle, List<ComponentRef> newAffected) {
        return new Incident(id, tenantId, newTitle, newAffected, updates, createdAt, resolvedAt, version);
    }

    public boolean affects(ComponentRef ref) {
        return resolvedAt.isEmpty() && affected.contains(ref);
    }
}
