package dev.vigil.checks;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.runtime.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One condition over what a check measured, which must hold for the check to be healthy; when it does
 * not, the result is degraded ({@code warn}) or unhealthy ({@code critical}, the default level).
 * Written as one line of a small syntax, parsed by {@link #parse}:
 *
 * <pre>
 *   [warn: | critical:] subject operator [operand]
 *
 *   latencyMs &lt; 500                  status in [200, 204, 300..399]
 *   warn: certificateDays &gt; 21        body contains "ok"
 *   body.$.status == "UP"             body.$.items[0].id exists
 *   usedMemoryBytes &lt;= 1000000000     indicator not in ['major', 'critical']
 * </pre>
 *
 * A subject is a value the check type measures ({@code latencyMs}, {@code status}, ...), {@code body},
 * or a path into a JSON body: {@code body.$} then {@code .name}, {@code [index]} or {@code ["any key"]}
 * steps. Operators: {@code == != < <= > >=}, {@code in} / {@code not in} a list (numbers may be ranges
 * {@code lo..hi}, both ends included), {@code contains} / {@code not contains}, {@code exists} /
 * {@code not exists}. Operands are numbers, strings in double or single quotes, {@code true},
 * {@code false} and {@code null}. A comparison reads in either direction: {@code latencyMs < 500} is the
 * "normal" kind of threshold (too high is bad), {@code certificateDays > 14} the "inverse" one.
 */
public record Condition(Level level, Subject subject, Operator operator, Optional<Operand> operand) {

    /** Parses one condition; throws {@link dev.vigil.domain.InvalidInput} naming what is wrong and where. */
    public static Condition parse(String text) {
        return new ConditionParser(text).parse();
    }

    /** The canonical text: parsing it gives this condition back. */
    @Override
    public String toString() {
        return (level == Level.WARN ? "warn: " : "") + subject + " " + operator.symbol()
                + operand.map(o -> " " + o).orElse("");
    }

    /** What a condition is about: a measured value by name, or a value inside the JSON body. */
    public record Subject(String name, Optional<List<Object>> path) {
        public Subject {
            path = path.map(List::copyOf);
        }

        public static Subject of(String name) {
            return new Subject(name, Optional.empty());
        }

        /** True for {@code body.$...}, a value inside a JSON body. */
        public boolean isBodyPath() {
            return path.isPresent();
        }

        /** The path as a JSON pointer ({@code body.$.items[0].id} is {@code /items/0/id}). */
        public JsonPointer pointer() {
            JsonPointer pointer = JsonPointer.empty();
            for (Object step : path.orElse(List.of())) {
                pointer = step instanceof Integer index ? pointer.appendIndex(index) : pointer.appendProperty((String) step);
            }
            return pointer;
        }

        private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        @Override
        public String toString() {
            if (path.isEmpty()) {
                return name;
            }
            StringBuilder text = new StringBuilder(name).append(".$");
            for (Object step : path.get()) {
                if (step instanceof Integer index) {
                    text.append('[').append(index).append(']');
                } else if (PLAIN_KEY.matcher((String) step).matches()) {
                    text.append('.').append(step);
                } else {
                    text.append('[').append(Json.write(step)).append(']');
                }
            }
            return text.toString();
        }
    }

    /** The operators, with the text that writes them. */
    public enum Operator {
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("in"), NOT_IN("not in"),
        CONTAINS("contains"), NOT_CONTAINS("not contains"), EXISTS("exists"), NOT_EXISTS("not exists");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean ordering() {
            return this == LT || this == LE || this == GT || this == GE;
        }

        public boolean takesList() {
            return this == IN || this == NOT_IN;
        }

        public boolean takesOperand() {
            return this != EXISTS && this != NOT_EXISTS;
        }
    }

    /** The right-hand side: one literal, or a list of literals and number ranges. */
    public sealed interface Operand permits Literal, ListOf {
    }

    /** A number, string, {@code true}, {@code false} or {@code null}, held as JSON. */
    public record Literal(JsonNode value) implements Operand {
        @Override
        public String toString() {
            return value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : Json.write(value);
        }
    }

    /** {@code lo..hi}, both ends included; only inside a list. */
    public record Range(BigDecimal low, BigDecimal high) {
        @Override
        public String toString() {
            return low.stripTrailingZeros().toPlainString() + ".." + high.stripTrailingZeros().toPlainString();
        }
    }

    /** A list for {@code in} and {@code not in}: each item a {@link Literal} or a {@link Range}. */
    public record ListOf(List<Object> items) implements Operand {
        public ListOf {
            items = List.copyOf(items);
        }

        @Override
        public String toString() {
            return items.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
