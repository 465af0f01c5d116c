package dev.vigil.store;

import static dev.vigil.store.Attr.bool;
import static dev.vigil.store.Attr.millis;
import static dev.vigil.store.Attr.n;
import static dev.vigil.store.Attr.s;

import dev.vigil.domain.Application;
import dev.vigil.domain.BeatDetail;
import dev.vigil.domain.Runs;
import dev.vigil.domain.SignalKind;
import dev.vigil.domain.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one conditional update that records a beat of an active application, by its signal and by what
 * the write assumes of the item ({@link Shape}). The first write assumes the common case (not down, or
 * down with the recovery threshold reached; the map of open runs present when a run id is used); when
 * its condition fails, the item DynamoDB returns says which shape to write instead. The facts the shape
 * assumed are in the condition, so a racing change makes the write fail rather than write wrongly.
 *
 * <p>Every beat sets {@code lastSignalAt} (its receipt time), its method and origin, and what it said
 * ({@code lastSignal}, {@code lastExitCode}, {@code lastRid}; absent for a plain success), and counts
 * itself in {@code beats}: the stream consumer reads these from the item's images. A success or a fail
 * is a beat for the deadline ({@code lastHeartbeat}); a start or a log is not.
 */
final class SignalUpdate {
    /** How the map of open runs with a run id looks to the write. */
    enum RunsMap {
        PRESENT, ABSENT, FULL
    }

    /**
     * What the write assumes: {@code down} — the application is down and stays down (a success that does
     * not reach the recovery threshold, or a failure of a down application); {@code runs} — the state of
     * the map of open runs, which matters only with a run id; {@code evict} — the run a start closes
     * when the map is full, with its start; {@code aboveRate} — the beat is stored although it is above
     * the {@link BeatRate} ({@link #mustBeStored}), so the write has no rate condition.
     */
    record Shape(boolean down, RunsMap runs, Optional<Map.Entry<String, AttributeValue>> evict, boolean aboveRate) {
        static final Shape COMMON = new Shape(false, RunsMap.PRESENT, Optional.empty(), false);

        /** The shape the item {@code old} (returned by a failed write) calls for; {@code aboveRate} as above. */
        static Shape of(Map<String, AttributeValue> old, BeatDetail detail, boolean aboveRate) {
            Application app = ApplicationStore.fromItem(old);
            boolean down = app.status() == Status.DOWN
                    && (detail.kind() == SignalKind.FAIL
                    || detail.kind() == SignalKind.SUCCESS && app.run().successStreak() < recoveryAfter(old));
            AttributeValue runs = old.get("runs");
            if (runs == null) {
                return new Shape(down, RunsMap.ABSENT, Optional.empty(), aboveRate);
            }
            if (!runs.hasM()) {
                // An empty map (its last run ended) reads back with no type set.
                return new Shape(down, RunsMap.PRESENT, Optional.empty(), aboveRate);
            }
            Optional<String> evicted = detail.kind() == SignalKind.START && detail.rid().isPresent()
                    ? Runs.evictedBy(app.run(), detail.rid().get()) : Optional.empty();
            return evicted.map(rid -> new Shape(down, RunsMap.FULL, Optional.of(Map.entry(rid, runs.m().get(rid))), aboveRate))
                    .orElse(new Shape(down, RunsMap.PRESENT, Optional.empty(), aboveRate));
        }

        private static long recoveryAfter(Map<String, AttributeValue> old) {
            return old.containsKey("recoveryAfter") ? Attr.number(old, "recoveryAfter", 0) : 0;
        }
    }

    final String update;
    final String condition;
    final Map<String, String> names = new HashMap<>();
    final Map<String, AttributeValue> values = new HashMap<>();

    /**
     * Whether the {@link BeatRate} applies to {@code beat}: a success or a log may be coalesced when they
     * come too fast; a start, a failure or an exit code other than 0 always counts.
     */
    static boolean coalescible(HeartbeatLog.Beat beat, BeatRate rate) {
        SignalKind kind = beat.detail().kind();
        return rate.on() && (kind == SignalKind.SUCCESS || kind == SignalKind.LOG);
    }

    /**
     * Whether a beat above the {@link BeatRate} to the active application {@code item} must be stored all
     * the same, because coalescing it would lose what it does: a beat to a down application (it may end
     * the outage; it is never coalesced), or a success that ends a run in progress (its run id's run, or
     * without a run id every run), which would otherwise stay open and time out.
     */
    static boolean mustBeStored(Map<String, AttributeValue> item, BeatDetail detail) {
        Application app = ApplicationStore.fromItem(item);
        if (app.status() == Status.DOWN) {
            return true;
        }
        if (detail.kind() != SignalKind.SUCCESS) {
            return false;
        }
        return detail.rid().map(rid -> app.run().runs().containsKey(rid)).orElse(app.run().started());
    }

    /**
     * Whether a beat to the paused application {@code item} resumes it: any success (with or without an
     * exit code 0, a body, metadata or a run id), unless the application has {@code manualResume}.
     */
    static boolean resumes(Map<String, AttributeValue> item, BeatDetail detail) {
        return detail.kind() == SignalKind.SUCCESS && !Attr.flag(item, "manualResume", false);
    }

    /** The write of a beat under no beat rate. */
    SignalUpdate(HeartbeatLog.Beat beat, String shard, Shape shape) {
        this(beat, shard, shape, BeatRate.OFF);
    }

    SignalUpdate(HeartbeatLog.Beat beat, String shard, Shape shape, BeatRate rate) {
        BeatDetail detail = beat.detail();
        SignalKind kind = detail.kind();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        List<String> add = new ArrayList<>(List.of("beats :one"));
        List<String> conditions = new ArrayList<>(List.of("attribute_exists(#u)", "active = :true"));
        names.put("#u", "uuid");
        names.put("#runs", "runs");
        values.put(":now", millis(beat.receivedAt()));
        values.put(":method", s(beat.method()));
        values.put(":one", n(1));
        values.put(":true", bool(true));

        set.add("lastSignalAt = :now");
        set.add("lastMethod = :method");
        optional(set, remove, "lastSourceIp", ":ip", beat.sourceIp().map(HeartbeatLog::truncate).map(Attr::s));
        optional(set, remove, "lastUserAgent", ":agent", beat.userAgent().map(HeartbeatLog::truncate).map(Attr::s));
        optional(set, remove, "lastSignal", ":signal",
                kind == SignalKind.SUCCESS ? Optional.empty() : Optional.of(s(kind.wire())));
        optional(set, remove, "lastExitCode", ":code", detail.exitCode().map(code -> n(code)));
        optional(set, remove, "lastRid", ":rid", detail.rid().map(Attr::s));
        optional(set, remove, "lastPayload", ":payload", detail.hasPayload() ? Optional.of(bool(true)) : Optional.empty());

        if (kind.endsRun()) {
            set.add("lastHeartbeat = :now");
            values.put(":zero", n(0));
            if (!shape.down()) {
                set.add("dueShard = :shard");
                set.add("dueAt = :now + windowMillis");
                values.put(":shard", s(shard));
            }
            values.put(":down", s(Status.DOWN.wire()));
            names.put("#status", "status");
            if (kind == SignalKind.SUCCESS) {
                set.add("failStreak = :zero");
                add.add("successStreak :one");
                if (shape.down()) {
                    conditions.add("#status = :down AND attribute_exists(recoveryAfter)"
                            + " AND (attribute_not_exists(successStreak) OR successStreak < recoveryAfter)");
                } else {
                    set.add("#status = :up");
                    values.put(":up", s(Status.UP.wire()));
                    conditions.add("(#status <> :down OR attribute_not_exists(recoveryAfter) OR successStreak >= recoveryAfter)");
                }
            } else {
                set.add("successStreak = :zero");
                set.add("lastFailAt = :now");
                add.add("failStreak :one");
                conditions.add(shape.down() ? "#status = :down" : "#status <> :down");
            }
            if (detail.rid().isEmpty()) {
                remove.add("startedAt");
                remove.add("startedRid");
                remove.add("#runs");
            } else if (shape.runs() != RunsMap.ABSENT) {
                names.put("#rid", detail.rid().get());
                remove.add("#runs.#rid");
                conditions.add("attribute_exists(#runs)");
            } else {
                conditions.add("attribute_not_exists(#runs)");
            }
        } else if (kind == SignalKind.START) {
            if (detail.rid().isEmpty()) {
                set.add("startedAt = :now");
                remove.add("startedRid");
            } else {
                String rid = detail.rid().get();
                names.put("#rid", rid);
                values.put(":max", n(Runs.MAX_OPEN_RUNS));
                switch (shape.runs()) {
                    case ABSENT -> {
                        set.add("#runs = :opened");
                        values.put(":opened", AttributeValue.fromM(Map.of(rid, millis(beat.receivedAt()))));
                        conditions.add("attribute_not_exists(#runs)");
                        values.remove(":max");
                    }
                    case PRESENT -> {
                        set.add("#runs.#rid = :now");
                        conditions.add("attribute_exists(#runs) AND (size(#runs) < :max OR attribute_exists(#runs.#rid))");
                    }
                    case FULL -> {
                        Map.Entry<String, AttributeValue> evict = shape.evict().orElseThrow();
                        set.add("#runs.#rid = :now");
                        remove.add("#runs.#evict");
                        names.put("#evict", evict.getKey());
                        values.put(":evictAt", evict.getValue());
                        conditions.add("size(#runs) = :max AND #runs.#evict = :evictAt");
                    }
                }
            }
        }
        if (coalescible(beat, rate)) {
            // Stored within the rate (or above it, when it must be: then without the rate's condition): shift the stored beats' times along; the history entry takes over the count.
            set.add(rate.shift());
            remove.add("coalescedPending");
            if (!shape.aboveRate()) {
                conditions.add(rate.condition());
            }
            rate.addValues(values, beat.receivedAt());
        }
        this.update = update(set, remove, add);
        this.condition = String.join(" AND ", conditions);
        // DynamoDB refuses a name or value the expressions do not use.
        names.keySet().removeIf(name -> !uses(name));
        values.keySet().removeIf(value -> !uses(value));
    }

    /** Whether an expression uses {@code placeholder} as a whole token ({@code :rid} is not {@code :ridge}). */
    private boolean uses(String placeholder) {
        Pattern token = TOKENS.computeIfAbsent(placeholder, p -> Pattern.compile(Pattern.quote(p) + "(?![A-Za-z0-9_])"));
        return token.matcher(update).find() || token.matcher(condition).find();
    }

    /** The placeholders are a fixed few: each is compiled once per container, not per beat. */
    private static final Map<String, Pattern> TOKENS = new ConcurrentHashMap<>();

    private void optional(List<String> set, List<String> remove, String attribute, String placeholder,
                          Optional<AttributeValue> value) {
        if (value.isPresent()) {
            set.add(attribute + " = " + placeholder);
            values.put(placeholder, value.get());
        } else {
            remove.add(attribute);
        }
    }

    private static String update(List<String> set, List<String> remove, List<String> add) {
        return "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove))
                + " ADD " + String.join(", ", add);
    }

    /**
     * The write of a success that resumes a paused application ({@link #resumes}): active again, up, a
     * fresh watch from the beat and its next deadline, the failure streak ended, the runs begun before the
     * pause forgotten (their ends may never come), and what it said recorded as any beat's is. Holds only
     * while the application is paused without {@code manualResume}. With a {@link BeatRate} it shifts
     * the stored beats' times along but has no rate condition: a resume is always stored.
     */
    static SignalUpdate resuming(HeartbeatLog.Beat beat, String shard, BeatRate rate) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":up", s(Status.UP.wire()), ":true", bool(true),
                ":shard", s(shard), ":zero", n(0)));
        List<String> set = new ArrayList<>(List.of("#status = :up", "active = :true", "watchedSince = :now",
                "dueShard = :shard", "dueAt = :now + windowMillis", "failStreak = :zero"));
        List<String> remove = new ArrayList<>(List.of("startedAt", "startedRid", "#runs"));
        if (rate.on()) {
            set.add(rate.shift());
            remove.add("coalescedPending");
            rate.addValues(values, beat.receivedAt());
        }
        return new SignalUpdate(beat, set, remove, Map.of("#status", "status", "#runs", "runs"), values,
                "attribute_exists(#u) AND active = :false AND (attribute_not_exists(manualResume) OR manualResume = :false)");
    }

    /**
     * The write of a beat for a paused application: recorded (what it said, when, and for a success or a
     * fail the last beat), no status, deadline, streak or run change.
     */
    static SignalUpdate paused(HeartbeatLog.Beat beat) {
        return new SignalUpdate(beat, List.of(), List.of(), Map.of(), Map.of(), "attribute_exists(#u) AND active = :false");
    }

    /** What a beat said and when, recorded with {@code extraSet} and {@code extraRemove}, under {@code condition}. */
    private SignalUpdate(HeartbeatLog.Beat beat, List<String> extraSet, List<String> extraRemove,
                         Map<String, String> extraNames, Map<String, AttributeValue> extraValues, String condition) {
        BeatDetail detail = beat.detail();
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        names.put("#u", "uuid");
        names.putAll(extraNames);
        values.put(":now", millis(beat.receivedAt()));
        values.put(":method", s(beat.method()));
        values.put(":one", n(1));
        values.put(":false", bool(false));
        values.putAll(extraValues);
        set.add("lastSignalAt = :now");
        set.add("lastMethod = :method");
        if (detail.kind().endsRun()) {
            set.add("lastHeartbeat = :now");
        }
        optional(set, remove, "lastSourceIp", ":ip", beat.sourceIp().map(HeartbeatLog::truncate).map(Attr::s));
        optional(set, remove, "lastUserAgent", ":agent", beat.userAgent().map(HeartbeatLog::truncate).map(Attr::s));
        optional(set, remove, "lastSignal", ":signal",
                detail.kind() == SignalKind.SUCCESS ? Optional.empty() : Optional.of(s(detail.kind().wire())));
        optional(set, remove, "lastExitCode", ":code", detail.exitCode().map(code -> n(code)));
        optional(set, remove, "lastRid", ":rid", detail.rid().map(Attr::s));
        optional(set, remove, "lastPayload", ":payload", detail.hasPayload() ? Optional.of(bool(true)) : Optional.empty());
        set.addAll(extraSet);
        remove.addAll(extraRemove);
        this.update = update(set, remove, List.of("beats :one"));
        this.condition = condition;
        names.keySet().removeIf(name -> !uses(name));
        values.keySet().removeIf(value -> !uses(value));
    }
}
