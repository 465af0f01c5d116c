package dev.vigil.store;

import dev.vigil.config.Services;
import java.time.Duration;

/** Builds the stores from the table names the template passes as environment variables. */
public final class Stores {
    private Stores() {
    }

    public static Duration retention(Services services) {
        return Duration.ofDays(services.env().getLong("RETENTION_DAYS", 30));
    }

    public static EventStore events(Services services) {
        return new EventStore(services.dynamo(), services.env().require("EVENTS_TABLE"), retention(services));
    }

    public static ApplicationStore applications(Services services) {
        return new ApplicationStore(services.dynamo(), services.env().require("APPLICATIONS_TABLE"), events(services));
    }

    public static HeartbeatLog heartbeats(Services services) {
        return new HeartbeatLog(services.dynamo(), services.env().require("HEARTBEATS_TABLE"), retention(services));
    }

    public static ScheduledAlertStore scheduled(Services services) {
        return new ScheduledAlertStore(services.dynamo(), services.env().require("SCHEDULED_ALERTS_TABLE"));
    }

    public static NotificationLog notifications(Services services) {
        return new NotificationLog(services.dynamo(), services.env().require("NOTIFICATIONS_TABLE"), retention(services));
    }
}
