package dev.vigil.local;

import dev.vigil.notify.sns.AlertMessage;
import dev.vigil.notify.sns.AlertTopic;
import java.io.PrintStream;
import java.util.UUID;

/** The SNS topic when no AWS endpoint is configured: prints what email and SMS subscribers would get. */
final class ConsoleAlertTopic implements AlertTopic {
    private final PrintStream out;

    ConsoleAlertTopic(PrintStream out) {
        this.out = out;
    }

    @Override
    public String publish(java.util.Optional<String> topicArn, AlertMessage message) {
        String id = UUID.randomUUID().toString();
        synchronized (out) {
            out.println();
            out.println("=== SNS alert " + id + topicArn.map(arn -> " to " + arn).orElse("") + " ===");
            out.println("[email] Subject: " + message.subject());
            message.emailBody().lines().forEach(line -> out.println("[email] " + line));
            out.println("[sms]   " + message.sms());
            out.println("=== end of alert ===");
            out.println();
        }
        return id;
    }
}
