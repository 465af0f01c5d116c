package dev.vigil.admin;

import dev.vigil.domain.AlertLifecycle;
import dev.vigil.runtime.Log;
import dev.vigil.store.AlertStore;
import java.time.Clock;

/**
 * What a deletion does to the alerts: the standing alert of the deleted application, check, task (or the
 * tenant's escalation) is resolved ({@code resolvedBy: "deleted"}), since nothing would ever resolve it
 * once its subject is gone. The deletion itself is done by then: an alert that cannot be resolved is
 * logged, and never turns the deletion into an error.
 */
final class DeletedSubjects {
    private static final Log LOG = Log.of(DeletedSubjects.class);

    private final AlertStore alerts;
    private final Clock clock;

    DeletedSubjects(AlertStore alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    /** After {@code subject} (an application's, check's or task's id) of {@code tenantId} was deleted. */
    void deleted(String tenantId, String subject) {
        try {
            alerts.resolveStanding(tenantId, subject, AlertStore.DELETED, clock.instant())
                    .ifPresent(alert -> LOG.info("The alert of a deleted subject is resolved", "alertId", alert.id(),
                            "subject", subject));
        } catch (RuntimeException e) {
            LOG.error("The standing alert of a deleted subject could not be resolved; resolve it by hand", e,
                    "tenantId", tenantId, "subject", subject);
        }
    }

    /** After tenant {@code tenantId} was deleted: its escalated recovery's alert. */
    void tenantDeleted(String tenantId) {
        deleted(tenantId, AlertLifecycle.escalationSubject(tenantId));
    }
}
