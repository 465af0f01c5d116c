package dev.vigil.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.checks.CheckResult.FailedCondition;
import dev.vigil.checks.Conditions.Evaluation;
import dev.vigil.domain.InvalidInput;
import dev.vigil.runtime.Excerpt;
import dev.vigil.runtime.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs checks in parallel, each on a virtual thread of its own and under its own timeout. A probe's
 * deadline is the check's timeout less a small reserve (a tenth of it, at most 250 ms) so that it can
 * report a slow target itself; at the timeout the runner stops waiting, interrupts the probe and records
 * {@code unknown} with the reason. A check that throws is recorded as {@code unknown} too; neither ever
 * stops or delays the others. Results come back in the order of the runs.
 */
public final class CheckRunner {
    static final Duration MAX_RESERVE = Duration.ofMillis(250);

    private final Map<String, Probe> probes;
    private final ProbeContext context;

    /** A runner of the check types in {@code probes} (by type name): {@link CheckTypes#lightProbes()} or more. */
    public CheckRunner(Map<String, Probe> probes, ProbeContext context) {
        this.probes = Map.copyOf(probes);
        this.context = context;
    }

    /** Runs one check and waits for its result. */
    public CheckResult run(CheckRun run) {
        return runAll(List.of(run)).get(0);
    }

    /** Runs every check at once; returns when each has a result or reached its timeout. */
    public List<CheckResult> runAll(List<CheckRun> runs) {
        record Started(CheckRun run, Instant at, long start, long hardDeadline, Thread thread, CompletableFuture<CheckResult> result) {
        }
        List<Started> started = new ArrayList<>();
        for (CheckRun run : runs) {
            Instant at = context.clock().instant();
            long start = System.nanoTime();
            Duration timeout = run.check().timeout();
            Duration reserve = timeout.dividedBy(10).compareTo(MAX_RESERVE) < 0 ? timeout.dividedBy(10) : MAX_RESERVE;
            long probeDeadline = start + timeout.minus(reserve).toNanos();
            CompletableFuture<CheckResult> result = new CompletableFuture<>();
            Thread thread = Thread.ofVirtual().name("check-" + run.check().id()).start(() -> {
                try {
                    result.complete(execute(run, at, start, probeDeadline));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
            started.add(new Started(run, at, start, start + timeout.toNanos(), thread, result));
        }
        List<CheckResult> results = new ArrayList<>();
        for (Started s : started) {
            Check check = s.run().check();
            try {
                results.add(s.result().get(Math.max(0, s.hardDeadline() - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                s.thread().interrupt();
                results.add(CheckResult.unknown(check, s.at(), check.timeout().toMillis(),
                        "did not finish within " + seconds(check.timeout())));
            } catch (ExecutionException e) {
                results.add(CheckResult.unknown(check, s.at(), millisSince(s.start()), fault(e.getCause(), s.run().secrets().values())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s.thread().interrupt();
                results.add(CheckResult.unknown(check, s.at(), millisSince(s.start()), "the run was interrupted"));
            }
        }
        return results;
    }

    private CheckResult execute(CheckRun run, Instant at, long start, long deadline) {
        Check check = run.check();
        Collection<String> secrets = run.secrets().values();
        Optional<CheckType> type = CheckTypes.find(check.type());
        if (type.isEmpty()) {
            return CheckResult.unknown(check, at, 0, "there is no check type '" + check.type() + "'");
        }
        Probe probe = probes.get(check.type());
        if (probe == null) {
            return CheckResult.unknown(check, at, 0, "this function does not run " + check.type() + " checks");
        }
        Measurement measurement;
        List<Condition> conditions;
        try {
            conditions = Conditions.effective(type.get(), run.tenantOverrides(), check.conditions());
            Outbound outbound = context.outbound(run.allowPrivate());
            measurement = probe.probe(new ProbeCall(check, Settings.of(check.settings(), run.secrets()), outbound, context, deadline));
        } catch (Outbound.Refused e) {
            return CheckResult.unknown(check, at, millisSince(start), Excerpt.of(e.getMessage(), secrets));
        } catch (InvalidInput e) {
            return CheckResult.unknown(check, at, millisSince(start), "misconfigured: " + Excerpt.of(e.getMessage(), secrets));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.unknown(check, at, millisSince(start), "the run was interrupted");
        } catch (Exception e) {
            return CheckResult.unknown(check, at, millisSince(start), fault(e, secrets));
        }
        return judge(check, at, millisSince(start), conditions, measurement, secrets);
    }

    /** The result of a measurement under {@code conditions}, with every text sanitised. */
    static CheckResult judge(Check check, Instant at, long elapsedMs, List<Condition> conditions, Measurement measurement,
                             Collection<String> secrets) {
        Evaluation evaluation = Conditions.evaluate(conditions, measurement);
        ObjectNode details = sanitised(measurement.values(), secrets);
        for (Condition condition : conditions) {
            if (condition.subject().isBodyPath()) {
                measurement.value(condition.subject()).ifPresent(value -> details.set(condition.subject().toString(),
                        value.isNumber() || value.isBoolean() || value.isNull() ? value
                                : Json.MAPPER.getNodeFactory().textNode(Excerpt.of(value.isTextual() ? value.textValue()
                                        : Conditions.shown(value), secrets))));
            }
        }
        measurement.problem().ifPresent(problem -> details.put("error", Excerpt.of(problem, secrets)));
        List<FailedCondition> failed = evaluation.failed().stream()
                .map(f -> new FailedCondition(f.condition().toString(), f.level(), Excerpt.of(f.actual(), secrets))).toList();
        long latency = measurement.values().path("latencyMs").isNumber() ? measurement.values().path("latencyMs").asLong() : elapsedMs;
        String reason;
        if (failed.isEmpty()) {
            reason = conditions.size() == 1 ? "the condition holds" : "all " + conditions.size() + " conditions hold";
        } else {
            FailedCondition first = failed.get(0);
            reason = measurement.problem().map(p -> Excerpt.of(p, secrets)).orElse(first.condition() + " failed: " + first.actual()
                    + (failed.size() == 1 ? "" : " (and " + (failed.size() - 1) + " more)"));
        }
        return new CheckResult(check.id(), check.tenantId(), at, evaluation.status(), latency, details, failed, reason);
    }

    private static ObjectNode sanitised(ObjectNode values, Collection<String> secrets) {
        ObjectNode clean = Json.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            clean.set(field.getKey(), sanitised(field.getValue(), secrets));
        }
        return clean;
    }

    private static JsonNode sanitised(JsonNode value, Collection<String> secrets) {
        if (value.isTextual()) {
            return Json.MAPPER.getNodeFactory().textNode(Excerpt.of(value.textValue(), secrets));
        }
        if (value.isArray()) {
            var array = Json.MAPPER.createArrayNode();
            value.forEach(item -> array.add(sanitised(item, secrets)));
            return array;
        }
        return value;
    }

    private static String fault(Throwable e, Collection<String> secrets) {
        String message = e.getMessage() == null ? "" : ": " + Excerpt.of(e.getMessage(), secrets);
        return "the probe failed: " + e.getClass().getSimpleName() + message;
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
