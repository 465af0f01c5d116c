package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.CheckStatus;
import dev.vigil.checks.SweepExecution;
import dev.vigil.checks.SweepExecution.CheckOutcome;
import dev.vigil.checks.SweepStatus;
import dev.vigil.checks.SweepTrigger;
import dev.vigil.checks.store.SweepLog;
import dev.vigil.runtime.Json;
import dev.vigil.runtime.LambdaInvocation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/tenants/{id}/sweep} and {@code GET /api/tenants/{id}/sweeps}: the admin API asks the
 * sweep function to sweep a tenant now and answers its execution record, or says why not; and it lists a
 * tenant's execution records, newest first. Who may do which, as for the tenant's thresholds. The sweep
 * itself is the tenant-sweep function's, tested there and end to end through the local runner.
 */
class SweepsApiTest {
    private final AdminApiHarness api = new AdminApiHarness();
    private final SweepLog log = SweepLog.fromEnv(api.platform.env(), api.db.client());

    @Test
    void theOperatorSweepsATenantNowAndGetsTheFunctionsExecutionRecord() throws IOException {
        String tenant = api.tenant("acme");
        SweepExecution found = new SweepExecution("sw_k3v9x2m7q4pa", tenant, SweepTrigger.MANUAL, AdminApiHandlerTest.NOW, 812,
                List.of(new CheckOutcome("chk_k3v9x2m7q4pa", "API", "http", CheckStatus.UNHEALTHY, 812,
                        "status == 200 failed: was 503", Optional.of("status == 200"), true, Optional.of(dev.vigil.checks.Tier.CORE),
                        Optional.of(CheckStatus.UNHEALTHY))), 0, SweepStatus.ALERT);
        api.sweepAnswer = id -> Optional.of(found.toJson());

        JsonNode answer = api.send("POST", "/api/tenants/" + tenant + "/sweep", null, 200);

        assertEquals(found.toJson().toString(), answer.toString());
        assertEquals(List.of(tenant), api.sweepsRequested);
    }

    @Test
    void aTenantsAdminKeySweepsItsOwnTenantAReadOnlyKeyOnlyListsAndNeitherReachesAnotherTenant() throws IOException {
        String acme = api.tenant("acme");
        String globex = api.tenant("globex");
        String admin = api.key(acme, "admin");
        String readOnly = api.key(acme, "read-only");

        assertEquals(200, api.callAs(admin, "POST", "/api/tenants/" + acme + "/sweep", null).status());
        assertEquals(403, api.callAs(readOnly, "POST", "/api/tenants/" + acme + "/sweep", null).status());
        assertEquals(200, api.callAs(readOnly, "GET", "/api/tenants/" + acme + "/sweeps", null).status());
        for (String key : List.of(admin, readOnly)) {
            assertEquals(404, api.callAs(key, "GET", "/api/tenants/" + globex + "/sweeps", null).status());
        }
        AdminApiHarness.Answer other = api.callAs(admin, "POST", "/api/tenants/" + globex + "/sweep", null);
        assertEquals(404, other.status(), other.toString());
        assertEquals("no tenant with id '" + globex + "'", other.error(), "as a tenant nobody has");
        assertEquals(List.of(acme), api.sweepsRequested, "the other tenant's sweep was never asked for");
    }

    @Test
    void whyTheFunctionDidNotSweepBecomesTheAnswersStatus() throws IOException {
        String tenant = api.tenant("acme");
        record Case(String error, int status) {
        }
        for (Case c : List.of(new Case("not_found", 404), new Case("paused", 409), new Case("disabled", 503),
                new Case("bad_request", 400))) {
            api.sweepAnswer = id -> Optional.of(Json.object().put("error", c.error()).put("message", "because " + c.error()));
            AdminApiHarness.Answer answer = api.call("POST", "/api/tenants/" + tenant + "/sweep", null, java.util.Map.of());
            assertEquals(c.status(), answer.status(), c + ": " + answer);
        }
        api.sweepAnswer = id -> Optional.empty();
        AdminApiHarness.Answer running = api.call("POST", "/api/tenants/" + tenant + "/sweep", null, java.util.Map.of());
        assertEquals(202, running.status(), "still running after the wait: " + running);
        assertTrue(running.json().path("message").asText().contains("GET /api/tenants/" + tenant + "/sweeps"), running.toString());
        api.sweepAnswer = id -> {
            throw new LambdaInvocation.FunctionFailed("the tenant-sweep function failed: Runtime.OutOfMemory");
        };
        AdminApiHarness.Answer failed = api.call("POST", "/api/tenants/" + tenant + "/sweep", null, java.util.Map.of());
        assertEquals(502, failed.status(), failed.toString());
        assertTrue(failed.error().startsWith("the tenant-sweep function failed"), failed.toString());
    }

    @Test
    void aTenantsExecutionRecordsAreListedNewestFirstAPageAtATime() throws IOException {
        String tenant = api.tenant("acme");
        String other = api.tenant("globex");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SweepExecution execution = new SweepExecution("sw_k3v9x2m7q4p" + i, tenant, i == 4 ? SweepTrigger.MANUAL : SweepTrigger.SCHEDULE,
                    AdminApiHandlerTest.NOW.plus(Duration.ofMinutes(30L * i)), 100 + i, List.of(), 0, SweepStatus.ALL_CLEAR);
            log.save(execution);
            ids.add(0, execution.executionId());
        }
        log.save(new SweepExecution("sw_otherothero1", other, SweepTrigger.SCHEDULE, AdminApiHandlerTest.NOW, 1, List.of(), 0,
                SweepStatus.ERROR));

        JsonNode first = api.send("GET", "/api/tenants/" + tenant + "/sweeps?limit=3", null, 200);
        JsonNode second = api.send("GET", "/api/tenants/" + tenant + "/sweeps?limit=3&nextToken="
                + java.net.URLEncoder.encode(first.path("nextToken").asText(), java.nio.charset.StandardCharsets.UTF_8), null, 200);

        List<String> listed = new ArrayList<>();
        first.path("sweeps").forEach(s -> listed.add(s.path("executionId").asText()));
        second.path("sweeps").forEach(s -> listed.add(s.path("executionId").asText()));
        assertEquals(ids, listed, "newest first, this tenant's only");
        assertEquals("manual", first.path("sweeps").path(0).path("trigger").asText());
        api.send("GET", "/api/tenants/" + tenant + "/sweeps?limit=0", null, 400);
    }
}
