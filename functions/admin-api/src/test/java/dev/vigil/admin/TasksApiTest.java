package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.domain.ScheduledTask;
import dev.vigil.domain.TaskRun;
import dev.vigil.domain.TaskSchedule;
import dev.vigil.domain.TaskStatus;
import dev.vigil.store.TaskStore;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/tasks}: scheduled tasks are created, listed, changed and deleted in the caller's tenant;
 * a bad cron, an unknown time zone or a webhook the outbound rules refuse is a 400 naming the field;
 * runs are served newest first, page by page.
 */
class TasksApiTest {
    static final String EXPORT = "{\"name\":\"nightly export\",\"cron\":\"30 2 * * *\",\"timezone\":\"Europe/Paris\","
            + "\"target\":{\"type\":\"event\",\"detail\":{\"job\":\"export\"}}}";

    private final AdminApiHarness api = new AdminApiHarness();
    private final TaskStore store = TaskStore.fromEnv(api.platform.env(), api.platform.dynamo());

    @Test
    void aCreatedTaskShowsItsScheduleAndItsNextRunInItsTimezone() throws IOException {
        AdminApiHarness.Answer created = api.call("POST", "/api/tasks", EXPORT, Map.of());
        assertEquals(201, created.status(), created.toString());
        JsonNode task = created.json();
        String id = task.path("id").asText();
        assertTrue(id.matches("task_[a-z0-9]{12}"), id);
        assertEquals("/api/tasks/" + id, created.headers().get("location"));
        assertEquals("\"1\"", created.etag());
        assertEquals("30 2 * * *", task.path("cron").asText());
        assertEquals("Europe/Paris", task.path("timezone").asText());
        assertEquals("export", task.path("target").path("detail").path("job").asText());
        assertEquals("new", task.path("status").asText());
        assertEquals(1, task.path("failureThreshold").asInt());
        assertEquals("2026-11-25T01:30:00Z", task.path("nextRunAt").asText(), "02:30 in Paris (CET) after 12:04 UTC");
        assertEquals(task, api.send("GET", "/api/tasks/" + id, null, 200));
        assertEquals(List.of(id), api.send("GET", "/api/tasks", null, 200).path("tasks").findValuesAsText("id"));
    }

    @Test
    void aBadCronIsA400NamingTheFieldAndNothingIsWritten() throws IOException {
        AdminApiHarness.Answer answer = api.call("POST", "/api/tasks", EXPORT.replace("30 2 * * *", "61 2 * * *"), Map.of());
        assertEquals(400, answer.status());
        assertEquals("cron the minute field '61' is out of range 0-59", answer.error());
        assertEquals(0, api.count("TasksTable"));
        assertTrue(api.call("POST", "/api/tasks", EXPORT.replace("30 2 * * *", "30 2 * *"), Map.of()).error().startsWith("cron must be five fields"));
    }

    @Test
    void anUnknownTimezoneIsA400() throws IOException {
        AdminApiHarness.Answer answer = api.call("POST", "/api/tasks", EXPORT.replace("Europe/Paris", "Europe/Atlantis"), Map.of());
        assertEquals(400, answer.status());
        assertTrue(answer.error().startsWith("timezone must be an IANA time zone"), answer.error());
        assertEquals(400, api.call("POST", "/api/tasks", EXPORT.replace("\"Europe/Paris\"", "42"), Map.of()).status());
        assertEquals(0, api.count("TasksTable"));
    }

    @Test
    void aWebhookTheOutboundRulesRefuseIsA400() throws IOException {
        String webhook = "{\"name\":\"ping\",\"cron\":\"*/5 * * * *\",\"target\":{\"type\":\"webhook\",\"url\":\"%s\"}}";
        AdminApiHarness.Answer plain = api.call("POST", "/api/tasks", webhook.formatted("http://hooks.example.com/x"), Map.of());
        assertEquals(400, plain.status());
        assertEquals("target.url must use https", plain.error());
        AdminApiHarness.Answer metadata = api.call("POST", "/api/tasks", webhook.formatted("https://169.254.169.254/latest"), Map.of());
        assertEquals(400, metadata.status());
        assertTrue(metadata.error().startsWith("target.url points to an address that is"), metadata.error());
        api.dns.put("internal.example.com", List.of(InetAddress.getByName("10.0.0.7")));
        AdminApiHarness.Answer rebinding = api.call("POST", "/api/tasks", webhook.formatted("https://internal.example.com/x"), Map.of());
        assertEquals(400, rebinding.status());
        assertTrue(rebinding.error().contains("10.0.0.7"), rebinding.error());
        assertEquals(0, api.count("TasksTable"));

        api.dns.put("hooks.example.com", List.of(InetAddress.getByName("93.184.215.14")));
        JsonNode created = api.send("POST", "/api/tasks", webhook.formatted("https://hooks.example.com/x"), 201);
        assertEquals("https://hooks.example.com/x", created.path("target").path("url").asText());
        assertEquals("UTC", created.path("timezone").asText(), "the default zone");
        assertEquals("2026-11-24T12:05:00Z", created.path("nextRunAt").asText());
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        AdminApiHarness.Answer answer = api.call("POST", "/api/tasks",
                "{\"cron\":\"* * * * * *\",\"target\":{\"type\":\"sms\"},\"failureThreshold\":0,\"colour\":\"red\"}", Map.of());
        assertEquals(400, answer.status());
        for (String problem : List.of("name is required", "unknown field 'colour'", "cron must be five fields", "target must be",
                "failureThreshold must be a whole number from 1 to 10")) {
            assertTrue(answer.error().contains(problem), problem + " in " + answer.error());
        }
    }

    @Test
    void anUpdateWithAStaleIfMatchIs412AndAScheduleChangeMovesTheNextRun() throws IOException {
        String id = api.send("POST", "/api/tasks", EXPORT, 201).path("id").asText();
        AdminApiHarness.Answer stale = api.call("PUT", "/api/tasks/" + id, "{\"name\":\"renamed\"}", Map.of("if-match", "\"7\""));
        assertEquals(412, stale.status());
        AdminApiHarness.Answer renamed = api.call("PUT", "/api/tasks/" + id, "{\"name\":\"renamed\"}", Map.of("if-match", "\"1\""));
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("\"2\"", renamed.etag());
        assertEquals("2026-11-25T01:30:00Z", renamed.json().path("nextRunAt").asText(), "a rename leaves the next run alone");

        JsonNode moved = api.send("PUT", "/api/tasks/" + id, "{\"timezone\":\"America/New_York\"}", 200);
        assertEquals("2026-11-25T07:30:00Z", moved.path("nextRunAt").asText(), "02:30 in New York (EST)");
        JsonNode off = api.send("PUT", "/api/tasks/" + id, "{\"enabled\":false}", 200);
        assertTrue(off.path("nextRunAt").isNull());
        assertEquals(400, api.call("PUT", "/api/tasks/" + id, "{\"cron\":\"0 0 31 2 *\"}", Map.of()).status());

        assertEquals(412, api.call("DELETE", "/api/tasks/" + id, null, Map.of("if-match", "\"1\"")).status());
        assertEquals(204, api.call("DELETE", "/api/tasks/" + id, null, Map.of("if-match", off.path("version").asText().transform(v -> "\"" + v + "\""))).status());
        assertEquals(404, api.call("GET", "/api/tasks/" + id, null, Map.of()).status());
    }

    @Test
    void anotherTenantsTaskIsNotFoundAndAReadOnlyKeyCannotWrite() throws IOException {
        String id = api.send("POST", "/api/tasks", EXPORT, 201).path("id").asText();
        String tenant = api.tenant("Acme");
        String writer = api.key(tenant, "admin");
        assertEquals(404, api.callAs(writer, "GET", "/api/tasks/" + id, null).status());
        assertEquals(404, api.callAs(writer, "GET", "/api/tasks/" + id + "/runs", null).status());
        assertEquals(404, api.callAs(writer, "DELETE", "/api/tasks/" + id, null).status());
        assertEquals(0, api.callAs(writer, "GET", "/api/tasks", null).json().path("tasks").size());
        String reader = api.key(tenant, "read-only");
        assertEquals(403, api.callAs(reader, "POST", "/api/tasks", EXPORT).status());
    }

    @Test
    void runsAreServedNewestFirstPageByPage() throws IOException {
        String id = api.send("POST", "/api/tasks", EXPORT, 201).path("id").asText();
        ScheduledTask task = store.find("default", id).orElseThrow();
        Instant first = Instant.parse("2026-11-25T01:30:00Z");
        for (int day = 0; day < 3; day++) {
            Instant at = first.plusSeconds(86_400L * day);
            ScheduledTask read = store.find("default", id).orElseThrow();
            TaskRun run = new TaskRun(id, "default", at, at.plusMillis(40), day == 1 ? TaskRun.Outcome.FAILED : TaskRun.Outcome.EXECUTED,
                    12, day == 1 ? Optional.of("HTTP 503 from hooks.example.com") : Optional.empty(),
                    Optional.of(at.plusSeconds(86_400)), 0);
            assertTrue(store.record(store.runWrites(read, TaskSchedule.afterRun(read, !run.failed()), List.of(run))));
        }
        JsonNode page = api.send("GET", "/api/tasks/" + id + "/runs?limit=2", null, 200);
        assertEquals(List.of("2026-11-27T01:30:00Z", "2026-11-26T01:30:00Z"), page.path("runs").findValuesAsText("scheduledFor"));
        assertEquals("failed", page.path("runs").path(1).path("outcome").asText());
        assertEquals("HTTP 503 from hooks.example.com", page.path("runs").path(1).path("error").asText());
        JsonNode rest = api.send("GET", "/api/tasks/" + id + "/runs?limit=2&nextToken=" + page.path("nextToken").asText(), null, 200);
        assertEquals(List.of("2026-11-25T01:30:00Z"), rest.path("runs").findValuesAsText("scheduledFor"));
        JsonNode shown = api.send("GET", "/api/tasks/" + id, null, 200);
        assertEquals("executed", shown.path("lastRun").path("outcome").asText());
        assertEquals(TaskStatus.OK.wire(), shown.path("status").asText());
        assertEquals(task.nextRunAt().orElseThrow().toString(), shown.path("nextRunAt").asText(), "recording runs never moves the next run");
    }
    @Test
    void aNextTokenOfAnotherTenantsTasksIsA400() throws IOException {
        String tenant = api.tenant("Acme");
        String writer = api.key(tenant, "admin");
        api.callAs(writer, "POST", "/api/tasks", EXPORT);
        api.callAs(writer, "POST", "/api/tasks", EXPORT.replace("nightly export", "nightly import"));
        api.send("POST", "/api/tasks", EXPORT, 201);
        String token = api.callAs(writer, "GET", "/api/tasks?limit=1", null).json().path("nextToken").asText();
        assertTrue(!token.isEmpty(), "Acme has a second page");
        AdminApiHarness.Answer foreign = api.call("GET", "/api/tasks?limit=1&nextToken=" + token, null, Map.of());
        assertEquals(400, foreign.status(), foreign.toString());
        assertEquals("nextToken is not valid", foreign.error());
        assertEquals(1, api.callAs(writer, "GET", "/api/tasks?limit=1&nextToken=" + token, null).json().path("tasks").size());
    }

    @Test
    void aNextTokenOfAnotherTasksRunsIsA400() throws IOException {
        String id = api.send("POST", "/api/tasks", EXPORT, 201).path("id").asText();
        String other = api.send("POST", "/api/tasks", EXPORT, 201).path("id").asText();
        Instant first = Instant.parse("2026-11-25T01:30:00Z");
        for (int day = 0; day < 2; day++) {
            Instant at = first.plusSeconds(86_400L * day);
            ScheduledTask read = store.find("default", id).orElseThrow();
            TaskRun run = new TaskRun(id, "default", at, at.plusMillis(40), TaskRun.Outcome.EXECUTED, 12, Optional.empty(),
                    Optional.of(at.plusSeconds(86_400)), 0);
            assertTrue(store.record(store.runWrites(read, TaskSchedule.afterRun(read, true), List.of(run))));
        }
        String token = api.send("GET", "/api/tasks/" + id + "/runs?limit=1", null, 200).path("nextToken").asText();
        assertTrue(!token.isEmpty());
        AdminApiHarness.Answer foreign = api.call("GET", "/api/tasks/" + other + "/runs?limit=1&nextToken=" + token, null, Map.of());
        assertEquals(400, foreign.status(), foreign.toString());
        assertEquals("nextToken is not valid", foreign.error());
    }

    @Test
    void aTenantWithTasksCannotBeDeletedUntilTheyAre() throws IOException {
        String tenant = api.tenant("Acme");
        AdminApiHarness.Answer created = api.call("POST", "/api/tasks", EXPORT, Map.of("x-vigil-tenant", tenant));
        assertEquals(201, created.status(), created.toString());
        AdminApiHarness.Answer refused = api.call("DELETE", "/api/tenants/" + tenant, null, Map.of());
        assertEquals(409, refused.status());
        assertTrue(refused.error().contains("scheduled tasks"), refused.error());
        assertEquals(204, api.call("DELETE", "/api/tasks/" + created.json().path("id").asText(), null,
                Map.of("x-vigil-tenant", tenant)).status());
        assertEquals(204, api.call("DELETE", "/api/tenants/" + tenant, null, Map.of()).status());
    }
    @Test
    void aSignedWebhookTaskSentBackAsReadIsAcceptedAndKeepsItsSecret() throws IOException {
        api.dns.put("hooks.example.com", List.of(InetAddress.getByName("93.184.215.14")));
        String id = api.send("POST", "/api/tasks", "{\"name\":\"warm cache\",\"cron\":\"*/15 * * * *\",\"target\":{\"type\":\"webhook\","
                + "\"url\":\"https://hooks.example.com/warm\",\"signingSecret\":\"whsec_0123456789abWXYZ\"}}", 201).path("id").asText();
        JsonNode read = api.send("GET", "/api/tasks/" + id, null, 200);
        assertEquals("****WXYZ", read.path("target").path("signingSecret").asText());

        JsonNode sentBack = api.send("PUT", "/api/tasks/" + id, read.toString().replace("warm cache", "warm caches"), 200);

        assertEquals("warm caches", sentBack.path("name").asText());
        assertTrue(sentBack.path("target").path("signed").asBoolean());
        assertEquals("****WXYZ", sentBack.path("target").path("signingSecret").asText());
        assertEquals(Map.of("signingSecret", "whsec_0123456789abWXYZ"), api.secrets.get(dev.vigil.domain.ChannelType.WEBHOOK, id),
                "the mask sent back keeps the secret");
        AdminApiHarness.Answer otherMask = api.call("PUT", "/api/tasks/" + id, read.toString().replace("****WXYZ", "****ABCD"), Map.of());
        assertEquals(400, otherMask.status(), otherMask.toString());
        assertTrue(otherMask.error().contains("target.signingSecret"), otherMask.error());
        assertEquals(Map.of("signingSecret", "whsec_0123456789abWXYZ"), api.secrets.get(dev.vigil.domain.ChannelType.WEBHOOK, id));
        AdminApiHarness.Answer maskOnCreate = api.call("POST", "/api/tasks", "{\"name\":\"x\",\"cron\":\"* * * * *\",\"target\":"
                + "{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/warm\",\"signingSecret\":\"****WXYZ\"}}", Map.of());
        assertEquals(400, maskOnCreate.status(), maskOnCreate.toString());
    }

    @Test
    void aReadOnlyKeySeesAWebhooksUrlOnlyAsItsLastFourCharacters() throws IOException {
        String tenant = api.tenant("Acme");
        String writer = api.key(tenant, "admin");
        String reader = api.key(tenant, "read-only");
        api.dns.put("hooks.example.com", List.of(InetAddress.getByName("93.184.215.14")));
        String id = api.callAs(writer, "POST", "/api/tasks", "{\"name\":\"warm cache\",\"cron\":\"*/15 * * * *\","
                + "\"target\":{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/warm/s3cr3tTOKENx9Q2\"}}").json().path("id").asText();
        AdminApiHarness.Answer read = api.callAs(reader, "GET", "/api/tasks/" + id, null);
        assertEquals(200, read.status(), read.toString());
        assertEquals("****x9Q2", read.json().path("target").path("url").asText());
        assertTrue(!read.body().contains("s3cr3t") && !api.callAs(reader, "GET", "/api/tasks", null).body().contains("s3cr3t"));
        assertEquals("https://hooks.example.com/warm/s3cr3tTOKENx9Q2",
                api.callAs(writer, "GET", "/api/tasks/" + id, null).json().path("target").path("url").asText());
    }
    @Test
    void aWebhooksSigningSecretIsStoredAsASecretShownByItsLastFourAndRemovedWithTheTask() throws IOException {
        api.dns.put("hooks.example.com", List.of(InetAddress.getByName("93.184.215.14")));
        String body = "{\"name\":\"warm cache\",\"cron\":\"*/15 * * * *\",\"target\":{\"type\":\"webhook\","
                + "\"url\":\"https://hooks.example.com/warm\",\"signingSecret\":\"whsec_0123456789abWXYZ\"}}";
        JsonNode created = api.send("POST", "/api/tasks", body, 201);
        String id = created.path("id").asText();
        assertTrue(created.path("target").path("signed").asBoolean());
        assertEquals("****WXYZ", created.path("target").path("signingSecret").asText());
        assertEquals(Map.of("signingSecret", "whsec_0123456789abWXYZ"), api.secrets.get(dev.vigil.domain.ChannelType.WEBHOOK, id));
        assertTrue(!api.db.client().scan(r -> r.tableName("TasksTable")).items().toString().contains("whsec_"), "never in the table");

        JsonNode renamed = api.send("PUT", "/api/tasks/" + id, "{\"target\":{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/warm2\"}}", 200);
        assertEquals("****WXYZ", renamed.path("target").path("signingSecret").asText(), "a webhook sent without a secret keeps its own");
        JsonNode unsigned = api.send("PUT", "/api/tasks/" + id, "{\"target\":{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/warm2\","
                + "\"signingSecret\":null}}", 200);
        assertTrue(!unsigned.path("target").path("signed").asBoolean());
        assertEquals(Map.of(), api.secrets.get(dev.vigil.domain.ChannelType.WEBHOOK, id), "the secret is removed");

        api.send("PUT", "/api/tasks/" + id, "{\"target\":{\"type\":\"webhook\",\"url\":\"https://hooks.example.com/warm2\","
                + "\"signingSecret\":\"whsec_abcdefghijklmnop\"}}", 200);
        assertEquals(Map.of("signingSecret", "whsec_abcdefghijklmnop"), api.secrets.get(dev.vigil.domain.ChannelType.WEBHOOK, id));
        api.send("DELETE", "/api/tasks/" + id, null, 204);
        assertEquals(Map.of(), api.secrets.get(dev.vigil.domain.ChannelType.WEBHOOK, id));

        AdminApiHarness.Answer tooShort = api.call("POST", "/api/tasks", body.replace("whsec_0123456789abWXYZ", "short"), Map.of());
        assertEquals(400, tooShort.status());
        assertTrue(tooShort.error().startsWith("target.signingSecret must be 16 to 256 characters"), tooShort.error());
        assertEquals(400, api.call("POST", "/api/tasks", "{\"name\":\"x\",\"cron\":\"* * * * *\",\"target\":{\"type\":\"event\","
                + "\"signingSecret\":\"whsec_0123456789abWXYZ\"}}", Map.of()).status());
    }
}
