package dev.vigil.notify.sns;

import java.util.Optional;

/** Where email and SMS alerts are published; throws when the message was not accepted. */
public interface AlertTopic {
    /** Publishes {@code message} to {@code topicArn}, or to the stack's alert topic; returns the message id. */
    String publish(Optional<String> topicArn, AlertMessage message);

    /** Publishes to the stack's alert topic. */
    default String publish(AlertMessage message) {
        return publish(Optional.empty(), message);
    }
}
