package dev.vigil.statuspage;

import dev.vigil.domain.ComponentHealth;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What a status page shows the public, and nothing more: the page's title and logo, each component under
 * its display name with its health, the incidents and maintenance notices in display names. No internal
 * name, id, UUID or ping URL is in here, so none can reach the HTML, JSON or feed built from it.
 */
record PublicStatus(String slug, String title, Optional<URI> logoUrl, ComponentHealth overall, Instant at, List<Group> groups,
                    List<Incident> incidents, List<Notice> maintenances, boolean archive, Optional<Instant> olderBefore) {

    record Group(String name, List<Component> components) {
    }

    /** A component as shown, with its uptime figures and day bar. */
    record Component(String name, ComponentHealth health, Figures uptime) {
    }

    /**
     * A component's uptime (between 0 and 1; empty when nothing was monitored) over the last 24 hours, 30 days and
     * 90 days, and per UTC day of the bar, oldest first.
     */
    record Figures(Optional<Double> last24h, Optional<Double> last30d, Optional<Double> last90d, List<Day> days) {
        Figures {
            days = List.copyOf(days);
        }
    }

    record Day(LocalDate date, Optional<Double> uptime) {
    }

    record Incident(String title, String status, Instant createdAt, Optional<Instant> resolvedAt, List<String> affects,
                    List<Update> updates) {
    }

    record Update(Instant at, String status, String message) {
    }

    record Notice(String title, String message, Instant start, Instant end, boolean active, List<String> affects) {
    }
}
