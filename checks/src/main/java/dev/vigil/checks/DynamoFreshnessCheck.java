package dev.vigil.checks;

import dev.vigil.domain.InvalidInput;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@code dynamodb-freshness}: the newest item of one partition of a DynamoDB table (or of an index) is
 * recent. One query, newest first, one item: {@code keyName} = {@code keyValue} (a string, or a number
 * with {@code keyType} N), sorted by {@code timeAttribute} (the table's or index's sort key), whose
 * value is epoch milliseconds, epoch seconds or ISO-8601 ({@code timeFormat}: epochMillis, epochSeconds
 * or iso8601; default epochMillis). Vigil's own tables are refused. Measures {@code itemFound},
 * {@code ageMinutes} (whole minutes since the newest item's time) and {@code latencyMs}; the default
 * fails when the newest item is an hour old: {@code ageMinutes < 60}.
 */
final class DynamoFreshnessCheck implements CheckType, Probe {
    private static final Pattern TABLE = Pattern.compile("[A-Za-z0-9_.-]{3,255}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[^\\p{Cntrl}]{1,255}");
    private static final List<String> FORMATS = List.of("epochMillis", "epochSeconds", "iso8601");
    private static final List<Condition> DEFAULTS = Conditions.of("itemFound == true", "ageMinutes < 60");

    @Override
    public String name() {
        return "dynamodb-freshness";
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("table", "index", "keyName", "keyValue", "keyType", "timeAttribute", "timeFormat");
    }

    @Override
    public void validate(Settings settings) {
        if (!TABLE.matcher(settings.text("table")).matches()) {
            throw new InvalidInput("settings.table must be a DynamoDB table name (3 to 255 letters, digits, _ . -)");
        }
        settings.optionalText("index").filter(i -> !TABLE.matcher(i).matches()).ifPresent(i -> {
            throw new InvalidInput("settings.index must be a DynamoDB index name");
        });
        for (String attribute : List.of("keyName", "timeAttribute")) {
            if (!ATTRIBUTE.matcher(settings.text(attribute)).matches()) {
                throw new InvalidInput("settings." + attribute + " must be an attribute name");
            }
        }
        String type = settings.choice("keyType", "S", List.of("S", "N"));
        String value = settings.text("keyValue");
        if (type.equals("N") && !value.matches("-?[0-9]+(\\.[0-9]+)?")) {
            throw new InvalidInput("settings.keyValue must be a number when keyType is N");
        }
        settings.choice("timeFormat", "epochMillis", FORMATS);
    }

    @Override
    public Map<String, ValueKind> measures() {
        return Map.of("itemFound", ValueKind.BOOLEAN, "ageMinutes", ValueKind.NUMBER, "latencyMs", ValueKind.NUMBER);
    }

    @Override
    public List<Condition> defaultConditions() {
        return DEFAULTS;
    }

    @Override
    public Measurement probe(ProbeCall call) throws Outbound.Refused {
        Settings settings = call.settings();
        validate(settings);
        String table = settings.text("table");
        if (call.context().refusedTables().contains(table)) {
            throw new Outbound.Refused("refused to check table " + table + ": it is one of Vigil's own tables");
        }
        DynamoDbClient dynamo = call.context().dynamo()
                .orElseThrow(() -> new IllegalStateException("this function has no DynamoDB client for freshness checks"));
        String timeAttribute = settings.text("timeAttribute");
        AttributeValue key = settings.choice("keyType", "S", List.of("S", "N")).equals("N")
                ? AttributeValue.fromN(settings.text("keyValue")) : AttributeValue.fromS(settings.text("keyValue"));
        long start = System.nanoTime();
        QueryResponse response = dynamo.query(q -> {
            q.tableName(table).keyConditionExpression("#k = :v").scanIndexForward(false).limit(1)
                    .projectionExpression("#t")
                    .expressionAttributeNames(Map.of("#k", settings.text("keyName"), "#t", timeAttribute))
                    .expressionAttributeValues(Map.of(":v", key))
                    .overrideConfiguration(o -> o.apiCallTimeout(call.remaining()));
            settings.optionalText("index").ifPresent(q::indexName);
        });
        Measurement.Builder measurement = Measurement.builder()
                .number("latencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        if (response.items().isEmpty()) {
            return measurement.flag("itemFound", false).build();
        }
        measurement.flag("itemFound", true);
        Optional<Instant> newest = time(response.items().get(0).get(timeAttribute), settings.choice("timeFormat", "epochMillis", FORMATS));
        if (newest.isEmpty()) {
            return measurement.problem("the newest item's " + timeAttribute + " is not a time in the configured format").build();
        }
        return measurement.number("ageMinutes", Duration.between(newest.get(), call.context().clock().instant()).toMinutes()).build();
    }

    private static Optional<Instant> time(AttributeValue value, String format) {
        if (value == null) {
            return Optional.empty();
        }
        String text = value.n() != null ? value.n() : value.s();
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (format) {
                case "epochSeconds" -> Instant.ofEpochSecond(Long.parseLong(text.strip()));
                case "iso8601" -> Instant.parse(text.strip());
                default -> Instant.ofEpochMilli(Long.parseLong(text.strip()));
            });
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
