package dev.vigil.domain;

import java.net.URI;

/**
 * What a scheduled task does when it fires: put a {@code ScheduledTaskDue} event on the bus, carrying
 * {@code detailJson} (a JSON object text, {@code {}} when none was given), or POST to an HTTPS webhook.
 */
public sealed interface TaskTarget {
    /** The wire name of the target's type: {@code event} or {@code webhook}. */
    String type();

    /** Publishes {@code ScheduledTaskDue} with {@code detailJson} as its {@code detail} field. */
    record Event(String detailJson) implements TaskTarget {
        @Override
        public String type() {
            return "event";
        }
    }

    /** POSTs the {@code ScheduledTaskDue} body to {@code url} through the hardened outbound client. */
    record Webhook(URI url) implements TaskTarget {
        @Override
        public String type() {
            return "webhook";
        }
    }
}
