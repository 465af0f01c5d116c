package dev.vigil.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.checks.Condition.ListOf;
import dev.vigil.checks.Condition.Literal;
import dev.vigil.checks.Condition.Operator;
import dev.vigil.checks.Condition.Range;
import dev.vigil.domain.InvalidInput;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The condition syntax: what parses, to what, and the message for what does not. */
class ConditionTest {

    @Test
    void aComparisonWithANumberIsCriticalByDefault() {
        Condition c = Condition.parse("latencyMs < 500");
        assertEquals(Level.CRITICAL, c.level());
        assertEquals("latencyMs", c.subject().name());
        assertEquals(Operator.LT, c.operator());
        assertEquals(0, new BigDecimal("500").compareTo(((Literal) c.operand().orElseThrow()).value().decimalValue()));
    }

    @Test
    void aLevelPrefixMakesAWarning() {
        Condition c = Condition.parse("warn: certificateDays > 14");
        assertEquals(Level.WARN, c.level());
        assertEquals(Operator.GT, c.operator());
        assertEquals(Level.CRITICAL, Condition.parse("critical: certificateDays > 3").level());
    }

    @Test
    void aListMayHoldNumbersAndRanges() {
        Condition c = Condition.parse("status in [200, 204, 300..399]");
        ListOf list = (ListOf) c.operand().orElseThrow();
        assertEquals(3, list.items().size());
        assertEquals(new Range(new BigDecimal("300"), new BigDecimal("399")), list.items().get(2));
    }

    @Test
    void aJsonPathTakesNamesIndexesAndQuotedKeys() {
        Condition c = Condition.parse("body.$.checks[0][\"odd key\"].status == \"UP\"");
        assertTrue(c.subject().isBodyPath());
        assertEquals("/checks/0/odd key/status", c.subject().pointer().toString());
        assertEquals("UP", ((Literal) c.operand().orElseThrow()).value().textValue());
    }

    @Test
    void singleQuotesSpareEscapingInsideJson() {
        assertEquals("UP", ((Literal) Condition.parse("body.$.status == 'UP'").operand().orElseThrow()).value().textValue());
        assertEquals("it's", ((Literal) Condition.parse("body contains 'it\\'s'").operand().orElseThrow()).value().textValue());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "latencyMs < 500|latencyMs < 500",
            "warn:latencyMs<500|warn: latencyMs < 500",
            "critical: status in [200,204]|status in [200, 204]",
            "body.$.status == 'UP'|body.$.status == \"UP\"",
            "body.$[\"a b\"][2] exists|body.$[\"a b\"][2] exists",
            "indicator not in ['major', 'critical']|indicator not in [\"major\", \"critical\"]",
            "body not contains \"error\"|body not contains \"error\"",
            "body.$.data not exists|body.$.data not exists",
            "usedMemoryBytes <= 1000000000|usedMemoryBytes <= 1000000000",
            "value >= -2.50|value >= -2.5",
            "connected == true|connected == true",
            "body.$.error == null|body.$.error == null",
            "status != 503|status != 503"})
    void theCanonicalTextParsesBackToTheSameCondition(String written, String canonical) {
        Condition parsed = Condition.parse(written);
        assertEquals(canonical, parsed.toString());
        assertEquals(parsed, Condition.parse(parsed.toString()));
    }

    /** Each bad condition, and words its message must contain: what is wrong and where. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|is empty|",
            "latencyMs <|expected a value after '<'|at character 12",
            "latencyMs < fast|quote text|\"fast\"",
            "latencyMs = 500|'=' is not an operator; compare with '=='|",
            "latencyMs lt 500|expected an operator|found 'lt'",
            "status in 200|takes a list such as [200, 204]|",
            "status == [200]|takes one value; use 'in [...]'|",
            "status in []|at least one value|",
            "status in [200, 204|expected ',' or ']'|",
            "status in [299..200]|from the lower number to the higher|",
            "status in ['a'..'b']|a range is two numbers|",
            "body.$.status == \"UP|a string is not closed|",
            "body.status == 1|starts with 'body.$'|",
            "body.$. == 1|expected a key after '.'|",
            "body.$[x] == 1|an index or a quoted key|",
            "loud: latencyMs < 5|a level must be warn or critical|",
            "latencyMs < 5 and status == 200|expected the end of the condition|found 'and'",
            "latencyMs < 1e9|without exponents|",
            "latencyMs < 500ms|a number runs into a word|",
            "latencyMs|expected an operator|found the end",
            "x not equal 1|expected in, contains or exists after 'not'|",
            "latencyMs < 5 # x|unexpected character '#'|",
            "'latencyMs' < 5|expected the name of a measured value|"})
    void aBadConditionIsRefusedWithAMessageNamingTheProblem(String text, String expected, String alsoExpected) {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Condition.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        if (alsoExpected != null) {
            assertTrue(e.getMessage().contains(alsoExpected), e.getMessage());
        }
    }

    @Test
    void theMessageQuotesTheConditionAndTheCharacter() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Condition.parse("latencyMs <"));
        assertEquals("condition \"latencyMs <\": expected a value after '<' (a number, a quoted string, true, false or null),"
                + " found the end (at character 12)", e.getMessage());
    }

    @Test
    void aVeryLongConditionIsRefused() {
        InvalidInput e = assertThrows(InvalidInput.class, () -> Condition.parse("body contains '" + "x".repeat(600) + "'"));
        assertTrue(e.getMessage().contains("at most 500 characters"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"exists", "not exists"})
    void existenceTakesNoOperand(String operator) {
        Condition c = Condition.parse("body.$.data " + operator);
        assertFalse(c.operand().isPresent());
        assertFalse(c.operator().takesOperand());
    }

    @Test
    void conditionsParseAsAListUpToTwenty() {
        assertEquals(2, Conditions.parseAll(List.of("latencyMs < 5", "status == 200")).size());
        InvalidInput e = assertThrows(InvalidInput.class, () -> Conditions.parseAll(java.util.Collections.nCopies(21, "status == 200")));
        assertTrue(e.getMessage().contains("at most 20 conditions"), e.getMessage());
    }
}
