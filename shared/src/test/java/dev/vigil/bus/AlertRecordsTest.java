package dev.vigil.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.AlertEvent;
import dev.vigil.domain.AlertSeverity;
import dev.vigil.domain.AlertStatus;
import dev.vigil.domain.Alerts;
import dev.vigil.domain.Application;
import dev.vigil.domain.CheckFacts;
import dev.vigil.domain.Tenant;
import dev.vigil.store.AlertStore;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.store.Page;
import dev.vigil.wiring.TestPlatform;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Alert records as the ledger keeps them on DynamoDB Local: one standing alert per subject, repeated
 * breaches counted on it, recoveries resolving it, acknowledging and resolving by hand.
 */
class AlertRecordsTest {
    private final TestPlatform f = new TestPlatform();
    private final ApplicationStore applications = f.tables().applications();
    private final AlertStore alerts = f.tables().alerts();
    private final AlertLedger ledger = f.platform.ledger();

    /** The detector's flip of an overdue application, recorded through the ledger. */
    private AlertEvent flipDown(Application app) {
        Application current = applications.findById(app.id()).orElseThrow();
        AlertEvent down = Alerts.down(current, current.dueAt().orElseThrow(), f.clock.instant());
        assertEquals(AlertLedger.Outcome.PUBLISHED, ledger.record(down, applications.markDown(current, down)));
        return down;
    }

    /** A beat, then the recovery the beat history announces, recorded through the ledger. */
    private AlertEvent flipUp(Application app) {
        applications.recordBeat(app.uuid(), new HeartbeatLog.Beat(f.clock.instant(), "POST", Optional.empty(), Optional.empty()));
        Application current = applications.findById(app.id()).orElseThrow();
        AlertEvent up = Alerts.up(current, f.clock.instant(), f.clock.instant());
        assertEquals(AlertLedger.Outcome.PUBLISHED, ledger.record(up, applications.markRecoveryAnnounced(current, up)));
        return up;
    }

    private AlertEvent checkChange(String checkId, String status, String was, long run) {
        CheckFacts facts = new CheckFacts("http", status, was, 700, Optional.empty(), "", "{}").inTier("critical");
        AlertEvent event = Alerts.checkChanged(checkId, Tenant.DEFAULT_ID, "api", run, facts, List.of(), Optional.empty(),
                f.clock.instant());
        assertTrue(ledger.write(event, List.of()));
        return event;
    }

    private List<AlertStore.Alert> all() {
        return alerts.list(new AlertStore.Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                100, Optional.empty()).items();
    }

    @Test
    void anApplicationDownOpensOneAlertWithItsEvent() {
        Application app = f.register("billing", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        AlertEvent down = flipDown(app);

        AlertStore.Alert alert = alerts.standing(Tenant.DEFAULT_ID, app.id()).orElseThrow();
        assertEquals(AlertStatus.OPEN, alert.status());
        assertEquals(AlertSeverity.P1, alert.severity(), "the application is critical");
        assertEquals(app.id(), alert.subject());
        assertEquals(AlertStore.KIND_APPLICATION, alert.kind());
        assertEquals(1, alert.occurrences());
        assertEquals(down.time(), alert.openedAt());
        assertEquals(List.of(down.eventId()), alert.eventIds());
        assertEquals(List.of(alert), all());
    }

    @Test
    void repeatedBreachesUpdateTheStandingAlertInsteadOfOpeningAnother() {
        Application app = f.register("billing", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        AlertEvent down = flipDown(app);
        f.clock.advance(Duration.ofMinutes(15));
        AlertEvent reminder = Alerts.reminder(down, 1, "ch_k3v9x2m7q4pa", f.clock.instant());
        assertTrue(ledger.write(reminder, List.of()));

        List<AlertStore.Alert> listed = all();
        assertEquals(1, listed.size(), "still one alert");
        assertEquals(2, listed.get(0).occurrences());
        assertEquals(f.clock.instant(), listed.get(0).lastSeenAt());
        assertEquals(List.of(down.eventId(), reminder.eventId()), listed.get(0).eventIds());
    }

    @Test
    void aCheckGettingWorseUpdatesTheSeverityOfItsOneAlert() {
        checkChange("chk_k3v9x2m7q4pa", CheckFacts.DEGRADED, CheckFacts.HEALTHY, 1);
        f.clock.advance(Duration.ofMinutes(1));
        checkChange("chk_k3v9x2m7q4pa", CheckFacts.UNHEALTHY, CheckFacts.DEGRADED, 2);

        List<AlertStore.Alert> listed = all();
        assertEquals(1, listed.size());
        assertEquals(AlertSeverity.P1, listed.get(0).severity(), "unhealthy in the critical tier");
        assertEquals(2, listed.get(0).occurrences());
        assertEquals(AlertStore.KIND_CHECK, listed.get(0).kind());
    }

    @Test
    void aRecoveryResolvesTheAlertAutomaticallyAndTheNextBreachOpensANewOne() {
        Application app = f.register("billing", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        flipDown(app);
        String first = alerts.standing(Tenant.DEFAULT_ID, app.id()).orElseThrow().id();
        f.clock.advance(Duration.ofSeconds(30));
        AlertEvent up = flipUp(app);

        AlertStore.Alert resolved = alerts.find(first).orElseThrow();
        assertEquals(AlertStatus.RESOLVED, resolved.status());
        assertEquals(Optional.of(AlertStore.AUTO), resolved.resolvedBy());
        assertEquals(Optional.of(up.time()), resolved.resolvedAt());
        assertTrue(resolved.eventIds().contains(up.eventId()));
        assertTrue(alerts.standing(Tenant.DEFAULT_ID, app.id()).isEmpty());

        f.clock.advance(Duration.ofSeconds(61));
        flipDown(app);
        AlertStore.Alert second = alerts.standing(Tenant.DEFAULT_ID, app.id()).orElseThrow();
        assertNotEquals(first, second.id());
        assertEquals(List.of(second.id(), first), all().stream().map(AlertStore.Alert::id).toList(), "newest first");
    }

    @Test
    void aRecoveryWithNoStandingAlertRecordsNothingButStillRecordsTheChange() {
        AlertEvent healthy = checkChange("chk_k3v9x2m7q4pa", CheckFacts.HEALTHY, CheckFacts.UNHEALTHY, 3);
        assertTrue(all().isEmpty());
        assertEquals(Optional.of(healthy), f.tables().events().latestAbout("chk_k3v9x2m7q4pa"), "the event is recorded");
    }

    @Test
    void acknowledgingRecordsWhoAndWhenAndOnlyAnOpenAlertCanBeAcknowledged() {
        AlertEvent unhealthy = checkChange("chk_k3v9x2m7q4pa", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 1);
        String id = alerts.standing(Tenant.DEFAULT_ID, unhealthy.applicationId()).orElseThrow().id();
        f.clock.advance(Duration.ofMinutes(2));

        AlertStore.Transition done = alerts.acknowledge(id, "operator", f.clock.instant());
        AlertStore.Alert acknowledged = assertInstanceOf(AlertStore.Transition.Done.class, done).alert();
        assertEquals(AlertStatus.ACKNOWLEDGED, acknowledged.status());
        assertEquals(Optional.of("operator"), acknowledged.acknowledgedBy());
        assertEquals(Optional.of(f.clock.instant()), acknowledged.acknowledgedAt());
        assertInstanceOf(AlertStore.Transition.Refused.class, alerts.acknowledge(id, "operator", f.clock.instant()));

        f.clock.advance(Duration.ofMinutes(1));
        checkChange("chk_k3v9x2m7q4pa", CheckFacts.DEGRADED, CheckFacts.UNHEALTHY, 2);
        AlertStore.Alert stillAcknowledged = alerts.find(id).orElseThrow();
        assertEquals(AlertStatus.ACKNOWLEDGED, stillAcknowledged.status(), "a repeat keeps the acknowledgement");
        assertEquals(AlertSeverity.P3, stillAcknowledged.severity());

        checkChange("chk_k3v9x2m7q4pa", CheckFacts.HEALTHY, CheckFacts.DEGRADED, 3);
        assertEquals(AlertStatus.RESOLVED, alerts.find(id).orElseThrow().status(), "an acknowledged alert resolves too");
        assertInstanceOf(AlertStore.Transition.NotFound.class, alerts.acknowledge("al_zzzzzzzzzzzz", "operator", f.clock.instant()));
    }

    @Test
    void resolvingByHandFreesTheSubjectAndALaterRecoveryChangesNothing() {
        checkChange("chk_k3v9x2m7q4pa", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 1);
        String id = alerts.standing(Tenant.DEFAULT_ID, "chk_k3v9x2m7q4pa").orElseThrow().id();

        AlertStore.Transition done = alerts.resolve(id, "key_k3v9x2m7q4pa (ops)", f.clock.instant());
        assertEquals(Optional.of("key_k3v9x2m7q4pa (ops)"),
                assertInstanceOf(AlertStore.Transition.Done.class, done).alert().resolvedBy());
        assertInstanceOf(AlertStore.Transition.Refused.class, alerts.resolve(id, "operator", f.clock.instant()));

        f.clock.advance(Duration.ofMinutes(1));
        checkChange("chk_k3v9x2m7q4pa", CheckFacts.HEALTHY, CheckFacts.UNHEALTHY, 2);
        assertEquals(Optional.of("key_k3v9x2m7q4pa (ops)"), alerts.find(id).orElseThrow().resolvedBy());
        checkChange("chk_k3v9x2m7q4pa", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 3);
        assertEquals(2, all().size(), "the next breach opens a new alert");
    }

    @Test
    void anAlertResolvedByHandWhileABreachIsBeingRecordedMakesTheBreachOpenANewAlertAndTheChangeIsKept() {
        checkChange("chk_k3v9x2m7q4pa", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 1);
        String first = alerts.standing(Tenant.DEFAULT_ID, "chk_k3v9x2m7q4pa").orElseThrow().id();
        // A ledger whose first transaction finds the alert it read resolved by hand a moment before.
        DynamoDbClient base = f.platform.dynamo();
        AtomicBoolean interfered = new AtomicBoolean();
        DynamoDbClient interfering = (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("transactWriteItems") && interfered.compareAndSet(false, true)) {
                        alerts.resolve(first, "operator", f.clock.instant());
                    }
                    try {
                        return method.invoke(base, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Duration retention = Duration.ofDays(30);
        AlertLedger racing = new AlertLedger(interfering, new EventStore(interfering, f.platform.env().require("EVENTS_TABLE"),
                retention), new AlertStore(interfering, f.platform.env().require("ALERTS_TABLE"), retention), event -> { },
                f.clock);
        f.clock.advance(Duration.ofMinutes(1));
        CheckFacts degraded = new CheckFacts("http", CheckFacts.DEGRADED, CheckFacts.UNHEALTHY, 300, Optional.empty(), "", "{}");
        AlertEvent event = Alerts.checkChanged("chk_k3v9x2m7q4pa", Tenant.DEFAULT_ID, "api", 2, degraded, List.of(),
                Optional.empty(), f.clock.instant());

        assertTrue(racing.write(event, List.of()), "the change is recorded, not lost to the alert records' race");

        assertTrue(interfered.get());
        AlertStore.Alert resolved = alerts.find(first).orElseThrow();
        assertEquals(Optional.of("operator"), resolved.resolvedBy());
        assertEquals(1, resolved.occurrences(), "the breach did not land on the resolved alert");
        AlertStore.Alert second = alerts.standing(Tenant.DEFAULT_ID, "chk_k3v9x2m7q4pa").orElseThrow();
        assertNotEquals(first, second.id());
        assertEquals(AlertSeverity.P3, second.severity());
        assertEquals(List.of(event.eventId()), second.eventIds());
    }

    @Test
    void theLoserOfAFlipRaceRecordsNoAlert() {
        Application app = f.register("billing", 60, 0);
        f.clock.advance(Duration.ofSeconds(61));
        Application seen = applications.findById(app.id()).orElseThrow();
        AlertEvent first = Alerts.down(seen, seen.dueAt().orElseThrow(), f.clock.instant());
        AlertEvent second = Alerts.down(seen, seen.dueAt().orElseThrow(), f.clock.instant().plusMillis(5));
        assertEquals(AlertLedger.Outcome.PUBLISHED, ledger.record(first, applications.markDown(seen, first)));
        assertEquals(AlertLedger.Outcome.LOST_RACE, ledger.record(second, applications.markDown(seen, second)));

        assertEquals(1, all().size());
        assertEquals(1, all().get(0).occurrences());
    }

    @Test
    void listingsFilterByStatusSeveritySubjectAndTenantAndPage() {
        checkChange("chk_aaaaaaaaaaaa", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 1);
        f.clock.advance(Duration.ofSeconds(1));
        checkChange("chk_bbbbbbbbbbbb", CheckFacts.DEGRADED, CheckFacts.HEALTHY, 1);
        f.clock.advance(Duration.ofSeconds(1));
        checkChange("chk_cccccccccccc", CheckFacts.UNHEALTHY, CheckFacts.HEALTHY, 1);
        f.clock.advance(Duration.ofSeconds(1));
        checkChange("chk_cccccccccccc", CheckFacts.HEALTHY, CheckFacts.UNHEALTHY, 2);

        assertEquals(Map.of(AlertSeverity.P1, 1, AlertSeverity.P2, 0, AlertSeverity.P3, 1),
                alerts.standingBySeverity(Tenant.DEFAULT_ID));
        assertEquals(List.of("chk_aaaaaaaaaaaa"), subjects(Optional.of(AlertStatus.OPEN), Optional.of(AlertSeverity.P1),
                Optional.empty()));
        assertEquals(List.of("chk_cccccccccccc"), subjects(Optional.of(AlertStatus.RESOLVED), Optional.empty(), Optional.empty()));
        assertEquals(List.of("chk_bbbbbbbbbbbb"), subjects(Optional.empty(), Optional.empty(), Optional.of("chk_bbbbbbbbbbbb")));
        assertEquals(List.of(), alerts.list(new AlertStore.Filter(Optional.of("tn_k3v9x2m7q4pa"), Optional.empty(),
                Optional.empty(), Optional.empty()), 10, Optional.empty()).items(), "another tenant has none");

        AlertStore.Filter everything = new AlertStore.Filter(Optional.of(Tenant.DEFAULT_ID), Optional.empty(),
                Optional.empty(), Optional.empty());
        Page<AlertStore.Alert> first = alerts.list(everything, 2, Optional.empty());
        assertEquals(List.of("chk_cccccccccccc", "chk_bbbbbbbbbbbb"), first.items().stream().map(AlertStore.Alert::subject).toList());
        Page<AlertStore.Alert> second = alerts.list(everything, 2, first.nextToken());
        assertEquals(List.of("chk_aaaaaaaaaaaa"), second.items().stream().map(AlertStore.Alert::subject).toList());
    }

    private List<String> subjects(Optional<AlertStatus> status, Optional<AlertSeverity> severity, Optional<String> subject) {
        return alerts.list(new AlertStore.Filter(Optional.empty(), status, severity, subject), 10, Optional.empty()).items()
                .stream().map(AlertStore.Alert::subject).toList();
    }
}
