package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SNS notifier may publish only to the topics the stack lets it ({@code SNS_TOPIC_ARN_PREFIX});
 * a channel naming another topic is refused when it is saved, not at its first alert.
 */
class SnsTopicRuleTest {
    private static final String PREFIX = "arn:aws:sns:eu-west-1:123456789012:vigil-";

    private static String channel(String topicArn) {
        return "{\"type\":\"sns\",\"name\":\"pager\",\"settings\":{\"topicArn\":\"" + topicArn + "\"}}";
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:sns:eu-west-1:999999999999:vigil-alerts",  // another account
        "arn:aws:sns:us-east-1:123456789012:vigil-alerts",  // another region
        "arn:aws:sns:eu-west-1:123456789012:ops-alerts",    // another name
    })
    void aTopicTheNotifierMayNotPublishToGets400NamingTheRule(String topicArn) throws IOException {
        AdminApiHarness api = new AdminApiHarness(Map.of(SnsTopics.ENV, PREFIX), null);

        AdminApiHarness.Answer refused = api.call("POST", "/api/channels", channel(topicArn), Map.of());

        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.error().contains("settings.topicArn") && refused.error().contains(PREFIX), refused.error());
        assertEquals(0, api.count("ChannelsTable"));
    }

    @Test
    void aTopicUnderThePrefixIsAcceptedAndAnUpdateAwayFromItIsRefused() throws IOException {
        AdminApiHarness api = new AdminApiHarness(Map.of(SnsTopics.ENV, PREFIX), null);
        String id = api.send("POST", "/api/channels", channel(PREFIX + "pager"), 201).path("id").asText();

        AdminApiHarness.Answer refused = api.call("PUT", "/api/channels/" + id,
                "{\"settings\":{\"topicArn\":\"arn:aws:sns:eu-west-1:123456789012:elsewhere\"}}", Map.of());

        assertEquals(400, refused.status(), refused.toString());
        assertEquals(PREFIX + "pager", api.send("GET", "/api/channels/" + id, null, 200).path("settings").path("topicArn").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-arn", "arn:aws:sqs:eu-west-1:123456789012:vigil-queue",
        "arn:aws:sns:eu-west-1:12345:vigil-x", "arn:aws:sns:eu-west-1:123456789012:vigil-orders.fifo",
        "arn:aws:sns:eu-west-1:123456789012:vigil alerts"})
    void aMalformedOrFifoTopicIsRefusedEvenWithoutThePrefix(String topicArn) throws IOException {
        AdminApiHarness api = new AdminApiHarness();

        AdminApiHarness.Answer refused = api.call("POST", "/api/channels", channel(topicArn), Map.of());

        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.error().startsWith("settings.topicArn"), refused.error());
    }

    @Test
    void withoutThePrefixAnyWellFormedTopicIsAccepted() throws IOException {
        AdminApiHarness api = new AdminApiHarness(Map.of(SnsTopics.ENV, ""), null);
        api.send("POST", "/api/channels", channel("arn:aws:sns:ap-southeast-2:210987654321:anything_at-all"), 201);
        api.send("POST", "/api/channels", channel("arn:aws-us-gov:sns:us-gov-west-1:210987654321:alerts"), 201);
    }

    @Test
    void aMalformedPrefixStopsTheFunctionAtStartNamingTheVariable() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new SnsTopics(Optional.of("vigil-")));
        assertTrue(e.getMessage().contains(SnsTopics.ENV), e.getMessage());
    }
}
