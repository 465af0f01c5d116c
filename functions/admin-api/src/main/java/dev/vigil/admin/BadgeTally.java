package dev.vigil.admin;

import dev.vigil.checks.CheckStatus;
import dev.vigil.domain.BeatState;

/**
 * What a badge counts: applications by their state, and tagged checks by their confirmed status read
 * as a state (healthy as up, degraded as late, unhealthy as down; a check that has not run or could not
 * tell counts as new). The badge shows the worst of what counts, down over late over up; paused and new
 * ones are counted but never decide it, nor do unknown ones (a miss Vigil's own ingest trouble may explain).
 */
record BadgeTally(int up, int late, int down, int paused, int fresh) {
    static final BadgeTally EMPTY = new BadgeTally(0, 0, 0, 0, 0);

    BadgeTally plus(BeatState state) {
        return switch (state) {
            case UP -> new BadgeTally(up + 1, late, down, paused, fresh);
            case LATE -> new BadgeTally(up, late + 1, down, paused, fresh);
            case DOWN -> new BadgeTally(up, late, down + 1, paused, fresh);
            case PAUSED -> new BadgeTally(up, late, down, paused + 1, fresh);
            // An unknown miss (Vigil's own ingest trouble) is not the application's outage: it counts as new.
            case NEW, UNKNOWN -> new BadgeTally(up, late, down, paused, fresh + 1);
        };
    }

    /** A check's confirmed status ({@code ran} false: it has not run yet) as the state a badge counts. */
    static BeatState stateOf(CheckStatus confirmed, boolean ran) {
        if (!ran) {
            return BeatState.NEW;
        }
        return switch (confirmed) {
            case HEALTHY -> BeatState.UP;
            case DEGRADED -> BeatState.LATE;
            case UNHEALTHY -> BeatState.DOWN;
            case UNKNOWN -> BeatState.NEW;
        };
    }

    /** Everything counted. */
    int total() {
        return up + late + down + paused + fresh;
    }

    /** The worst state that decides the badge: down, late or up (up when nothing decides it). */
    BeatState worst() {
        return down > 0 ? BeatState.DOWN : late > 0 ? BeatState.LATE : BeatState.UP;
    }
}
