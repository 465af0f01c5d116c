package dev.vigil.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What the detector does with an application the deadline index returned as due, decided from the
 * stored facts alone: a pure function of the application, its parent and the time.
 */
public final class Misses {
    private Misses() {
    }

    /** The verdict on one application at one moment. */
    public sealed interface Verdict {
        /** No deadline at all (paused, down, a cron that never fires again): nothing to do. */
        record NoDeadline() implements Verdict {
        }

        /** The index held a deadline earlier than the real one (a cron schedule, changed settings): move it there. */
        record NotYet(Instant deadline) implements Verdict {
        }

        /**
         * Overdue inside a maintenance window: no flip, no alert; the watch restarts at the window's
         * {@code end}, so the deadline becomes the next expected time after it plus grace.
         */
        record InMaintenance(Instant end, Instant deadline) implements Verdict {
        }

        /**
         * Missed, but fewer than {@code failureThreshold} misses in a row: {@code failStreak} counts
         * them, and the watch goes on from {@code missedAt} (the expected time of the last miss) to the
         * next {@code deadline}; no alert.
         */
        record Counted(long failStreak, Instant missedAt, Instant deadline) implements Verdict {
        }

        /**
         * Down: {@code failStreak} misses in a row reached the threshold at {@code deadline}, or the run
         * in progress {@code timedOut} there (a timeout is down at once). Its alert is {@code suppressed}
         * (with the reason) when its parent is down.
         */
        record Down(long failStreak, Instant deadline, Optional<String> suppressed, boolean timedOut) implements Verdict {
            /** Down for missed beats. */
            public Down(long failStreak, Instant deadline, Optional<String> suppressed) {
                this(failStreak, deadline, suppressed, false);
            }
        }
    }

    /** The verdict on {@code app} at {@code now}; {@code parent} is its parent application, if it names one that exists. */
    public static Verdict judge(Application app, Optional<Application> parent, Instant now) {
        // The schedule's deadline, or the run in progress's timeout when that comes first.
        Optional<Instant> deadline = Due.of(app);
        if (deadline.isEmpty()) {
            return new Verdict.NoDeadline();
        }
        if (now.isBefore(deadline.get())) {
            return new Verdict.NotYet(deadline.get());
        }
        Optional<Instant> maintenanceEnd = MaintenanceWindow.endOfMaintenanceAt(app.rules().maintenance(), now);
        if (maintenanceEnd.isPresent()) {
            // The schedule's deadline from the window's end, or a run in progress's timeout when that comes first.
            Optional<Instant> restarted = app.withWatchRestarted(maintenanceEnd.get()).dueAt();
            if (restarted.isEmpty()) {
                return new Verdict.NoDeadline();
            }
            return new Verdict.InMaintenance(maintenanceEnd.get(), restarted.get());
        }
        long streak = app.run().failStreak();
        if (Due.isTimeout(app, deadline.get())) {
            return new Verdict.Down(streak + 1, deadline.get(), suppression(parent, now), true);
        }
        Instant missed = deadline.get();
        while (true) {
            streak++;
            if (streak >= app.rules().failureThreshold()) {
                return new Verdict.Down(streak, missed, suppression(parent, now));
            }
            Instant missedAt = missed.minus(app.grace());
            Optional<Instant> next = Deadlines.deadlineFrom(app, missedAt);
            if (next.isEmpty()) {
                return new Verdict.NoDeadline();
            }
            if (now.isBefore(next.get())) {
                return new Verdict.Counted(streak, missedAt, next.get());
            }
            missed = next.get();
        }
    }

    /** Why a child's alert is not sent: its parent is down (or overdue) at {@code now}. */
    public static Optional<String> suppression(Optional<Application> parent, Instant now) {
        return parent.filter(p -> BeatState.of(p, now) == BeatState.DOWN)
                .map(p -> "parent " + p.id() + " is down");
    }
}
