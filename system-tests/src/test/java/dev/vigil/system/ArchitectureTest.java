package dev.vigil.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rules the module layout stands for, checked on the compiled classes of every module (tests
 * excluded): the shared packages read as layers, the domain is plain Java, and no function reaches
 * into another.
 */
class ArchitectureTest {
    private static final JavaClasses VIGIL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.vigil");
    /** One package per Lambda function; {@code dev.vigil.notify} itself is the notifiers' shared core. */
    private static final List<String> FUNCTIONS = List.of("dev.vigil.ingest", "dev.vigil.history", "dev.vigil.detector", "dev.vigil.admin",
            "dev.vigil.sweep", "dev.vigil.recovery", "dev.vigil.pulse", "dev.vigil.dashboard", "dev.vigil.statuspage",
            "dev.vigil.notify.sns", "dev.vigil.notify.inapp", "dev.vigil.notify.slack", "dev.vigil.notify.discord",
            "dev.vigil.notify.pagerduty", "dev.vigil.notify.webhook", "dev.vigil.notify.whatsapp");
    private static final String[] SHARED = {"dev.vigil.domain..", "dev.vigil.store..", "dev.vigil.bus..",
            "dev.vigil.runtime..", "dev.vigil.wiring.."};

    @Test
    void theRulesSeeTheClassesOfEveryModule() {
        for (String type : List.of("dev.vigil.domain.Application", "dev.vigil.store.ApplicationStore",
                "dev.vigil.bus.AlertLedger", "dev.vigil.wiring.Platform", "dev.vigil.ingest.BeatIngestHandler",
                "dev.vigil.detector.MissedBeatDetectorHandler", "dev.vigil.admin.AdminApiHandler", "dev.vigil.sweep.TenantSweepHandler",
                "dev.vigil.recovery.RecoveryHandler", "dev.vigil.pulse.PulseHandler", "dev.vigil.dashboard.DashboardHandler", "dev.vigil.statuspage.StatusPageHandler", "dev.vigil.notify.NotifierFunction", "dev.vigil.notify.slack.NotifySlackHandler", "dev.vigil.checks.CheckRunner",
                "dev.vigil.checks.datastores.PostgresProbe")) {
            assertTrue(VIGIL.contain(type), type + " was not imported, so no rule would see it");
        }
    }

    @Test
    void theDomainIsPlainJava() {
        classes().that().resideInAPackage("dev.vigil.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.vigil.domain..")
                .because("the domain is pure rules over stored facts: no AWS, no Jackson, no other layer")
                .check(VIGIL);
    }

    @Test
    void functionsNeverDependOnEachOther() {
        for (String function : FUNCTIONS) {
            String[] others = FUNCTIONS.stream().filter(f -> !f.equals(function)).map(f -> f + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage(function + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("each function is its own artifact; what two share belongs in shared/ or notifier-core")
                    .check(VIGIL);
        }
    }

    @Test
    void storesDoNotDependOnHttpOrRequests() {
        noClasses().that().resideInAPackage("dev.vigil.store..")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Http")
                .orShould().dependOnClassesThat().haveSimpleNameEndingWith("Request")
                .andShould().dependOnClassesThat().resideInAnyPackage("dev.vigil.bus..", "dev.vigil.wiring..")
                .check(VIGIL);
    }

    @Test
    void theSharedModuleKnowsNoFunctionAndNoTestStandIn() {
        String[] outside = Stream.concat(FUNCTIONS.stream(), Stream.of("dev.vigil.notify", "dev.vigil.fixtures",
                "dev.vigil.testkit", "dev.vigil.local", "dev.vigil.checks")).map(p -> p.equals("dev.vigil.notify") ? p : p + "..")
                .toArray(String[]::new);
        noClasses().that().resideInAnyPackage(SHARED)
                .should().dependOnClassesThat().resideInAnyPackage(outside)
                .check(VIGIL);
    }

    @Test
    void functionsShipNoTestStandIns() {
        String[] functions = Stream.concat(FUNCTIONS.stream(), Stream.of("dev.vigil.notify"))
                .map(p -> p.equals("dev.vigil.notify") ? p : p + "..").toArray(String[]::new);
        noClasses().that().resideInAnyPackage(functions)
                .should().dependOnClassesThat().resideInAnyPackage("dev.vigil.fixtures..", "dev.vigil.testkit..",
                        "dev.vigil.local..")
                .check(VIGIL);
    }

    @Test
    void theChecksEngineCarriesNoDatabaseDriverAndKnowsNoFunction() {
        String[] outside = Stream.concat(FUNCTIONS.stream().map(f -> f + ".."), Stream.of("dev.vigil.notify", "dev.vigil.fixtures..",
                "dev.vigil.testkit..", "dev.vigil.local..", "dev.vigil.checks.datastores..", "org.postgresql..", "redis.clients.."))
                .toArray(String[]::new);
        noClasses().that().resideInAnyPackage("dev.vigil.checks", "dev.vigil.checks.store")
                .should().dependOnClassesThat().resideInAnyPackage(outside)
                .because("the admin API validates checks with this module alone; the drivers are for the sweep only")
                .check(VIGIL);
    }

    @Test
    void theSharedPackagesHaveNoCycles() {
        slices().matching("dev.vigil.(domain|store|bus|runtime|wiring)..").should().beFreeOfCycles().check(VIGIL);
    }
}
