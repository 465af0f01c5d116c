package dev.vigil.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The daily hours in which a tenant's services are watched by the scheduled sweep, such as 09:00–21:00
 * in the tenant's time zone. The period may span midnight (22:00–06:00); a start equal to its end
 * means around the clock.
 */
public record ActiveHours(LocalTime start, LocalTime end) {
    public static final ActiveHours DEFAULT = new ActiveHours(LocalTime.of(9, 0), LocalTime.of(21, 0));

    public boolean aroundTheClock() {
        return start.equals(end);
    }

    /** Whether {@code instant}, read in {@code zone}, falls inside the active hours (start inclusive, end exclusive). */
    public boolean includes(Instant instant, ZoneId zone) {
        if (aroundTheClock()) {
            return true;
        }
        LocalTime time = instant.atZone(zone).toLocalTime();
        return start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
    }

    /**
     * The next start of the active hours strictly after {@code instant}, read in {@code zone}: today's
     * start if it is still ahead, else tomorrow's. A start that falls in a daylight-saving gap moves
     * forward with it, as the local clock does.
     */
    public Instant nextStart(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        ZonedDateTime today = ZonedDateTime.of(local.toLocalDate(), start, zone);
        return today.toInstant().isAfter(instant) ? today.toInstant()
                : ZonedDateTime.of(local.toLocalDate().plusDays(1), start, zone).toInstant();
    }

    /** Parses {@code "09:00"} and {@code "21:00"}; throws {@link IllegalArgumentException} saying what is expected. */
    public static ActiveHours parse(String start, String end) {
        try {
            return new ActiveHours(LocalTime.parse(start), LocalTime.parse(end));
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("activeHours needs start and end as HH:MM, such as {\"start\": \"09:00\", \"end\": \"21:00\"}");
        }
    }
}
