package dev.vigil.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Json;
import dev.vigil.store.SsmSecrets;
import dev.vigil.testkit.AwsTestClients;
import dev.vigil.testkit.MotoServer;
import dev.vigil.testkit.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The notifiers' lean SSM reader against moto_server's SSM API, with parameters written by the SDK's
 * own SSM client as the admin API writes them; skipped, with the reason printed, without moto_server.
 */
class SsmSecretReaderTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final String prefix = "/vigil/test-" + UUID.randomUUID().toString().substring(0, 8) + "/channels";
    private String endpoint;
    private SsmClient ssm;
    private SsmSecretReader reader;

    @BeforeEach
    void connect() {
        assumeTrue(MotoServer.available(), () -> MotoServer.skipReason(getClass()));
        endpoint = MotoServer.shared().endpoint();
        ssm = AwsTestClients.build(SsmClient.builder(), endpoint);
        reader = new SsmSecretReader(new SsmSecrets(ssmAt(URI.create(endpoint)), prefix), Duration.ofSeconds(60), clock);
    }

    private static AwsJsonCall ssmAt(URI endpoint) {
        return new AwsJsonCall(UrlConnectionHttpClient.create(), endpoint, Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), "ssm", "AmazonSSM");
    }

    /** A channel's parameter as the admin API writes it: {@code <prefix>/<type>/<channel id>}. */
    private void write(ChannelType type, String channelId, Map<String, String> secrets) {
        writeAt(prefix + "/" + type.wire() + "/" + channelId, secrets);
    }

    private void writeAt(String name, Map<String, String> secrets) {
        ssm.putParameter(p -> p.name(name).type(ParameterType.SECURE_STRING).overwrite(true).value(Json.write(secrets)));
    }

    @Test
    void readsTheDecryptedSecretsOfAChannel() {
        write(ChannelType.SLACK, "ch_slack", Map.of("webhookUrl", "https://hooks.slack.com/services/T/B/X"));

        assertEquals(Map.of("webhookUrl", "https://hooks.slack.com/services/T/B/X"), reader.get(ChannelType.SLACK, "ch_slack"));
    }

    @Test
    void eachTypeReadsOnlyUnderItsOwnPath() {
        write(ChannelType.PAGERDUTY, "ch_pd", Map.of("routingKey", "R0UT1NGKEY"));

        assertEquals(Map.of("routingKey", "R0UT1NGKEY"), reader.get(ChannelType.PAGERDUTY, "ch_pd"));
        assertEquals(Map.of(), reader.get(ChannelType.SLACK, "ch_pd"), "another type's path holds nothing for it");
        assertEquals(prefix + "/pagerduty", SsmSecrets.typePath(prefix + "/", ChannelType.PAGERDUTY));
    }

    @Test
    void aParameterLeftAtTheFlatPathOfEarlierVersionsIsNotRead() {
        writeAt(prefix + "/ch_old", Map.of("webhookUrl", "https://hooks.slack.com/services/T/B/OLD"));

        assertEquals(Map.of(), reader.get(ChannelType.SLACK, "ch_old"), "it must be moved (see the README's upgrade notes)");
    }

    @Test
    void aChannelWithoutSecretsReadsAsEmpty() {
        assertEquals(Map.of(), reader.get(ChannelType.WEBHOOK, "ch_none"));
    }

    @Test
    void aReadIsReusedForTheTtlThenRefreshed() {
        write(ChannelType.WHATSAPP, "ch_rotating", Map.of("accessToken", "old-token"));
        assertEquals("old-token", reader.get(ChannelType.WHATSAPP, "ch_rotating").get("accessToken"));

        write(ChannelType.WHATSAPP, "ch_rotating", Map.of("accessToken", "new-token"));
        clock.advance(Duration.ofSeconds(59));
        assertEquals("old-token", reader.get(ChannelType.WHATSAPP, "ch_rotating").get("accessToken"), "cached within the TTL");

        clock.advance(Duration.ofSeconds(2));
        assertEquals("new-token", reader.get(ChannelType.WHATSAPP, "ch_rotating").get("accessToken"), "read again after it");
    }

    @Test
    void aRefusedReadFailsWithoutQuotingASecret() {
        write(ChannelType.WHATSAPP, "ch_x", Map.of("accessToken", "s3cr3t-value"));
        SsmSecretReader wrongRegion = new SsmSecretReader(new SsmSecrets(ssmAt(URI.create(endpoint + "/no-such-path")), prefix),
                Duration.ofSeconds(60), clock);

        RuntimeException e = assertThrows(RuntimeException.class, () -> wrongRegion.get(ChannelType.WHATSAPP, "ch_x"));
        assertTrue(!String.valueOf(e.getMessage()).contains("s3cr3t-value"), e.getMessage());
    }
}
