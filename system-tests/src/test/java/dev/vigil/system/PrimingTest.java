package dev.vigil.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.admin.AdminApiHandler;
import dev.vigil.admin.AdminKey;
import dev.vigil.detector.MissedBeatDetectorHandler;
import dev.vigil.fixtures.Fixture;
import dev.vigil.fixtures.InMemoryCheckSecrets;
import dev.vigil.fixtures.InMemorySecretStore;
import dev.vigil.history.BeatHistoryHandler;
import dev.vigil.ingest.BeatIngestHandler;
import dev.vigil.notify.discord.NotifyDiscordHandler;
import dev.vigil.notify.inapp.NotifyInAppHandler;
import dev.vigil.notify.pagerduty.NotifyPagerDutyHandler;
import dev.vigil.notify.slack.NotifySlackHandler;
import dev.vigil.notify.sns.NotifySnsHandler;
import dev.vigil.notify.webhook.NotifyWebhookHandler;
import dev.vigil.notify.whatsapp.NotifyWhatsAppHandler;
import dev.vigil.runtime.Priming;
import dev.vigil.recovery.RecoveryHandler;
import dev.vigil.sweep.TenantSweepHandler;
import dev.vigil.testkit.CountingDynamo;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import dev.vigil.wiring.Platform;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every function does before its SnapStart snapshot: it runs its real request path against
 * DynamoDB, and changes nothing a user could see — no item written, nothing published, nothing sent.
 */
class PrimingTest {
    private static final Set<String> READS = Set.of("getItem", "query", "batchGetItem");

    static Stream<Arguments> functions() {
        InMemorySecretStore secrets = new InMemorySecretStore();
        return Stream.of(
                Arguments.of("BeatIngestFunction", (Function<Platform, Priming.Primed>) BeatIngestHandler::new),
                Arguments.of("BeatHistoryFunction", (Function<Platform, Priming.Primed>) BeatHistoryHandler::new),
                Arguments.of("MissedBeatDetectorFunction", (Function<Platform, Priming.Primed>) MissedBeatDetectorHandler::new),
                Arguments.of("TenantSweepFunction", (Function<Platform, Priming.Primed>) p -> new TenantSweepHandler(p,
                        new InMemoryCheckSecrets(), messages -> {
                            throw new AssertionError("priming queued tenants");
                        })),
                Arguments.of("AdminApiFunction", (Function<Platform, Priming.Primed>) p ->
                        new AdminApiHandler(p, secrets, new InMemoryCheckSecrets(), new AdminKey("priming-test-admin-key"))),
                Arguments.of("NotifySnsFunction", (Function<Platform, Priming.Primed>) p ->
                        new NotifySnsHandler(p, (topic, message) -> {
                            throw new AssertionError("priming sent an SNS message");
                        })),
                Arguments.of("RecoveryFunction", (Function<Platform, Priming.Primed>) p -> new RecoveryHandler(p, (tenantId, trigger) -> {
                    throw new AssertionError("priming forced a sweep of " + tenantId);
                })),
                Arguments.of("NotifyInAppFunction", (Function<Platform, Priming.Primed>) NotifyInAppHandler::new),
                Arguments.of("NotifySlackFunction", (Function<Platform, Priming.Primed>) p -> new NotifySlackHandler(p, secrets)),
                Arguments.of("NotifyDiscordFunction", (Function<Platform, Priming.Primed>) p -> new NotifyDiscordHandler(p, secrets)),
                Arguments.of("NotifyPagerDutyFunction", (Function<Platform, Priming.Primed>) p -> new NotifyPagerDutyHandler(p, secrets)),
                Arguments.of("NotifyWebhookFunction", (Function<Platform, Priming.Primed>) p -> new NotifyWebhookHandler(p, secrets)),
                Arguments.of("NotifyWhatsAppFunction", (Function<Platform, Priming.Primed>) p -> new NotifyWhatsAppHandler(p, secrets)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void primingRunsTheRequestPathAndChangesNothing(String functionId, Function<Platform, Priming.Primed> build) {
        CountingDynamo counting = new CountingDynamo(DynamoLocal.shared().client());
        Fixture f = new Fixture(functionId, counting.client());

        build.apply(f.platform).prime();

        List<String> calls = counting.calls();
        assertFalse(calls.isEmpty(), "priming reached DynamoDB, as a real request does");
        if (functionId.equals("BeatIngestFunction")) {
            assertEquals(Set.of("updateItem", "getItem"), Set.copyOf(calls),
                    "beats whose one conditional write fails its condition, and reads of the same unknown UUID");
        } else {
            assertTrue(READS.containsAll(calls), "only reads: " + calls);
        }
        for (String table : SamTemplate.load().tables().keySet()) {
            assertEquals(0, f.db.client().scan(s -> s.tableName(table)).count(), table + " is still empty");
        }
        assertTrue(f.bus.published.isEmpty(), "nothing published: " + f.bus.published);
    }
}
