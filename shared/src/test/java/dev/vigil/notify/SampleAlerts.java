package dev.vigil.notify;

import dev.vigil.app.Status;
import dev.vigil.events.AlertEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One of each alert kind, for the tests of how every channel words them. */
public final class SampleAlerts {
    public static final Instant T = Instant.parse("2026-11-24T22:30:00Z");
    public static final AlertEvent DOWN = new AlertEvent("app_x-3", AlertEvent.APPLICATION_DOWN, "app_x", "nightly-backup",
            Status.DOWN, Status.UP, Optional.of(T.minusSeconds(400)), Optional.of(T.minusSeconds(40)), 300, 60, T);
    public static final AlertEvent UP = new AlertEvent("app_x-4", AlertEvent.APPLICATION_UP, "app_x", "nightly-backup",
            Status.UP, Status.DOWN, Optional.of(T.plusSeconds(600)), Optional.empty(), 300, 60, T.plusSeconds(600));
    public static final AlertEvent REMINDER = DOWN.reminder(2, "ch_a", T.plusSeconds(1200));
    public static final AlertEvent FLAPPING = DOWN.asFlapping(5, Duration.ofMinutes(30));
    public static final AlertEvent DIGEST = AlertEvent.digest("ch_a", List.of(DOWN), Instant.parse("2026-11-25T07:00:00Z"),
            Instant.parse("2026-11-25T07:00:20Z"));

    private SampleAlerts() {
    }
}
