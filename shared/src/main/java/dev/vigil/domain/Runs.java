package dev.vigil.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure rules for runs: how a start is paired with its end and how long the run took, when a run in
 * progress times out ({@code maxRuntime}), when a finished run was too fast ({@code minRuntime}), and when
 * a failure signal flips an application down ({@code failureThreshold}).
 *
 * <p>A start with a run id opens that run; an end with the same run id ends it (its duration is end −
 * that start). An end without a run id ends every run in progress, and its duration is end − the most
 * recent start. At most {@value #MAX_OPEN_RUNS} runs with a run id are kept open: a further start closes
 * the oldest one.
 */
public final class Runs {
    /** How many runs with a run id an application keeps open at once. */
    public static final int MAX_OPEN_RUNS = 10;

    private Runs() {
    }

    /**
     * How long the run that a beat at {@code end} ends took, from the run state before it: the start with
     * the same run id, or without one the most recent start. Empty when no run was in progress (or its
     * start is after the end).
     */
    public static Optional<Duration> duration(RunState before, Optional<String> rid, Instant end) {
        Optional<Instant> start = rid.isPresent() ? Optional.ofNullable(before.runs().get(rid.get())) : before.lastStart();
        return start.filter(s -> !s.isAfter(end)).map(s -> Duration.between(s, end));
    }

    /** The run id a new start closes to stay within {@value #MAX_OPEN_RUNS}: the oldest open one, if the limit is reached. */
    public static Optional<String> evictedBy(RunState before, String rid) {
        if (before.runs().containsKey(rid) || before.runs().size() < MAX_OPEN_RUNS) {
            return Optional.empty();
        }
        return before.runs().entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    /**
     * When the run in progress that started first times out: its start + {@code maxRuntime}. None without
     * a maximum runtime, without a run in progress, or while the application is paused or already down.
     */
    public static Optional<Instant> timeout(Application app) {
        if (!app.active() || app.status() == Status.DOWN || app.rules().maxRuntime().isEmpty()) {
            return Optional.empty();
        }
        return app.run().firstStart().map(start -> start.plus(app.rules().maxRuntime().get()));
    }

    /** The runs in progress that passed their maximum runtime: the one started without a run id, and those with one. */
    public record Expired(boolean started, List<String> rids) {
        public Expired {
            rids = List.copyOf(rids);
        }
    }

    /**
     * The runs in progress of {@code app} that had timed out by {@code at} (started at or before
     * {@code at} − {@code maxRuntime}): those its timeout flip closes. None without a maximum runtime.
     */
    public static Expired timedOut(Application app, Instant at) {
        if (app.rules().maxRuntime().isEmpty()) {
            return new Expired(false, List.of());
        }
        Instant latest = at.minus(app.rules().maxRuntime().get());
        boolean started = app.run().startedAt().filter(start -> !start.isAfter(latest)).isPresent();
        List<String> rids = app.run().runs().entrySet().stream().filter(run -> !run.getValue().isAfter(latest))
                .map(Map.Entry::getKey).sorted().toList();
        return new Expired(started, rids);
    }

    /** Whether a run that took {@code duration} ended sooner than the application's minimum runtime. */
    public static boolean tooFast(BeatRules rules, Optional<Duration> duration) {
        return rules.minRuntime().isPresent() && duration.isPresent() && duration.get().compareTo(rules.minRuntime().get()) < 0;
    }

    /**
     * Why a beat that {@code after} shows recorded flips the application down, if it does: a failure
     * (fail signal or non-zero exit code) that made the failures in a row reach {@code failureThreshold},
     * or a success that came sooner than {@code minRuntime} after its start. Only for an active
     * application that is not down already.
     */
    public static Optional<String> failure(Application after, BeatDetail beat) {
        if (!after.active() || after.status() == Status.DOWN) {
            return Optional.empty();
        }
        if (beat.kind() == SignalKind.FAIL && after.run().failStreak() >= after.rules().failureThreshold()) {
            String what = beat.exitCode().map(code -> "the job exited with code " + code)
                    .orElse("the job sent a fail signal");
            int threshold = after.rules().failureThreshold();
            return Optional.of("Failed: " + what + (threshold > 1 ? " (" + after.run().failStreak()
                    + " failures in a row, threshold " + threshold + ")" : "") + ".");
        }
        Optional<Duration> took = beat.durationMs().map(Duration::ofMillis);
        if (beat.kind() == SignalKind.SUCCESS && tooFast(after.rules(), took)) {
            return Optional.of("Too fast: the run took " + seconds(took.get()) + ", less than the minimum runtime of "
                    + seconds(after.rules().minRuntime().get()) + ".");
        }
        return Optional.empty();
    }

    /**
     * {@link #failure}, for a beat received at {@code at}: a failure or a too-fast run inside one of the
     * application's maintenance windows is recorded (its failure counts towards the threshold) but flips
     * nothing, as a miss inside a window does not.
     */
    public static Optional<String> failure(Application after, BeatDetail beat, Instant at) {
        if (MaintenanceWindow.endOfMaintenanceAt(after.rules().maintenance(), at).isPresent()) {
            return Optional.empty();
        }
        return failure(after, beat);
    }

    /** The note of a run that timed out: started at {@code start}, not ended within {@code maxRuntime}. */
    public static String timedOut(Instant start, Duration maxRuntime) {
        return "Timed out: a run started at " + start + " has not ended within the maximum runtime of "
                + seconds(maxRuntime) + ".";
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.3f s", millis / 1000.0);
    }
}
