package dev.vigil.checks.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.checks.CheckTypes;
import dev.vigil.checks.Settings;
import dev.vigil.runtime.AwsJsonCall;
import dev.vigil.testkit.MotoServer;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** Check secrets in SSM Parameter Store on moto_server; skipped, with the reason printed, without it. */
class SsmCheckSecretsTest {
    private final String prefix = "/vigil/test-" + UUID.randomUUID().toString().substring(0, 8) + "/checks";
    private SsmCheckSecrets secrets;
    private AwsJsonCall ssm;

    @BeforeEach
    void connect() {
        assumeTrue(MotoServer.available(), () -> MotoServer.skipReason(getClass()));
        ssm = new AwsJsonCall(UrlConnectionHttpClient.create(), URI.create(MotoServer.shared().endpoint()), Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), "ssm", "AmazonSSM");
        secrets = new SsmCheckSecrets(ssm, prefix + "/");
    }

    @Test
    void theSecretPartOfACheckIsStoredAsOneSecureStringPerCheck() {
        Settings settings = CheckTypes.settings("postgres", Runs.json("{'host': 'db.example.com', 'database': 'app', 'user': 'monitor',"
                + " 'password': 'pa55-word'}"));
        secrets.put("chk_abcdefghjkmn", settings.secrets());
        assertEquals(Map.of("password", "pa55-word"), secrets.get("chk_abcdefghjkmn"));
        assertEquals(prefix + "/chk_abcdefghjkmn", secrets.name("chk_abcdefghjkmn"));
        assertEquals("SecureString", ssm.call("GetParameter", dev.vigil.runtime.Json.object().put("Name", prefix + "/chk_abcdefghjkmn"))
                .path("Parameter").path("Type").asText());
    }

    @Test
    void aCheckWithoutSecretsHasNone() {
        assertEquals(Map.of(), secrets.get("chk_nonenonenone"));
        secrets.put("chk_emptyemptyem", Map.of());
        assertEquals(Map.of(), secrets.get("chk_emptyemptyem"));
    }

    @Test
    void deletingIsIdempotent() {
        secrets.put("chk_deletedelete", Map.of("secretHeaders/Authorization", "Bearer x"));
        secrets.delete("chk_deletedelete");
        secrets.delete("chk_deletedelete");
        assertEquals(Map.of(), secrets.get("chk_deletedelete"));
    }
}
