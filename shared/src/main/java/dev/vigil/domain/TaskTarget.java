package dev.vigil.domain;

import java.net.URI;
import java.util.Optional;

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

    /**
     * POSTs the {@code ScheduledTaskDue} body to {@code url} through the hardened outbound client, signed
     * when the task has a signing secret ({@code secretHint}, its last four characters, is then present;
     * the secret itself is in the secret store, never here).
     */
    record Webhook(URI url, Optional<String> secretHint) implements TaskTarget {
        /**
         * The name the signing secret is stored under, in the secret store's webhook entry of the task (by
         * its id): where the API writes it and the pulse reads it.
         */
        public static final String SIGNING_SECRET = "signingSecret";

        /** An unsigned webhook. */
        public Webhook(URI url) {
            this(url, Optional.empty());
        }

        public boolean signed() {
            return secretHint.isPresent();
        }

        @Override
        public String type() {
            return "webhook";
        }
    }
}
