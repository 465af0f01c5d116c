package dev.vigil.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A daily quiet period in a time zone, such as 22:00–07:00 Europe/Paris (it may span midnight).
 * Non-urgent alerts that fall inside it are held and sent as one digest when it ends.
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    public QuietHours {
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours must not start and end at the same time");
        }
    }

    /** The end of the quiet period that {@code instant} falls in, or empty if it falls outside. */
    public Optional<Instant> endOfPeriodContaining(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean spansMidnight = start.isAfter(end);
        boolean inside = spansMidnight ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
        if (!inside) {
            return Optional.empty();
        }
        ZonedDateTime endToday = local.with(end);
        ZonedDateTime endsAt = spansMidnight && !time.isBefore(start) ? endToday.plusDays(1) : endToday;
        return Optional.of(endsAt.toInstant());
    }

    /** Parses {@code {"start": "22:00", "end": "07:00", "timezone": "Europe/Paris"}} fields. */
    public static QuietHours parse(String start, String end, String timezone) {
        try {
            return new QuietHours(LocalTime.parse(start), LocalTime.parse(end), ZoneId.of(timezone));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("quietHours needs start and end as HH:MM and a timezone such as Europe/Paris");
        }
    }
}
