package dev.vigil.domain;

/**
 * What an alert event does to the alert records: the one mapping from events to the incident they belong
 * to. A subject (an application's or a check's id, within its tenant) has at most one standing alert;
 * a breach opens it or, when one stands, updates it (count, last seen, severity); a recovery resolves it;
 * a reminder counts as a repeated breach of the standing alert. Notices (flapping, settled) and digests
 * change nothing: they repeat what the flips already said.
 *
 * <p>Severity: an application down is {@code p1} when the application's severity is critical, else
 * {@code p2}; a check unhealthy is {@code p1} in the critical tier, else {@code p2}; a check degraded is
 * {@code p3}; an escalated recovery is {@code p1} about the tenant ({@link #escalationSubject}), and is
 * resolved by hand only; a scheduled task that started failing is {@code p2} about the task, resolved when
 * it runs OK again; Vigil's own ingest becoming unhealthy is {@code p2} about {@link #INGEST_SUBJECT},
 * resolved when it is healthy again. A new alert type that should open alerts adds one case to {@link #effectOf}.
 */
public final class AlertLifecycle {
    private AlertLifecycle() {
    }

    /** What an event does to the alert of its subject. */
    public sealed interface Effect {
        /** Opens an alert about {@code subject}, or updates the one that stands (count, last seen, severity). */
        record Open(String subject, AlertSeverity severity) implements Effect {
        }

        /** Counts a repeated breach on the standing alert of {@code subject}, if one stands. */
        record Repeat(String subject) implements Effect {
        }

        /** Resolves the standing alert of {@code subject}, if one stands. */
        record Resolve(String subject) implements Effect {
        }

        /** Leaves the alert records as they are. */
        record None() implements Effect {
        }
    }

    /** The critical tier's wire name, as check alerts carry it. */
    static final String CRITICAL_TIER = "critical";

    /**
     * The subject of a tenant's escalated recovery: its own, apart from the tenant's checks and
     * applications, and never resolved by a recovery event (only by hand).
     */
    public static String escalationSubject(String tenantId) {
        return tenantId + "#escalation";
    }

    /** The subject of the system alert an ingest episode opens ({@code p2}) and its end resolves. */
    public static final String INGEST_SUBJECT = "system#ingest";

    public static Effect effectOf(AlertEvent event) {
        return switch (event.type()) {
            case APPLICATION_DOWN -> new Effect.Open(event.applicationId(),
                    event.severity() == Severity.CRITICAL ? AlertSeverity.P1 : AlertSeverity.P2);
            case APPLICATION_UP -> new Effect.Resolve(event.applicationId());
            case APPLICATION_STILL_DOWN -> new Effect.Repeat(event.applicationId());
            case CHECK_STATUS_CHANGED -> ofCheck(event);
            case RECOVERY_ESCALATED -> new Effect.Open(escalationSubject(event.applicationId()), AlertSeverity.P1);
            case TASK_STATUS_CHANGED -> event.isDown() ? new Effect.Open(event.applicationId(), AlertSeverity.P2)
                    : new Effect.Resolve(event.applicationId());
            case INGEST_HEALTH_CHANGED -> event.isDown() ? new Effect.Open(INGEST_SUBJECT, AlertSeverity.P2)
                    : new Effect.Resolve(INGEST_SUBJECT);
            case APPLICATION_FLAPPING, APPLICATION_SETTLED, ALERT_DIGEST, CHANNEL_TEST -> new Effect.None();
        };
    }

    private static Effect ofCheck(AlertEvent event) {
        if (event.check().isEmpty()) {
            return new Effect.None();
        }
        CheckFacts facts = event.check().get();
        return switch (facts.checkStatus()) {
            case CheckFacts.UNHEALTHY -> new Effect.Open(event.applicationId(),
                    facts.tier().filter(CRITICAL_TIER::equals).isPresent() ? AlertSeverity.P1 : AlertSeverity.P2);
            case CheckFacts.DEGRADED -> new Effect.Open(event.applicationId(), AlertSeverity.P3);
            default -> new Effect.Resolve(event.applicationId());
        };
    }
}
