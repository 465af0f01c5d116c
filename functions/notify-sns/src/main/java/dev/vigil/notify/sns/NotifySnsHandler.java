package dev.vigil.notify.sns;

import dev.vigil.domain.ChannelType;
import dev.vigil.notify.ChannelSender;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.NotifierFunction;
import dev.vigil.runtime.Clients;
import dev.vigil.runtime.Priming;
import dev.vigil.wiring.Platform;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Delivers alerts by email and SMS through SNS: to the stack's alert topic (the built-in channel), or
 * to the topic an SNS channel names. Each protocol gets its own wording ({@link AlertMessage}).
 */
public final class NotifySnsHandler extends NotifierFunction {
    /** On Lambda: the platform from the environment and the stack's topic ({@code ALERT_TOPIC_ARN}). */
    public NotifySnsHandler() {
        this(Platform.fromEnvironment());
        Priming.beforeSnapshot(this);
    }

    private NotifySnsHandler(Platform platform) {
        this(platform, new SnsAlertTopic(
                Clients.configure(SnsClient.builder(), platform.env(), "SNS").httpClient(Clients.httpClient()).build(),
                platform.env().require("ALERT_TOPIC_ARN")));
    }

    public NotifySnsHandler(Platform platform, AlertTopic topic) {
        super(platform, ChannelType.SNS, sender(topic));
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
