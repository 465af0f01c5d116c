package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.checks.Conditions.Evaluation;
import dev.vigil.domain.InvalidInput;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Conditions checked against a type, merged with overrides, and evaluated in both directions. */
class ConditionsTest {
    private static final CheckType HTTP = CheckTypes.require("http");
    private static final CheckType TLS = CheckTypes.require("tls");

    private static Measurement http(int status, long latency, String body) {
        return Measurement.builder().flag("connected", true).number("status", status).number("latencyMs", latency).body(body).build();
    }

    private static Evaluation evaluate(Measurement m, String... conditions) {
        return Conditions.evaluate(Conditions.of(conditions), m);
    }

    @Test
    void aNormalThresholdFailsWhenTheValueIsTooHigh() {
        assertEquals(CheckStatus.HEALTHY, evaluate(http(200, 499, ""), "latencyMs < 500").status());
        Evaluation slow = evaluate(http(200, 500, ""), "latencyMs < 500");
        assertEquals(CheckStatus.UNHEALTHY, slow.status());
        assertEquals("was 500", slow.failed().get(0).actual());
    }

    @Test
    void anInverseThresholdFailsWhenTheValueIsTooLow() {
        Measurement soon = Measurement.builder().number("certificateDays", 10).build();
        Measurement later = Measurement.builder().number("certificateDays", 40).build();
        assertEquals(CheckStatus.DEGRADED, evaluate(soon, "warn: certificateDays > 14", "certificateDays > 7").status());
        assertEquals(CheckStatus.HEALTHY, evaluate(later, "warn: certificateDays > 14", "certificateDays > 7").status());
        Measurement expiring = Measurement.builder().number("certificateDays", 3).build();
        Evaluation evaluation = evaluate(expiring, "warn: certificateDays > 14", "certificateDays > 7");
        assertEquals(CheckStatus.UNHEALTHY, evaluation.status());
        assertEquals("certificateDays > 7", evaluation.failed().get(0).condition().toString(), "the critical one comes first");
        assertEquals(2, evaluation.failed().size());
    }

    @Test
    void aWarningMakesDegradedAndACriticalFailureUnhealthy() {
        assertEquals(CheckStatus.DEGRADED, evaluate(http(200, 900, ""), "status == 200", "warn: latencyMs < 500").status());
        assertEquals(CheckStatus.UNHEALTHY, evaluate(http(503, 900, ""), "status == 200", "warn: latencyMs < 500").status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "status in [200, 204]|204|true",
            "status in [200, 204]|201|false",
            "status in [200..299]|299|true",
            "status not in [500..599]|503|false",
            "status != 503|503|false",
            "status >= 200|200|true",
            "status <= 199|200|false"})
    void statusCodesAreMatchedByListsRangesAndComparisons(String condition, int status, boolean holds) {
        assertEquals(holds ? CheckStatus.HEALTHY : CheckStatus.UNHEALTHY, evaluate(http(status, 1, ""), condition).status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "body contains 'ok'|true",
            "body contains 'down'|false",
            "body not contains 'error'|true",
            "body.$.status == 'UP'|true",
            "body.$.status != 'UP'|false",
            "body.$.checks[1].name == 'db'|true",
            "body.$.checks[1].lagSeconds < 30|true",
            "body.$.checks[1].lagSeconds < 3|false",
            "body.$.checks exists|true",
            "body.$.missing exists|false",
            "body.$.missing not exists|true",
            "body.$.tags contains 'blue'|true",
            "body.$.status in ['UP', 'DEGRADED']|true",
            "body.$.count == 2|true",
            "body.$.count == 2.0|true",
            "body.$.status < 5|false"})
    void theBodyIsSearchedAsTextAndAsJson(String condition, boolean holds) {
        String body = "{\"status\":\"UP\",\"note\":\"ok\",\"count\":2,\"tags\":[\"blue\"],"
                + "\"checks\":[{\"name\":\"web\"},{\"name\":\"db\",\"lagSeconds\":12}]}";
        assertEquals(holds ? CheckStatus.HEALTHY : CheckStatus.UNHEALTHY, evaluate(http(200, 1, body), condition).status());
    }

    @Test
    void aValueThatWasNotMeasuredFailsItsCondition() {
        Measurement refused = Measurement.builder().flag("connected", false).problem("could not connect").build();
        Evaluation evaluation = evaluate(refused, "status in [200..299]", "connected == true");
        assertEquals(CheckStatus.UNHEALTHY, evaluation.status());
        assertEquals("was not measured", evaluation.failed().get(0).actual());
        assertEquals("is absent from the body", evaluate(http(200, 1, "{}"), "body.$.status == 'UP'").failed().get(0).actual());
        assertEquals("is absent from the body", evaluate(http(200, 1, "not json"), "body.$.status == 'UP'").failed().get(0).actual());
    }

    @Test
    void aNumericComparisonWithTextSaysTheValueIsNotANumber() {
        Evaluation e = evaluate(http(200, 1, "{\"lag\":\"12\"}"), "body.$.lag < 30");
        assertEquals("was \"12\", not a number", e.failed().get(0).actual());
    }

    @Test
    void theTypeRefusesAConditionOnSomethingItDoesNotMeasure() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Conditions.validate(HTTP, Conditions.of("latncyMs < 500")));
        assertEquals("condition \"latncyMs < 500\": http checks measure no 'latncyMs'; they measure connected, latencyMs,"
                + " status, body, body.$<path>", e.getMessage());
        InvalidInput noBody = assertThrows(InvalidInput.class, () -> Conditions.validate(TLS, Conditions.of("body contains 'x'")));
        assertTrue(noBody.getMessage().contains("tls checks measure no 'body'"), noBody.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "latencyMs == 'fast'|latencyMs is a number; compare it with a number, not \"fast\"",
            "connected == 1|connected is true or false; compare it with true or false, not 1",
            "status in [200, 'ok']|the list may hold only numbers and ranges",
            "body < 5|only numbers can be compared with <",
            "status contains '2'|contains looks inside text or a list; status is a number",
            "body in ['a']|use contains to look inside the body's text"})
    void theTypeRefusesAComparisonOfTheWrongKind(String condition, String message) {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Conditions.validate(HTTP, Conditions.of(condition)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void everyTypesDefaultsAreValidForIt() {
        for (CheckType type : CheckTypes.all()) {
            Conditions.validate(type, type.defaultConditions());
        }
    }

    @Test
    void anOverrideReplacesTheDefaultsOnTheSameMeasuredValueWhateverTheirLevel() {
        List<Condition> defaults = Conditions.of("connected == true", "status in [200..299]", "warn: latencyMs < 2000",
                "latencyMs < 10000");
        List<Condition> merged = Conditions.merge(defaults, Conditions.of("warn: latencyMs < 300"));
        assertEquals(List.of("connected == true", "status in [200..299]", "warn: latencyMs < 300"),
                merged.stream().map(Condition::toString).toList());
    }

    @Test
    void theChecksOwnConditionsWinOverTheTenantsWhichWinOverTheDefaults() {
        List<Condition> effective = Conditions.effective(HTTP, Conditions.of("warn: latencyMs < 800", "status in [200, 204]"),
                Conditions.of("status == 204", "body.$.status == 'UP'"));
        assertEquals(List.of("connected == true", "warn: latencyMs < 800", "status == 204", "body.$.status == \"UP\""),
                effective.stream().map(Condition::toString).toList());
        assertEquals(CheckStatus.DEGRADED, Conditions.evaluate(effective, http(204, 900, "{\"status\":\"UP\"}")).status());
    }

    @Test
    void theInverseDefaultOfTlsCanBeTightenedByATenant() {
        List<Condition> effective = Conditions.effective(TLS, Conditions.of("warn: certificateDays > 30"), List.of());
        Measurement m = Measurement.builder().flag("connected", true).flag("certificateTrusted", true).number("certificateDays", 25).build();
        assertEquals(CheckStatus.DEGRADED, Conditions.evaluate(effective, m).status());
        assertEquals(CheckStatus.HEALTHY, Conditions.evaluate(TLS.defaultConditions(), m).status());
    }
}
