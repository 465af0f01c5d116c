package dev.vigil.notify.sns;

/** Where email and SMS alerts are published; throws when the message was not accepted. */
public interface AlertTopic {
    /** Publishes {@code message}; returns the provider's message id. */
    String publish(AlertMessage message);
}
