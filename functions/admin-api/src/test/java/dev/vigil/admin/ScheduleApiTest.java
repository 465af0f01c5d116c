package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.Application;
import dev.vigil.store.ApplicationStore;
import dev.vigil.store.HeartbeatLog;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schedules, states, thresholds, pause and resume, parents and maintenance windows as the admin API offers them. */
class ScheduleApiTest {
    private AdminApiHarness api;

    @BeforeEach
    void emptyTables() {
        api = new AdminApiHarness();
    }

    private JsonNode send(String method, String path, String body, int expectedStatus) throws IOException {
        return api.send(method, path, body, expectedStatus);
    }

    private ApplicationStore store() {
        return api.platform.tables().applications();
    }

    private JsonNode create(String body) throws IOException {
        return send("POST", "/api/applications", body, 201);
    }

    @Test
    void cronApplicationNeedsNoIntervalAndShowsItsScheduleAndTimezone() throws IOException {
        JsonNode app = create("{\"name\":\"nightly\",\"cron\":\"30 2 * * *\",\"timezone\":\"Europe/Paris\",\"graceSeconds\":600}");

        assertEquals("30 2 * * *", app.path("cron").asText());
        assertEquals("Europe/Paris", app.path("timezone").asText());
        assertEquals(86400, app.path("intervalSeconds").asLong(), "shown as the time between two firings");
        assertEquals("new", app.path("state").asText());
        assertFalse(app.path("started").asBoolean());
        // Created 2026-11-24T12:00Z: the next 02:30 in Paris is 2026-11-25T01:30Z, plus 10 minutes of grace.
        assertEquals("2026-11-25T01:40:00Z", app.path("deadline").asText());
    }

    @Test
    void cronTimezoneDefaultsToUtc() throws IOException {
        assertEquals("UTC", create("{\"name\":\"n\",\"cron\":\"0 3 * * *\"}").path("timezone").asText());
    }

    @Test
    void intervalApplicationShowsNullCronAndTimezoneAndDefaultRules() throws IOException {
        JsonNode app = create("{\"name\":\"api\",\"intervalSeconds\":300}");
        assertTrue(app.path("cron").isNull());
        assertTrue(app.path("timezone").isNull());
        assertEquals(1, app.path("failureThreshold").asInt());
        assertEquals(1, app.path("recoveryThreshold").asInt());
        assertFalse(app.path("manualResume").asBoolean());
        assertTrue(app.path("parentId").isNull());
        assertEquals(0, app.path("maintenance").size());
        assertTrue(app.path("suppressed").isNull());
    }

    @Test
    void cronApplicationKeepsAnIntervalGivenWithIt() throws IOException {
        JsonNode app = create("{\"name\":\"nightly\",\"cron\":\"30 2 * * *\",\"intervalSeconds\":3600}");
        assertEquals(3600, app.path("intervalSeconds").asLong());
        assertEquals("2026-11-25T02:30:00Z", app.path("deadline").asText(), "the deadline comes from the cron schedule");
    }

    @Test
    void switchingBackFromCronToIntervalUsesTheIntervalItShowed() throws IOException {
        String id = create("{\"name\":\"nightly\",\"cron\":\"*/15 * * * *\"}").path("id").asText();

        JsonNode back = send("PUT", "/api/applications/" + id, "{\"cron\":null}", 200);

        assertTrue(back.path("cron").isNull());
        assertEquals(900, back.path("intervalSeconds").asLong());
        assertEquals(AdminApiHandlerTest.NOW.plusSeconds(900).toString(), back.path("deadline").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "{\"name\":\"a\",\"cron\":\"61 * * * *\"}|cron is not valid: the minute field '61' is out of range",
        "{\"name\":\"a\",\"cron\":\"* * *\"}|cron is not valid: must be five fields",
        "{\"name\":\"a\",\"cron\":\"0 0 31 2 *\"}|cron is not valid: matches no date",
        "{\"name\":\"a\",\"cron\":\"0 3 * * *\",\"timezone\":\"Mars/Olympus\"}|timezone must be an IANA time zone",
        "{\"name\":\"a\",\"cron\":\"0 3 * * *\",\"timezone\":\"+02:00\"}|timezone must be an IANA time zone",
        "{\"name\":\"a\"}|intervalSeconds is required",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"timezone\":\"Europe/Paris\"}|timezone applies to a cron schedule only",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"cron\":null,\"timezone\":\"Europe/Paris\"}|timezone applies to a cron schedule only",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"failureThreshold\":0}|failureThreshold must be a whole number between 1 and 100",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"recoveryThreshold\":101}|recoveryThreshold must be a whole number between 1 and 100",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"manualResume\":\"yes\"}|manualResume",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"parentId\":\"db\"}|parentId must be an application id",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"parentId\":\"app_k3v9x2m7q4pa\"}|parentId: no application app_k3v9x2m7q4pa",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"maintenance\":{}}|maintenance must be an array",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"maintenance\":[{\"start\":\"2026-12-01T00:00:00Z\",\"end\":\"2026-11-01T00:00:00Z\"}]}|maintenance[0]: maintenance window end must be after its start",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"maintenance\":[{\"start\":\"yesterday\",\"end\":\"2026-11-01T00:00:00Z\"}]}|maintenance[0] start and end must be ISO instants",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"maintenance\":[{\"cron\":\"0 3 * * *\"}]}|maintenance[0].durationMinutes is required",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"maintenance\":[{\"cron\":\"0 3 * * *\",\"durationMinutes\":20000}]}|durationMinutes must be between 1 and 10080",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"maintenance\":[{\"cron\":\"0 3 * * *\",\"durationMinutes\":60,\"timezone\":\"Nowhere\"}]}|maintenance[0].timezone must be an IANA time zone",
        "{\"name\":\"a\",\"intervalSeconds\":60,\"maintenance\":[{\"start\":\"2026-12-01T00:00:00Z\",\"end\":\"2026-12-02T00:00:00Z\",\"every\":\"day\"}]}|maintenance[0] has unknown field 'every'"
    })
    void badScheduleFieldGets400NamingTheFieldAndNothingIsStored(String body, String message) throws IOException {
        JsonNode error = send("POST", "/api/applications", body, 400);
        assertTrue(error.path("error").asText().contains(message), error.toString());
        assertEquals(0, api.count("ApplicationsTable"));
    }

    @Test
    void moreThanTwentyMaintenanceWindowsAreRefused() throws IOException {
        StringBuilder windows = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            windows.append(i == 0 ? "" : ",").append("{\"cron\":\"0 3 * * *\",\"durationMinutes\":10}");
        }
        JsonNode error = send("POST", "/api/applications", "{\"name\":\"a\",\"intervalSeconds\":60,\"maintenance\":["
                + windows + "]}", 400);
        assertTrue(error.path("error").asText().contains("at most 20 windows"), error.toString());
    }

    @Test
    void thresholdsManualResumeAndMaintenanceAreStoredAndShown() throws IOException {
        JsonNode app = create("{\"name\":\"etl\",\"intervalSeconds\":300,\"failureThreshold\":3,\"recoveryThreshold\":2,"
                + "\"manualResume\":true,\"maintenance\":[{\"start\":\"2026-12-24T18:00:00Z\",\"end\":\"2026-12-26T08:00:00Z\"},"
                + "{\"cron\":\"0 3 * * SUN\",\"timezone\":\"America/New_York\",\"durationMinutes\":90}]}");
        String id = app.path("id").asText();

        JsonNode read = send("GET", "/api/applications/" + id, null, 200);
        assertEquals(3, read.path("failureThreshold").asInt());
        assertEquals(2, read.path("recoveryThreshold").asInt());
        assertTrue(read.path("manualResume").asBoolean());
        assertEquals("2026-12-26T08:00:00Z", read.path("maintenance").get(0).path("end").asText());
        assertEquals("America/New_York", read.path("maintenance").get(1).path("timezone").asText());
        assertEquals(90, read.path("maintenance").get(1).path("durationMinutes").asInt());

        JsonNode sentBack = send("PUT", "/api/applications/" + id, read.toString(), 200);
        assertEquals(read.path("maintenance"), sentBack.path("maintenance"), "what was read can be sent back as it is");
        JsonNode cleared = send("PUT", "/api/applications/" + id, "{\"maintenance\":null}", 200);
        assertEquals(0, cleared.path("maintenance").size());
        assertEquals(3, cleared.path("failureThreshold").asInt(), "what the update left out is kept");
    }

    @Test
    void pauseAndResumeRoutesChangeTheStateAndResumeStartsAFreshWatch() throws IOException {
        String id = create("{\"name\":\"api\",\"intervalSeconds\":60}").path("id").asText();

        JsonNode paused = send("POST", "/api/applications/" + id + "/pause", null, 200);
        assertEquals("paused", paused.path("state").asText());
        assertFalse(paused.path("active").asBoolean());
        assertTrue(paused.path("deadline").isNull());

        api.clock.advance(Duration.ofHours(3));
        JsonNode resumed = send("POST", "/api/applications/" + id + "/resume", null, 200);
        assertEquals("new", resumed.path("state").asText());
        assertEquals(api.clock.instant().plusSeconds(60).toString(), resumed.path("deadline").asText());
    }

    @Test
    void pauseOfAnUnknownApplicationIs404() throws IOException {
        send("POST", "/api/applications/app_k3v9x2m7q4pa/pause", null, 404);
    }

    @Test
    void stateIsLateWithinGraceAndDownAtTheDeadline() throws IOException {
        String id = create("{\"name\":\"api\",\"intervalSeconds\":60,\"graceSeconds\":30}").path("id").asText();
        api.clock.advance(Duration.ofSeconds(60));
        assertEquals("late", send("GET", "/api/applications/" + id, null, 200).path("state").asText());
        api.clock.advance(Duration.ofSeconds(30));
        assertEquals("down", send("GET", "/api/applications/" + id, null, 200).path("state").asText());
    }

    @Test
    void listingFiltersByState() throws IOException {
        create("{\"name\":\"fast\",\"intervalSeconds\":60}");
        String slow = create("{\"name\":\"slow\",\"intervalSeconds\":3600}").path("id").asText();
        String paused = create("{\"name\":\"off\",\"intervalSeconds\":60,\"active\":false}").path("id").asText();
        api.clock.advance(Duration.ofSeconds(120));

        JsonNode down = send("GET", "/api/applications?state=down", null, 200).path("applications");
        assertEquals(1, down.size());
        assertEquals("fast", down.get(0).path("name").asText());
        assertEquals(slow, send("GET", "/api/applications?state=new", null, 200).path("applications").get(0).path("id").asText());
        assertEquals(paused, send("GET", "/api/applications?state=paused", null, 200).path("applications").get(0)
                .path("id").asText());
        JsonNode error = send("GET", "/api/applications?state=sleeping", null, 400);
        assertTrue(error.path("error").asText().contains("state must be one of"), error.toString());
    }

    @Test
    void startedIsShownWhileARunIsInProgress() throws IOException {
        String id = create("{\"name\":\"etl\",\"intervalSeconds\":60}").path("id").asText();
        Application app = store().findById(id).orElseThrow();
        api.db.client().updateItem(u -> u.tableName("ApplicationsTable")
                .key(java.util.Map.of("uuid", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(app.uuid())))
                .updateExpression("SET startedAt = :t")
                .expressionAttributeValues(java.util.Map.of(":t",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(
                                String.valueOf(api.clock.instant().toEpochMilli())))));

        assertTrue(send("GET", "/api/applications/" + id, null, 200).path("started").asBoolean());
    }

    @Test
    void parentMustBeAnotherApplicationOfTheSameTenantWithoutCycles() throws IOException {
        String a = create("{\"name\":\"a\",\"intervalSeconds\":60}").path("id").asText();
        String b = create("{\"name\":\"b\",\"intervalSeconds\":60,\"parentId\":\"" + a + "\"}").path("id").asText();
        assertEquals(a, send("GET", "/api/applications/" + b, null, 200).path("parentId").asText());

        JsonNode self = send("PUT", "/api/applications/" + a, "{\"parentId\":\"" + a + "\"}", 400);
        assertTrue(self.path("error").asText().contains("cannot be the application itself"), self.toString());
        JsonNode cycle = send("PUT", "/api/applications/" + a, "{\"parentId\":\"" + b + "\"}", 400);
        assertTrue(cycle.path("error").asText().contains("would make a cycle"), cycle.toString());

        String c = create("{\"name\":\"c\",\"intervalSeconds\":60,\"parentId\":\"" + b + "\"}").path("id").asText();
        String d = create("{\"name\":\"d\",\"intervalSeconds\":60,\"parentId\":\"" + c + "\"}").path("id").asText();
        JsonNode deep = send("POST", "/api/applications", "{\"name\":\"e\",\"intervalSeconds\":60,\"parentId\":\"" + d
                + "\"}", 400);
        assertTrue(deep.path("error").asText().contains("deeper than 3"), deep.toString());

        String otherTenant = api.tenant("beta");
        String betaKey = api.key(otherTenant, "admin");
        AdminApiHarness.Answer foreign = api.callAs(betaKey, "POST", "/api/applications",
                "{\"name\":\"x\",\"intervalSeconds\":60,\"parentId\":\"" + a + "\"}");
        assertEquals(400, foreign.status(), foreign.body());
        assertTrue(foreign.body().contains("no application " + a + " in this tenant"), foreign.body());
    }

    @Test
    void childDownWhileItsParentIsDownShowsAsSuppressedOnTheApplicationAndItsAlert() throws IOException {
        String parent = create("{\"name\":\"database\",\"intervalSeconds\":60}").path("id").asText();
        String child = create("{\"name\":\"reports\",\"intervalSeconds\":60,\"parentId\":\"" + parent + "\"}")
                .path("id").asText();
        api.clock.advance(Duration.ofSeconds(61));
        // As the detector records it (its own module is tested against the same store).
        Application due = store().findById(child).orElseThrow();
        dev.vigil.domain.AlertEvent down = dev.vigil.domain.Alerts.down(due, due.dueAt().orElseThrow(), api.clock.instant())
                .suppressedFor(Optional.of("parent " + parent + " is down"));
        api.platform.ledger().record(down, store().markDown(due, down));

        JsonNode app = send("GET", "/api/applications/" + child, null, 200);
        assertEquals("down", app.path("state").asText());
        assertEquals("parent " + parent + " is down", app.path("suppressed").asText());
        JsonNode alert = send("GET", "/api/alerts?subject=" + child, null, 200).path("alerts").get(0);
        assertEquals("parent " + parent + " is down", alert.path("suppressed").asText(), alert.toString());
    }

    @Test
    void beatToAPausedApplicationResumesItUnlessManualResume() throws IOException {
        String auto = create("{\"name\":\"auto\",\"intervalSeconds\":60,\"active\":false}").path("id").asText();
        String manual = create("{\"name\":\"manual\",\"intervalSeconds\":60,\"active\":false,\"manualResume\":true}")
                .path("id").asText();
        api.clock.advance(Duration.ofMinutes(5));
        for (String id : new String[] {auto, manual}) {
            store().recordBeat(store().findById(id).orElseThrow().uuid(),
                    new HeartbeatLog.Beat(api.clock.instant(), "POST", Optional.empty(), Optional.empty()));
        }

        assertEquals("up", send("GET", "/api/applications/" + auto, null, 200).path("state").asText());
        JsonNode kept = send("GET", "/api/applications/" + manual, null, 200);
        assertEquals("paused", kept.path("state").asText());
        assertEquals(api.clock.instant().toString(), kept.path("lastHeartbeat").asText());
    }
}
