package dev.vigil.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A five-field cron expression, {@code minute hour day-of-month month day-of-week}, read as Vixie cron
 * reads it: each field is {@code *}, a value, a range {@code a-b}, a step ({@code *}, {@code a-b} or
 * {@code a} followed by {@code /n}: every n-th value of the range, {@code a} alone meaning from a to the
 * field's end), or a comma-separated list of these; months may be named
 * {@code JAN}-{@code DEC} and days {@code SUN}-{@code SAT}; day 0 and day 7 are both Sunday. When
 * both the day of the month and the day of the week are restricted (neither starts with {@code *}), a
 * day matches when either does. The shorthands {@code @hourly}, {@code @daily} (or {@code @midnight}),
 * {@code @weekly}, {@code @monthly} and {@code @yearly} (or {@code @annually}) are accepted too.
 *
 * <p>{@link #next} reads the fields as wall-clock time in a time zone: a time that does not exist on a
 * spring-forward day (02:30 in a gap from 02:00 to 03:00) fires at the first instant after the gap
 * (03:00 local); a time that happens twice on a fall-back day fires once, at its first occurrence.
 */
public final class CronExpression {
    /** How far ahead {@link #next} looks; an expression that fires less often than this never fires. */
    static final int SEARCH_DAYS = 366 * 8;
    private static final Map<String, String> SHORTHANDS = Map.of(
            "@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(String text, String[] fields) {
        this.text = text;
        this.minutes = field("minute", fields[0], 0, 59, List.of(), 0);
        this.hours = field("hour", fields[1], 0, 23, List.of(), 0);
        this.daysOfMonth = field("day-of-month", fields[2], 1, 31, List.of(), 0);
        this.months = field("month", fields[3], 1, 12, MONTHS, 1);
        BitSet weekDays = field("day-of-week", fields[4], 0, 7, DAYS, 0);
        if (weekDays.get(7)) {
            weekDays.set(0);
            weekDays.clear(7);
        }
        this.daysOfWeek = weekDays;
        this.dayOfMonthRestricted = !fields[2].startsWith("*");
        this.dayOfWeekRestricted = !fields[4].startsWith("*");
    }

    /**
     * Reads {@code text}; throws {@link IllegalArgumentException} naming the field and what is wrong
     * (also for an expression that matches no day at all, such as {@code 0 0 31 2 *}).
     */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be five fields: minute hour day-of-month month day-of-week");
        }
        String trimmed = text.strip();
        String expanded = SHORTHANDS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("must be five fields (minute hour day-of-month month day-of-week), found "
                    + fields.length);
        }
        CronExpression cron = new CronExpression(trimmed, fields);
        if (cron.next(Instant.parse("2000-01-01T00:00:00Z"), ZoneOffset.UTC).isEmpty()) {
            throw new IllegalArgumentException("matches no date (day-of-month " + fields[2] + " never falls in month "
                    + fields[3] + ")");
        }
        return cron;
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /**
     * The first firing strictly after {@code after}, reading the fields as wall-clock time in {@code zone}
     * (see the class comment for the DST rules); empty if none falls within {@value #SEARCH_DAYS} days.
     */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        LocalDate day = LocalDateTime.ofInstant(after, zone).toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!matchesDay(day)) {
                continue;
            }
            for (int hour = hours.nextSetBit(0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                for (int minute = minutes.nextSetBit(0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                    Instant firing = resolve(day.atTime(hour, minute), rules);
                    if (firing.isAfter(after)) {
                        return Optional.of(firing);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code day} is one the expression fires on (the Vixie rule for both day fields). */
    boolean matchesDay(LocalDate day) {
        if (!months.get(day.getMonthValue())) {
            return false;
        }
        boolean byMonth = daysOfMonth.get(day.getDayOfMonth());
        boolean byWeek = daysOfWeek.get(day.getDayOfWeek().getValue() % 7);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return byMonth || byWeek;
        }
        return byMonth && byWeek;
    }

    /** The instant of a wall-clock time: after the gap when it does not exist, its first occurrence when it repeats. */
    private static Instant resolve(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        return local.toInstant(offsets.getFirst());
    }

    private static BitSet field(String name, String text, int min, int max, List<String> names, int firstNameValue) {
        BitSet values = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            if (part.isEmpty()) {
                throw problem(name, text, "has an empty list item");
            }
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(name, part.substring(slash + 1), part);
                if (step < 1) {
                    throw problem(name, part, "has a step that is not a positive number");
                }
                range = part.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    from = value(name, range.substring(0, dash), names, firstNameValue, part);
                    to = value(name, range.substring(dash + 1), names, firstNameValue, part);
                } else {
                    from = value(name, range, names, firstNameValue, part);
                    to = slash >= 0 ? max : from;
                }
            }
            if (from < min || to > max || from > max || to < min) {
                throw problem(name, part, "is out of range " + min + "-" + max);
            }
            if (from > to) {
                throw problem(name, part, "is a range that runs backwards");
            }
            for (int v = from; v <= to; v += step) {
                values.set(v);
            }
        }
        return values;
    }

    private static int value(String name, String token, List<String> names, int firstNameValue, String part) {
        int named = names.indexOf(token.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + firstNameValue;
        }
        return number(name, token, part);
    }

    private static int number(String name, String token, String part) {
        if (token.isEmpty() || token.length() > 4 || !token.chars().allMatch(Character::isDigit)) {
            throw problem(name, part, "is not a number, range, step or name");
        }
        return Integer.parseInt(token);
    }

    private static IllegalArgumentException problem(String field, String part, String what) {
        return new IllegalArgumentException("the " + field + " field '" + part + "' " + what);
    }

    /** Two expressions are equal when written alike. */
    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression cron && cron.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
