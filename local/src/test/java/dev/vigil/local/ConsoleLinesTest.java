package dev.vigil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.Application;
import dev.vigil.domain.Severity;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.HeartbeatLog;
import dev.vigil.testkit.DynamoLocal;
import dev.vigil.testkit.SamTemplate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The text console, fed the log lines the functions really wrote during runs of the local runner
 * ({@code console/function-log.jsonl}) and application items as the store really writes them.
 */
class ConsoleLinesTest {
    private static final String APP_ID = "app_9m33cn268a6s";
    private static final String UUID = "1f02c9a4-59a1-4b7e-9d0e-3c1b2a4d5e6f";
    private static List<String> captured;
    private static Map<String, AttributeValue> registered;
    private static Map<String, AttributeValue> beaten;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = ConsoleLinesTest.class.getResourceAsStream("/console/function-log.jsonl")) {
            captured = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        DynamoDbClient dynamo = DynamoLocal.inProcess(SamTemplate.load());
        ApplicationStore store = new ApplicationStore(dynamo, "ApplicationsTable", 8);
        Instant now = Instant.parse("2026-11-30T12:36:06Z");
        store.create(Application.registered(APP_ID, UUID, "nightly-backup", 2, 0, true, List.of(), Severity.CRITICAL,
                Optional.empty(), now));
        registered = item(dynamo);
        store.recordBeat(UUID, new HeartbeatLog.Beat(now.plusSeconds(1), "POST", Optional.empty(), Optional.empty()));
        beaten = item(dynamo);
    }

    private static Map<String, AttributeValue> item(DynamoDbClient dynamo) {
        return dynamo.getItem(g -> g.tableName("ApplicationsTable").key(Map.of("uuid", AttributeValue.fromS(UUID)))).item();
    }

    private static String line(String message) {
        return captured.stream().filter(l -> l.contains("\"message\":\"" + message + "\"")).findFirst().orElseThrow();
    }

    private final ConsoleLines console = new ConsoleLines(ZoneOffset.UTC);

    @Test
    void aBeatShowsTheApplicationsNameAndAMaskedUuid() {
        console.changed(Map.of(), registered, Instant.parse("2026-11-30T12:36:06Z"));

        assertEquals(List.of("12:36:07  beat     nightly-backup (1f02****)", "12:36:07  up       nightly-backup is up (first beat)"),
                console.changed(registered, beaten, Instant.parse("2026-11-30T12:36:07Z")));
    }

    @Test
    void aRegistrationShowsTheNameAndTheWindow() {
        assertEquals(List.of("12:36:06  new      nightly-backup registered (app_9m33cn268a6s, every 2 s, grace 0 s)"),
                console.changed(Map.of(), registered, Instant.parse("2026-11-30T12:36:06Z")));
    }

    @Test
    void aFlipToDownSaysWhatItWas() {
        Map<String, AttributeValue> down = new HashMap<>(beaten);
        down.put("status", AttributeValue.fromS("down"));

        assertEquals(List.of("12:36:09  down     nightly-backup is DOWN (was up)"),
                console.changed(beaten, down, Instant.parse("2026-11-30T12:36:09Z")));
    }

    @Test
    void aDeliveredAlertNamesItsTypeTheApplicationAndTheChannel() {
        console.changed(Map.of(), registered, Instant.parse("2026-11-30T12:36:06Z"));
        console.logLine(line("Alert recorded"));

        assertEquals(Optional.of("12:36:08  alert    down alert for nightly-backup delivered via webhook ch_7vumu68jm27e (11 ms)"),
                console.logLine(line("Alert sent")));
    }

    @Test
    void aFailedDeliverySaysWhetherItIsRetriedAndWhy() {
        String shown = console.logLine(line("Alert delivery failed")).orElseThrow();

        assertTrue(shown.startsWith("12:36:08  alert    alert for app_9m33cn268a6s FAILED via webhook ch_qpeun79pbwga (attempt 1,"
                + " retried later): "), shown);
    }

    @Test
    void aTenantSweepShowsItsStatusAndCounts() {
        assertEquals(Optional.of("12:41:41  sweep    tenant tn_xajgkxgiwdcf all_clear: 1 checks ran (1 healthy, 0 degraded,"
                + " 0 unhealthy), 0 not due, 0 alerts, 705 ms"), console.logLine(line("Tenant swept")));
    }

    @Test
    void recoveryRunsAttemptsAndTaskRunsHaveALineEach() {
        assertEquals(Optional.of("12:36:05  recovery tenant tn_ngbs3innag52 attempt 1: recovered"), console.logLine(line("Recovery attempt")));
        assertEquals(Optional.of("12:36:05  recovery schedule run: 1 tenant, 1 unhealthy, 1 attempted, 1 recovered, 0 failed,"
                + " 0 deferred"), console.logLine(line("Recovery run")));
        assertEquals(Optional.of("12:36:03  task     task_5f4iwhvud3m3 (tenant default): executed"), console.logLine(line("Task ran")));
    }

    @Test
    void anErrorStaysVisibleOnOneLineWithoutItsStackTrace() {
        String shown = console.logLine(line("Could not record the pulse; the run itself is unaffected")).orElseThrow();

        assertEquals("12:36:02  ERROR    MissedBeatDetectorFunction: Could not record the pulse; the run itself is unaffected"
                + " (component=missed-beat-detector, status=healthy): software.amazon.awssdk.core.exception.AbortedException:"
                + " Thread was interrupted", shown);
    }

    @Test
    void whatTheAdminApiChangedIsKeptAsOneLine() {
        assertEquals(Optional.of("12:36:06  info     AdminApiFunction: Channel created (channelId=ch_7vumu68jm27e, tenantId=default,"
                + " channelType=webhook)"), console.logLine(line("Channel created")));
    }

    @Test
    void metricLinesAndRoutineSummariesAreLeftOut() {
        List<String> left = captured.stream().filter(l -> l.startsWith("{\"_aws\"") || l.contains("\"Missed-beat pass\"")
                || l.contains("\"Scheduled sweep\"") || l.contains("\"Beat history written\"") || l.contains("\"Application is down\"")
                || l.contains("\"Alert recorded\"") || l.contains("\"Application registered\"")).toList();

        assertEquals(7, left.size(), "the capture holds one of each");
        left.forEach(l -> assertEquals(Optional.empty(), console.logLine(l), l));
    }

    @Test
    void aLineThatIsNotJsonIsShownAsItIs() {
        assertEquals(Optional.of("plain text from a library"), console.logLine("plain text from a library"));
    }

    @Test
    void theLogSinkTurnsEveryCapturedLineIntoAtMostOneLine() {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        HumanConsole human = new HumanConsole(console, new PrintStream(shown, true, StandardCharsets.UTF_8), Clock.systemUTC());
        PrintStream sink = human.logSink();
        captured.forEach(sink::println);

        List<String> lines = shown.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(8, lines.size(), String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("{")), "no JSON left: " + lines);
    }

    @Test
    void theLogFormatComesFromTheFlagOrTheEnvironmentAndAutoFollowsTheTerminal() {
        assertEquals(LogFormat.JSON, RunnerConfig.fromArgs(new String[] {"--log-format", "json"}, Map.of("VIGIL_LOG_FORMAT", "text"))
                .logFormat(), "the flag wins");
        assertEquals(LogFormat.TEXT, RunnerConfig.fromArgs(new String[0], Map.of("VIGIL_LOG_FORMAT", "text")).logFormat());
        assertEquals(LogFormat.TEXT, LogFormat.AUTO.settle(true));
        assertEquals(LogFormat.JSON, LogFormat.AUTO.settle(false));
        assertEquals(LogFormat.TEXT, LogFormat.TEXT.settle(false));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RunnerConfig.fromArgs(new String[] {"--log-format", "yaml"}, Map.of()));
        assertEquals("log format must be text, json or auto, was 'yaml'", refused.getMessage());
    }
}
