package dev.vigil.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.ComponentRef;
import dev.vigil.domain.Ids;
import dev.vigil.domain.Incident;
import dev.vigil.domain.IncidentStatus;
import dev.vigil.domain.StatusPage;
import dev.vigil.wiring.TestPlatform;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Status pages, their slug claims and incident history on DynamoDB Local. */
class StatusPageStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final ComponentRef API = new ComponentRef(ComponentRef.Kind.APPLICATION, "app_k3v9x2m7q4pa");
    private final TestPlatform f = new TestPlatform();
    private final StatusPageStore store = new StatusPageStore(f.db.client(), "StatusPagesTable");

    private static StatusPage page(String tenantId, String slug) {
        return new StatusPage(Ids.STATUS_PAGE.next(), tenantId, slug, "Status", Optional.of(URI.create("https://example.com/logo.png")),
                List.of(new StatusPage.Group("Core", List.of(new StatusPage.Shown(API, "Public API")))), T0, 0);
    }

    @Test
    void aPageIsFoundByItsSlugWhicheverTenantOwnsIt() {
        StatusPage page = page("tn_acmeacmeacme", "acme");
        assertEquals(StatusPageStore.Outcome.WRITTEN, store.createPage(page));

        StatusPage found = store.findBySlug("acme").orElseThrow();
        assertEquals(page.id(), found.id());
        assertEquals(page.groups(), found.groups());
        assertEquals(page.logoUrl(), found.logoUrl());
        assertEquals(1, found.version());
        assertEquals(List.of(found), store.listPages("tn_acmeacmeacme"));
    }

    @Test
    void aSlugBelongsToOnePageAcrossTenantsEvenUnderARace() throws Exception {
        int racers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<StatusPageStore.Outcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            StatusPage page = page("tn_tenant" + "abcdef".charAt(i) + "abcd", "shared");
            outcomes.add(pool.submit(() -> {
                start.await();
                return store.createPage(page);
            }));
        }
        start.countDown();
        List<StatusPageStore.Outcome> results = new ArrayList<>();
        for (Future<StatusPageStore.Outcome> outcome : outcomes) {
            results.add(outcome.get());
        }
        pool.shutdown();

        assertEquals(1, results.stream().filter(o -> o == StatusPageStore.Outcome.WRITTEN).count(), results.toString());
        assertEquals(racers - 1, results.stream().filter(o -> o == StatusPageStore.Outcome.SLUG_TAKEN).count(), results.toString());
        String owner = store.findBySlug("shared").orElseThrow().tenantId();
        int pages = 0;
        for (int i = 0; i < racers; i++) {
            pages += store.listPages("tn_tenant" + "abcdef".charAt(i) + "abcd").size();
        }
        assertEquals(1, pages, "only the winner's page was stored");
        assertTrue(owner.startsWith("tn_tenant"));
    }

    @Test
    void changingASlugFreesTheOldOneAndDeletingFreesTheNew() {
        StatusPage page = page("tn_acmeacmeacme", "old");
        store.createPage(page);
        StatusPage read = store.findPage("tn_acmeacmeacme", page.id()).orElseThrow();
        StatusPage renamed = new StatusPage(page.id(), page.tenantId(), "new", page.title(), page.logoUrl(), page.groups(), T0, 0);

        assertEquals(StatusPageStore.Outcome.WRITTEN, store.replacePage(read, renamed));
        assertEquals(Optional.empty(), store.findBySlug("old"));
        assertEquals(StatusPageStore.Outcome.WRITTEN, store.createPage(page("tn_othertenant", "old")), "the old slug is free");
        StatusPage current = store.findBySlug("new").orElseThrow();
        assertEquals(2, current.version());

        assertFalse(store.deletePage(read), "a stale version deletes nothing");
        assertTrue(store.deletePage(current));
        assertEquals(Optional.empty(), store.findBySlug("new"));
    }

    @Test
    void aSlugTakenByAnotherPageRefusesTheRename() {
        store.createPage(page("tn_othertenant", "taken"));
        StatusPage mine = page("tn_acmeacmeacme", "mine");
        store.createPage(mine);
        StatusPage read = store.findPage("tn_acmeacmeacme", mine.id()).orElseThrow();

        assertEquals(StatusPageStore.Outcome.SLUG_TAKEN, store.replacePage(read,
                new StatusPage(mine.id(), mine.tenantId(), "taken", "Status", Optional.empty(), List.of(), T0, 0)));
        assertEquals("mine", store.findPage("tn_acmeacmeacme", mine.id()).orElseThrow().slug());
    }

    @Test
    void incidentsListNewestFirstAndOlderOnesBeforeADate() {
        List<Incident> opened = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            Incident incident = Incident.open("tn_acmeacmeacme", "Outage " + day, List.of(API), IncidentStatus.INVESTIGATING, "Looking.",
                    T0.minus(Duration.ofDays(40L * day)));
            assertTrue(store.createIncident(incident));
            opened.add(incident);
        }
        store.createIncident(Incident.open("tn_othertenant", "Not yours", List.of(), IncidentStatus.INVESTIGATING, "x", T0));

        Page<Incident> recent = store.incidents("tn_acmeacmeacme", Optional.empty(), Optional.of(T0.minus(Duration.ofDays(90))), 50,
                Optional.empty());
        assertEquals(List.of("Outage 0", "Outage 1", "Outage 2"), recent.items().stream().map(Incident::title).toList());

        Page<Incident> first = store.incidents("tn_acmeacmeacme", Optional.of(T0.minus(Duration.ofDays(90))), Optional.empty(), 1,
                Optional.empty());
        assertEquals(List.of("Outage 3"), first.items().stream().map(Incident::title).toList());
        Page<Incident> next = store.incidents("tn_acmeacmeacme", Optional.of(T0.minus(Duration.ofDays(90))), Optional.empty(), 1,
                first.nextToken());
        assertEquals(List.of("Outage 4"), next.items().stream().map(Incident::title).toList());
    }

    @Test
    void anIncidentUpdateIsAVersionedWrite() {
        Incident incident = Incident.open("tn_acmeacmeacme", "Slow", List.of(API), IncidentStatus.INVESTIGATING, "Looking.", T0);
        store.createIncident(incident);
        Incident read = store.findIncident("tn_acmeacmeacme", incident.id()).orElseThrow();
        Incident resolved = read.withUpdate(new Incident.Update(T0.plusSeconds(60), IncidentStatus.RESOLVED, "Fixed."));

        assertTrue(store.replaceIncident(read, resolved));
        assertFalse(store.replaceIncident(read, resolved), "the version it read is gone");
        Incident stored = store.findIncident("tn_acmeacmeacme", incident.id()).orElseThrow();
        assertEquals(Optional.of(T0.plusSeconds(60)), stored.resolvedAt());
        assertEquals(resolved.updates(), stored.updates());
    }

    @Test
    void aSnapshotIsReplacedOnlyByOneRenderedAfterTheCutoffAndGoesWhenItsSlugDoes() {
        StatusPage page = page("tn_acmeacmeacme", "acme");
        assertEquals(StatusPageStore.Outcome.WRITTEN, store.createPage(page));
        String large = "{\"title\":\"" + "Billing is up. ".repeat(40_000) + "\"}";

        assertTrue(store.saveSnapshot("acme", T0, large, T0.minusSeconds(60)));
        assertFalse(store.saveSnapshot("acme", T0.plusSeconds(30), "{}", T0.plusSeconds(30).minusSeconds(60)), "kept: younger than a minute");
        assertEquals(new StatusPageStore.Snapshot("acme", T0, large), store.findSnapshot("acme").orElseThrow(),
                "a 600 KB document fits gzipped");
        assertTrue(store.saveSnapshot("acme", T0.plusSeconds(61), "{}", T0.plusSeconds(1)));
        assertEquals(T0.plusSeconds(61), store.findSnapshot("acme").orElseThrow().asOf());

        StatusPage read = store.findBySlug("acme").orElseThrow();
        assertEquals(StatusPageStore.Outcome.WRITTEN, store.replacePage(read, new StatusPage(read.id(), read.tenantId(), "acme-2",
                read.title(), read.logoUrl(), read.groups(), read.createdAt(), read.version())));
        assertTrue(store.findSnapshot("acme").isEmpty(), "the old address keeps no snapshot");
    }
}
