package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.domain.ChannelType;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.runtime.Env;
import dev.vigil.runtime.HttpRequest;
import dev.vigil.store.SsmSecrets;
import dev.vigil.testkit.AwsTestClients;
import dev.vigil.testkit.MotoServer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The admin function's own AWS calls against moto_server: channel secrets in SSM Parameter Store and
 * the admin key in Secrets Manager, both through signed calls without the services' SDK modules.
 * Skipped, with the reason printed, without moto_server.
 */
class AwsSecretsTest {
    private String endpoint;

    @BeforeEach
    void moto() {
        assumeTrue(MotoServer.available(), () -> MotoServer.skipReason(getClass()));
        endpoint = MotoServer.shared().endpoint();
    }

    private Env env(Map<String, String> more) {
        java.util.HashMap<String, String> vars = new java.util.HashMap<>(more);
        vars.put("AWS_REGION", "us-east-1");
        vars.put("AWS_ENDPOINT_URL", endpoint);
        return Env.of(vars);
    }

    @Test
    void channelSecretsAreWrittenReadAndDeleted() {
        SsmSecrets store = new SsmSecrets(AwsJsonCall.fromEnv(env(Map.of()), "SSM", "ssm", "AmazonSSM"),
                "/vigil/test-" + UUID.randomUUID().toString().substring(0, 8) + "/channels/");

        assertEquals(Map.of(), store.get(ChannelType.SLACK, "ch_new"), "no parameter yet");
        store.put(ChannelType.SLACK, "ch_new", Map.of("webhookUrl", "https://hooks.slack.com/services/T/B/X"));
        store.put(ChannelType.SLACK, "ch_new", Map.of("webhookUrl", "https://hooks.slack.com/services/T/B/Y"));
        assertEquals(Map.of("webhookUrl", "https://hooks.slack.com/services/T/B/Y"), store.get(ChannelType.SLACK, "ch_new"),
                "overwritten");
        store.delete(ChannelType.SLACK, "ch_new");
        assertEquals(Map.of(), store.get(ChannelType.SLACK, "ch_new"));
        store.delete(ChannelType.SLACK, "ch_new");
    }

    @Test
    void theAdminKeyIsReadFromItsSecret() {
        String name = "vigil-admin-key-" + UUID.randomUUID().toString().substring(0, 8);
        String arn;
        try (SecretsManagerClient client = AwsTestClients.build(SecretsManagerClient.builder(), endpoint)) {
            arn = client.createSecret(c -> c.name(name).secretString("a-key-of-at-least-16-chars")).arn();
        }

        AdminKey key = AdminKeys.fromEnv(env(Map.of("ADMIN_KEY_SECRET_ARN", arn)));

        assertTrue(key.accepts(new HttpRequest("GET /api/applications", "GET", "/api/applications",
                Map.of("authorization", "Bearer a-key-of-at-least-16-chars"), Map.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), "test")));
    }
}
