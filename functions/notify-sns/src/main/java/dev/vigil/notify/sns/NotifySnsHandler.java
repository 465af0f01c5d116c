package dev.vigil.notify.sns;

import dev.vigil.channels.ChannelType;
import dev.vigil.config.Services;
import dev.vigil.notify.AlertDispatcher;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.NotifierFunction;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Delivers alerts by email and SMS through SNS: to the stack's alert topic (the built-in channel), or
 * to the topic an SNS channel names. Each protocol gets its own wording ({@link AlertMessage}).
 */
public final class NotifySnsHandler extends NotifierFunction {
    public NotifySnsHandler() {
        this(Services.fromEnvironment());
    }

    public NotifySnsHandler(Services services) {
        this(dispatcher(services, ChannelType.SNS, sender(services.port(AlertTopic.class, SnsAlertTopic::fromEnv))));
    }

    public NotifySnsHandler(AlertDispatcher dispatcher) {
        super(dispatcher);
    }

    /** Publishes to the channel's topic; SNS's own error text names no secret, so it is recorded as it is. */
    static ChannelSender sender(AlertTopic topic) {
        return (target, event) -> {
            try {
                topic.publish(target.channel().setting("topicArn"), AlertMessage.of(event));
                return Optional.empty();
            } catch (AwsServiceException e) {
                boolean retryable = e.statusCode() >= 500 || e.isThrottlingException() || e.retryable();
                throw new DeliveryException(retryable, Optional.of(e.statusCode()), "SNS: " + e.getMessage());
            } catch (RuntimeException e) {
                throw new DeliveryException(true, Optional.empty(), "SNS: " + e.getMessage());
            }
        };
    }
}
