package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.checks.Condition.ListOf;
import dev.vigil.checks.Condition.Literal;
import dev.vigil.checks.Condition.Operator;
import dev.vigil.checks.Condition.Range;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Conditions as a list: parsed and checked against a check type (so a bad one is refused when saved,
 * naming the problem), merged (a tenant's or a check's condition replaces the defaults on the same
 * measured value), and evaluated against a {@link Measurement}.
 */
public final class Conditions {
    /** The most conditions one check or one override list may have. */
    public static final int MAX = 20;
    /** The most of an actual value that a failed condition quotes, before sanitising. */
    static final int MAX_SHOWN = 80;

    private Conditions() {
    }

    /** A failed condition and the value it found ("was 503", "was not measured"). */
    public record Failed(Condition condition, String actual) {
        public Level level() {
            return condition.level();
        }
    }

    /** The status the conditions give (healthy, degraded or unhealthy) and those that failed, worst first. */
    public record Evaluation(CheckStatus status, List<Failed> failed) {
        public Evaluation {
            failed = List.copyOf(failed);
        }
    }

    /** Parses each of the texts: for a check type's defaults, written in code. */
    public static List<Condition> of(String... texts) {
        return parseAll(List.of(texts));
    }

    /** Parses each text ({@link Condition#parse}); throws {@link InvalidInput} for the first bad one. */
    public static List<Condition> parseAll(Collection<String> texts) {
        if (texts.size() > MAX) {
            throw new InvalidInput("at most " + MAX + " conditions, not " + texts.size());
        }
        return texts.stream().map(Condition::parse).toList();
    }

    /**
     * Checks that every condition is about something {@code type} measures and compares it with a value
     * of the right kind; throws {@link InvalidInput} naming the condition and the problem.
     */
    public static void validate(CheckType type, List<Condition> conditions) {
        if (conditions.size() > MAX) {
            throw new InvalidInput("at most " + MAX + " conditions, not " + conditions.size());
        }
        for (Condition condition : conditions) {
            validate(type, condition);
        }
    }

    /** As {@link #validate(CheckType, List)} for one condition. */
    public static void validate(CheckType type, Condition condition) {
        ValueKind kind = kind(type, condition);
        Operator op = condition.operator();
        String problem = switch (op) {
            case EXISTS, NOT_EXISTS -> null;
            case LT, LE, GT, GE -> kind == ValueKind.NUMBER || kind == ValueKind.JSON
                    ? literalKind(condition, true, false, false, false) : "only numbers can be compared with " + op.symbol();
            case EQ, NE -> switch (kind) {
                case NUMBER -> literalKind(condition, true, false, false, false);
                case STRING, TEXT -> literalKind(condition, false, true, false, false);
                case BOOLEAN -> literalKind(condition, false, false, true, false);
                case LIST -> "a list of strings is tested with contains, not " + op.symbol();
                case JSON -> null;
            };
            case IN, NOT_IN -> switch (kind) {
                case NUMBER -> listKinds(condition, true, false, false);
                case STRING -> listKinds(condition, false, true, false);
                case BOOLEAN -> listKinds(condition, false, false, true);
                case JSON -> null;
                case TEXT, LIST -> "use contains to look inside " + kind.description();
            };
            case CONTAINS, NOT_CONTAINS -> switch (kind) {
                case STRING, TEXT, LIST -> literalKind(condition, false, true, false, false);
                case JSON -> null;
                case NUMBER, BOOLEAN -> op.symbol() + " looks inside text or a list; " + condition.subject()
                        + " is " + kind.description();
            };
        };
        if (problem != null) {
            throw new InvalidInput("condition \"" + condition + "\": " + problem);
        }
    }

    /**
     * The conditions in force: {@code base} without those about a measured value that {@code overrides}
     * also speaks of, then {@code overrides}. The tenant's overrides merge over the type's defaults, and
     * a check's own conditions over the result: the most specific word on a value wins, whatever its level.
     */
    public static List<Condition> merge(List<Condition> base, List<Condition> overrides) {
        Set<String> overridden = overrides.stream().map(c -> c.subject().toString()).collect(Collectors.toSet());
        List<Condition> merged = new ArrayList<>();
        base.stream().filter(c -> !overridden.contains(c.subject().toString())).forEach(merged::add);
        merged.addAll(overrides);
        return List.copyOf(merged);
    }

    /** The conditions a check runs with: the type's defaults, then the tenant's overrides, then its own. */
    public static List<Condition> effective(CheckType type, List<Condition> tenantOverrides, List<Condition> own) {
        return merge(merge(type.defaultConditions(), tenantOverrides), own);
    }

    /** Evaluates every condition; a failed one makes the result degraded (warn) or unhealthy (critical). */
    public static Evaluation evaluate(List<Condition> conditions, Measurement measurement) {
        List<Failed> failed = new ArrayList<>();
        CheckStatus status = CheckStatus.HEALTHY;
        for (Condition condition : conditions) {
            Optional<String> why = failure(condition, measurement.value(condition.subject()));
            if (why.isPresent()) {
                failed.add(new Failed(condition, why.get()));
                status = status.worse(condition.level().status());
            }
        }
        failed.sort((a, b) -> b.level().compareTo(a.level()));
        return new Evaluation(status, failed);
    }

    /** Why {@code condition} does not hold for {@code actual}, or empty when it holds. */
    static Optional<String> failure(Condition condition, Optional<JsonNode> actual) {
        Operator op = condition.operator();
        if (op == Operator.EXISTS) {
            return actual.isPresent() ? Optional.empty() : Optional.of(absent(condition));
        }
        if (op == Operator.NOT_EXISTS) {
            return actual.isEmpty() ? Optional.empty() : Optional.of("was " + shown(actual.get()));
        }
        if (actual.isEmpty()) {
            return Optional.of(absent(condition));
        }
        JsonNode value = actual.get();
        boolean holds = switch (op) {
            case EQ -> equal(value, literal(condition));
            case NE -> !equal(value, literal(condition));
            case LT, LE, GT, GE -> {
                if (!value.isNumber()) {
                    yield false;
                }
                int order = value.decimalValue().compareTo(literal(condition).decimalValue());
                yield switch (op) {
                    case LT -> order < 0;
                    case LE -> order <= 0;
                    case GT -> order > 0;
                    default -> order >= 0;
                };
            }
            case IN -> inList(value, (ListOf) condition.operand().orElseThrow());
            case NOT_IN -> !inList(value, (ListOf) condition.operand().orElseThrow());
            case CONTAINS -> contains(value, literal(condition));
            case NOT_CONTAINS -> !contains(value, literal(condition));
            case EXISTS, NOT_EXISTS -> throw new IllegalStateException("handled above");
        };
        if (holds) {
            return Optional.empty();
        }
        if (op.ordering() && !value.isNumber()) {
            return Optional.of("was " + shown(value) + ", not a number");
        }
        if (op == Operator.CONTAINS && value.isTextual() && condition.subject().name().equals("body") && !condition.subject().isBodyPath()) {
            return Optional.of("the body did not contain it");
        }
        if (op == Operator.NOT_CONTAINS && value.isTextual() && condition.subject().name().equals("body") && !condition.subject().isBodyPath()) {
            return Optional.of("the body contained it");
        }
        return Optional.of("was " + shown(value));
    }

    private static String absent(Condition condition) {
        return condition.subject().isBodyPath() ? "is absent from the body" : "was not measured";
    }

    private static JsonNode literal(Condition condition) {
        return ((Literal) condition.operand().orElseThrow()).value();
    }

    private static boolean equal(JsonNode actual, JsonNode expected) {
        if (actual.isNumber() && expected.isNumber()) {
            return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
        }
        return actual.equals(expected);
    }

    private static boolean inList(JsonNode actual, ListOf list) {
        for (Object item : list.items()) {
            if (item instanceof Range range) {
                if (actual.isNumber()) {
                    BigDecimal n = actual.decimalValue();
                    if (n.compareTo(range.low()) >= 0 && n.compareTo(range.high()) <= 0) {
                        return true;
                    }
                }
            } else if (equal(actual, ((Literal) item).value())) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode actual, JsonNode expected) {
        if (actual.isTextual() && expected.isTextual()) {
            return actual.textValue().contains(expected.textValue());
        }
        if (actual.isArray()) {
            for (JsonNode element : actual) {
                if (equal(element, expected)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A short rendering of a value, cut at {@value #MAX_SHOWN} characters (sanitised later with the rest). */
    static String shown(JsonNode value) {
        String text = value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : Json.write(value);
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "...";
    }

    private static ValueKind kind(CheckType type, Condition condition) {
        Condition.Subject subject = condition.subject();
        if (type.readsBody() && subject.name().equals("body")) {
            return subject.isBodyPath() ? ValueKind.JSON : ValueKind.TEXT;
        }
        ValueKind kind = type.measures().get(subject.name());
        if (kind == null || subject.isBodyPath()) {
            Set<String> known = new LinkedHashSet<>(new TreeSet<>(type.measures().keySet()));
            if (type.readsBody()) {
                known.add("body");
                known.add("body.$<path>");
            }
            String what = subject.isBodyPath() ? "have no JSON body to look into with '" + subject + "'"
                    : "measure no '" + subject.name() + "'";
            throw new InvalidInput("condition \"" + condition + "\": " + type.name() + " checks " + what
                    + "; they measure " + String.join(", ", known));
        }
        return kind;
    }

    private static String literalKind(Condition condition, boolean number, boolean string, boolean bool, boolean isNull) {
        JsonNode value = literal(condition);
        if ((number && value.isNumber()) || (string && value.isTextual()) || (bool && value.isBoolean()) || (isNull && value.isNull())) {
            return null;
        }
        return condition.subject() + " is " + expectedKind(number, string, bool) + "; compare it with "
                + (number ? "a number" : string ? "a quoted string" : "true or false") + ", not " + Json.write(value);
    }

    private static String listKinds(Condition condition, boolean number, boolean string, boolean bool) {
        for (Object item : ((ListOf) condition.operand().orElseThrow()).items()) {
            boolean fits = item instanceof Range ? number : switch (((Literal) item).value().getNodeType()) {
                case NUMBER -> number;
                case STRING -> string;
                case BOOLEAN -> bool;
                default -> false;
            };
            if (!fits) {
                return condition.subject() + " is " + expectedKind(number, string, bool) + "; the list may hold only "
                        + (number ? "numbers and ranges" : string ? "quoted strings" : "true and false") + ", not " + item;
            }
        }
        return null;
    }

    private static String expectedKind(boolean number, boolean string, boolean bool) {
        return number ? "a number" : string ? "text" : "true or false";
    }
}
