package dev.vigil.notify.sns;

import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes to the SNS alert topic with {@code MessageStructure=json}, so email subscribers get the
 * subject and full body and SMS subscribers get the short line.
 */
public final class SnsAlertTopic implements AlertTopic {
    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertTopic(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public String publish(java.util.Optional<String> topic, AlertMessage message) {
        return sns.publish(p -> p.topicArn(topic.orElse(topicArn))
                .subject(message.subject())
                .messageStructure("json")
                .message(message.snsMessage())).messageId();
    }
}
