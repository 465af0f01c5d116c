package dev.vigil.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplicationRequestTest {
    private static ApplicationRequest create(String json) throws Exception {
        return ApplicationRequest.forCreate(Json.parse(json));
    }

    private static String createError(String json) {
        return assertThrows(InvalidInput.class, () -> create(json)).getMessage();
    }

    @Test
    void acceptsTheDocumentedBody() throws Exception {
        ApplicationRequest r = create("{\"name\": \" nightly backup \", \"intervalSeconds\": 300, \"graceSeconds\": 60}");
        assertEquals(Optional.of("nightly backup"), r.name());
        assertEquals(Optional.of(300L), r.intervalSeconds());
        assertEquals(Optional.of(60L), r.graceSeconds());
    }

    @Test
    void missingNameAndIntervalAreBothReported() {
        String error = createError("{}");
        assertTrue(error.contains("name is required") && error.contains("intervalSeconds is required"), error);
    }

    @Test
    void nonPositiveIntervalIsRejected() {
        assertTrue(createError("{\"name\":\"a\",\"intervalSeconds\":0}").contains("intervalSeconds must be between"));
        assertTrue(createError("{\"name\":\"a\",\"intervalSeconds\":-5}").contains("intervalSeconds must be between"));
    }

    @Test
    void wrongTypesAreRejected() {
        assertTrue(createError("{\"name\":\"a\",\"intervalSeconds\":\"300\"}").contains("whole number"));
        assertTrue(createError("{\"name\":\"a\",\"intervalSeconds\":30.5}").contains("whole number"));
        assertTrue(createError("{\"name\":7,\"intervalSeconds\":30}").contains("name must be a string"));
        assertTrue(createError("{\"name\":\"a\",\"intervalSeconds\":30,\"active\":\"yes\"}").contains("active must be"));
    }

    @Test
    void unknownFieldsAreRejected() {
        assertTrue(createError("{\"name\":\"a\",\"intervalSeconds\":30,\"colour\":\"red\"}").contains("unknown field 'colour'"));
    }

    @Test
    void overlongOrBlankNamesAreRejected() {
        assertTrue(createError("{\"name\":\"" + "x".repeat(101) + "\",\"intervalSeconds\":30}").contains("at most 100"));
        assertTrue(createError("{\"name\":\"   \",\"intervalSeconds\":30}").contains("blank"));
    }

    @Test
    void nonObjectBodiesAreRejected() {
        assertTrue(createError("[1,2]").contains("JSON object"));
    }

    @Test
    void updateAcceptsFieldsTheApiReturned() throws Exception {
        ApplicationRequest r = ApplicationRequest.forUpdate(Json.parse(
                "{\"id\":\"app_x\",\"uuid\":\"u\",\"status\":\"up\",\"graceSeconds\":5}"));
        assertEquals(Optional.of(5L), r.graceSeconds());
        assertEquals(Optional.empty(), r.name());
    }

    @Test
    void runtimeLimitsAreReadAsSecondsOrNull() throws Exception {
        ApplicationRequest r = ApplicationRequest.forUpdate(Json.parse("{\"minRuntimeSeconds\": 30, \"maxRuntimeSeconds\": null}"));
        assertEquals(Optional.of(Optional.of(java.time.Duration.ofSeconds(30))), r.runtime().min());
        assertEquals(Optional.of(Optional.empty()), r.runtime().max());
    }

    @Test
    void negativeMinimumRuntimeIsRejected() {
        assertTrue(createError("{\"name\": \"a\", \"intervalSeconds\": 60, \"minRuntimeSeconds\": -1}")
                .contains("minRuntimeSeconds"));
    }
}
