package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Application;
import dev.vigil.domain.BeatRules;
import dev.vigil.domain.Ids;
import dev.vigil.domain.PingKey;
import dev.vigil.domain.Severity;
import dev.vigil.wiring.TestPlatform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Ping keys, slug claims and the auto-creation count on DynamoDB Local. */
class BeatKeyStoreTest {
    private final TestPlatform f = new TestPlatform();
    private final BeatKeyStore keys = new BeatKeyStore(f.db.client(), "BeatKeysTable");
    private final ApplicationStore apps = f.tables().applications();

    @Test
    void aPingKeyResolvesToItsTenantWithOneRead() {
        String key = PingKey.generate();
        keys.rotatePingKey("tn_acmeacmeacme", key);

        assertEquals(Optional.of("tn_acmeacmeacme"), keys.tenantOfPingKey(key));
        assertEquals(Optional.of(key), keys.pingKeyOf("tn_acmeacmeacme"));
        assertEquals(Optional.empty(), keys.tenantOfPingKey(PingKey.generate()));
    }

    @Test
    void rotationInvalidatesTheOldKeyAtOnce() {
        String first = PingKey.generate();
        String second = PingKey.generate();
        keys.rotatePingKey("tn_acmeacmeacme", first);

        keys.rotatePingKey("tn_acmeacmeacme", second);

        assertEquals(Optional.empty(), keys.tenantOfPingKey(first));
        assertEquals(Optional.of("tn_acmeacmeacme"), keys.tenantOfPingKey(second));
        assertEquals(Optional.of(second), keys.pingKeyOf("tn_acmeacmeacme"));
    }

    @Test
    void revocationLeavesTheTenantWithoutAKey() {
        String key = PingKey.generate();
        keys.rotatePingKey("tn_acmeacmeacme", key);

        assertTrue(keys.revokePingKey("tn_acmeacmeacme"));

        assertEquals(Optional.empty(), keys.tenantOfPingKey(key));
        assertEquals(Optional.empty(), keys.pingKeyOf("tn_acmeacmeacme"));
        assertFalse(keys.revokePingKey("tn_acmeacmeacme"), "nothing left to revoke");
    }

    @Test
    void twoCreatesOfTheSameSlugRacingMakeOneApplication() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApplicationStore.GuardedWrite>> results = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            Application app = slugged("tn_acmeacmeacme", "nightly-backup");
            results.add(pool.submit(() -> {
                start.await();
                return apps.createWith(app, List.of(keys.claimSlug(app.tenantId(), "nightly-backup", app.uuid(), app.id())));
            }));
        }
        start.countDown();
        List<ApplicationStore.GuardedWrite> outcomes = new ArrayList<>();
        for (Future<ApplicationStore.GuardedWrite> result : results) {
            outcomes.add(result.get());
        }
        pool.shutdown();

        assertEquals(1, outcomes.stream().filter(ApplicationStore.GuardedWrite.WRITTEN::equals).count(), outcomes.toString());
        assertEquals(racers - 1, outcomes.stream().filter(ApplicationStore.GuardedWrite.ALONGSIDE_REFUSED::equals).count());
        assertEquals(1, f.db.client().scan(s -> s.tableName("ApplicationsTable")).count(), "the losers wrote nothing");
        String winner = keys.uuidOfSlug("tn_acmeacmeacme", "nightly-backup").orElseThrow();
        assertEquals(Optional.of("nightly-backup"), apps.findByUuid(winner).orElseThrow().rules().slug());
    }

    @Test
    void theSameSlugInAnotherTenantIsAnotherClaim() {
        Application acme = slugged("tn_acmeacmeacme", "backup");
        Application globex = slugged("tn_globexglobex", "backup");

        assertEquals(ApplicationStore.GuardedWrite.WRITTEN, apps.createWith(acme,
                List.of(keys.claimSlug(acme.tenantId(), "backup", acme.uuid(), acme.id()))));
        assertEquals(ApplicationStore.GuardedWrite.WRITTEN, apps.createWith(globex,
                List.of(keys.claimSlug(globex.tenantId(), "backup", globex.uuid(), globex.id()))));

        assertEquals(Optional.of(acme.uuid()), keys.uuidOfSlug("tn_acmeacmeacme", "backup"));
        assertEquals(Optional.of(globex.uuid()), keys.uuidOfSlug("tn_globexglobex", "backup"));
    }

    @Test
    void changingASlugReleasesTheOldOneInTheSameTransaction() {
        Application app = slugged("tn_acmeacmeacme", "old-name");
        apps.createWith(app, List.of(keys.claimSlug(app.tenantId(), "old-name", app.uuid(), app.id())));
        Application before = apps.findByUuid(app.uuid()).orElseThrow();
        Application after = before.withRules(before.rules().withSlug(Optional.of("new-name")));

        assertEquals(ApplicationStore.GuardedWrite.WRITTEN, apps.updateSettingsWith(before, after, List.of(
                keys.claimSlug(app.tenantId(), "new-name", app.uuid(), app.id()),
                keys.releaseSlug(app.tenantId(), "old-name", app.uuid()))));

        assertEquals(Optional.empty(), keys.uuidOfSlug("tn_acmeacmeacme", "old-name"));
        assertEquals(Optional.of(app.uuid()), keys.uuidOfSlug("tn_acmeacmeacme", "new-name"));
        assertEquals(Optional.of("new-name"), apps.findByUuid(app.uuid()).orElseThrow().rules().slug());
    }

    @Test
    void anUpdateToATakenSlugWritesNothing() {
        Application taken = slugged("tn_acmeacmeacme", "taken");
        apps.createWith(taken, List.of(keys.claimSlug(taken.tenantId(), "taken", taken.uuid(), taken.id())));
        Application app = slugged("tn_acmeacmeacme", "mine");
        apps.createWith(app, List.of(keys.claimSlug(app.tenantId(), "mine", app.uuid(), app.id())));
        Application before = apps.findByUuid(app.uuid()).orElseThrow();

        assertEquals(ApplicationStore.GuardedWrite.ALONGSIDE_REFUSED, apps.updateSettingsWith(before,
                before.withRules(before.rules().withSlug(Optional.of("taken"))), List.of(
                        keys.claimSlug(app.tenantId(), "taken", app.uuid(), app.id()),
                        keys.releaseSlug(app.tenantId(), "mine", app.uuid()))));

        assertEquals(before, apps.findByUuid(app.uuid()).orElseThrow());
        assertEquals(Optional.of(app.uuid()), keys.uuidOfSlug("tn_acmeacmeacme", "mine"));
        assertEquals(Optional.of(taken.uuid()), keys.uuidOfSlug("tn_acmeacmeacme", "taken"));
    }

    @Test
    void theAutoCreationCountStopsAtTheLimit() {
        for (int i = 0; i < 3; i++) {
            Application app = slugged("tn_acmeacmeacme", "job-" + i);
            assertEquals(ApplicationStore.GuardedWrite.WRITTEN, apps.createWith(app, List.of(
                    keys.claimSlug(app.tenantId(), "job-" + i, app.uuid(), app.id()), keys.countAutoCreated("tn_acmeacmeacme", 3))));
        }
        Application fourth = slugged("tn_acmeacmeacme", "job-3");

        assertEquals(ApplicationStore.GuardedWrite.ALONGSIDE_REFUSED, apps.createWith(fourth, List.of(
                keys.claimSlug(fourth.tenantId(), "job-3", fourth.uuid(), fourth.id()), keys.countAutoCreated("tn_acmeacmeacme", 3))));

        assertEquals(3, keys.autoCreated("tn_acmeacmeacme"));
        assertEquals(Optional.empty(), keys.uuidOfSlug("tn_acmeacmeacme", "job-3"), "no claim without its application");
        assertEquals(3, f.db.client().scan(s -> s.tableName("ApplicationsTable")).count());
    }

    private Application slugged(String tenantId, String slug) {
        return Application.registered(Ids.APPLICATION.next(), UUID.randomUUID().toString(), slug, 86400, 3600, true, List.of(),
                Severity.CRITICAL, Optional.empty(), f.clock.instant()).inTenant(tenantId)
                .withRules(BeatRules.DEFAULT.withSlug(Optional.of(slug)));
    }
}
