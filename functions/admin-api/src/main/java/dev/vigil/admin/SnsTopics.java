package dev.vigil.admin;

import dev.vigil.runtime.Env;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SNS topics a channel may name: those the SNS notifier is allowed to publish to. The stack grants
 * it {@code sns:Publish} on the topics whose ARN starts with {@code SNS_TOPIC_ARN_PREFIX}
 * ({@code arn:aws:sns:<region>:<account>:vigil-}), so any other topic is refused when the channel is
 * saved rather than failing at the first alert. Without the variable (the local runner, tests) any
 * well-formed standard topic ARN is accepted.
 */
record SnsTopics(Optional<String> arnPrefix) {
    static final String ENV = "SNS_TOPIC_ARN_PREFIX";
    /** A standard topic's ARN: partition, region, 12-digit account, name of up to 256 letters, digits, '-' and '_'. */
    private static final Pattern ARN = Pattern.compile("arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-[0-9]:[0-9]{12}:[A-Za-z0-9_-]{1,256}");
    private static final Pattern PREFIX = Pattern.compile("arn:aws(-[a-z]+)*:sns:[a-z]{2}(-[a-z]+)+-[0-9]:[0-9]{12}:[A-Za-z0-9_-]*");

    SnsTopics {
        arnPrefix.filter(prefix -> !PREFIX.matcher(prefix).matches()).ifPresent(prefix -> {
            throw new IllegalStateException(ENV + " must be an SNS topic ARN prefix such as "
                    + "arn:aws:sns:eu-west-1:123456789012:vigil-, was '" + prefix + "'");
        });
    }

    /** Any well-formed standard topic. */
    static SnsTopics any() {
        return new SnsTopics(Optional.empty());
    }

    static SnsTopics fromEnv(Env env) {
        return new SnsTopics(env.get(ENV).filter(prefix -> !prefix.isBlank()));
    }

    /** What is wrong with {@code arn} as the topic of a channel, reported as {@code label}, if anything. */
    Optional<String> problem(String label, String arn) {
        if (arn.endsWith(".fifo")) {
            return Optional.of(label + " names a FIFO topic; alerts are published to standard topics only");
        }
        if (!ARN.matcher(arn).matches()) {
            return Optional.of(label + " must be an SNS topic ARN such as "
                    + arnPrefix.map(prefix -> prefix + "alerts").orElse("arn:aws:sns:eu-west-1:123456789012:vigil-alerts"));
        }
        if (arnPrefix.isPresent() && !arn.startsWith(arnPrefix.get())) {
            return Optional.of(label + " must name a topic whose ARN starts with " + arnPrefix.get()
                    + ": the SNS notifier may publish only to those topics");
        }
        return Optional.empty();
    }
}
