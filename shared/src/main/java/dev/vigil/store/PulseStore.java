package dev.vigil.store;

import static dev.vigil.store.Attr.bool;
import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.Component;
import dev.vigil.domain.Pulse;
import dev.vigil.domain.WireName;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The last pulse of each of Vigil's scheduled functions, one item per component (keyed by its wire name,
 * {@code component}) in the table {@code PULSE_TABLE} names, overwritten by every run. The only place
 * that builds or reads a pulse item.
 */
public final class PulseStore {
    public static final String TABLE_SETTING = "PULSE_TABLE";

    private final DynamoDbClient dynamo;
    private final String table;

    public PulseStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** Replaces the component's last pulse with {@code pulse} (one PutItem). */
    public void record(Pulse pulse) {
        Map<String, AttributeValue> counts = new HashMap<>();
        pulse.counts().forEach((name, value) -> counts.put(name, n(value)));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("component", s(pulse.component().wire()));
        item.put("at", millis(pulse.at()));
        item.put("status", s(pulse.outcome().wire()));
        item.put("disabled", bool(pulse.disabled()));
        item.put("counts", AttributeValue.fromM(counts));
        item.put("errors", AttributeValue.fromL(pulse.errors().stream().map(Attr::s).toList()));
        item.put("scheduleSeconds", n(pulse.schedule().toSeconds()));
        item.put("nextExpected", millis(pulse.nextExpected()));
        dynamo.putItem(p -> p.tableName(table).item(item));
    }

    /** The component's last pulse, if it ever recorded one. */
    public Optional<Pulse> find(Component component) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table)
                .key(Map.of("component", s(component.wire()))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(component, item));
    }

    /** The last pulse of every component that ever recorded one. */
    public Map<Component, Pulse> all() {
        Map<Component, Pulse> pulses = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            find(component).ifPresent(pulse -> pulses.put(component, pulse));
        }
        return pulses;
    }

    private static Pulse read(Component component, Map<String, AttributeValue> item) {
        Map<String, Long> counts = new HashMap<>();
        AttributeValue stored = item.get("counts");
        if (stored != null && stored.hasM()) {
            stored.m().forEach((name, value) -> counts.put(name, Long.parseLong(value.n())));
        }
        AttributeValue errors = item.get("errors");
        List<String> texts = errors != null && errors.hasL() ? errors.l().stream().map(AttributeValue::s).toList() : List.of();
        return new Pulse(component, Attr.instant(item, "at").orElseThrow(),
                WireName.parse(Pulse.Outcome.class, Attr.string(item, "status")).orElse(Pulse.Outcome.ERROR),
                Attr.flag(item, "disabled", false), counts, texts,
                Duration.ofSeconds(Attr.number(item, "scheduleSeconds", 60)));
    }
}
