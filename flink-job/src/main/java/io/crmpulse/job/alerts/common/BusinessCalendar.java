package io.crmpulse.job.alerts.common;

import io.crmpulse.job.config.AlertSettings;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Business days and hours in the business timezone (G1, G9): the clock that silence (R3) and the
 * speed-to-lead SLA (R5) run on, and the day that baselines are counted by.
 *
 * <p>Each business day is open from {@code start} to {@code end} local time. Opening and closing
 * are resolved to instants through {@link ZonedDateTime#of}, so a day whose clocks change inside
 * business hours is as long as it really is, and a local time that does not exist (the
 * spring-forward gap) moves to the first instant after the gap.
 */
public final class BusinessCalendar implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No calendar has a business day further apart than this; a guard against loops. */
    private static final int MAX_DAYS_SEARCHED = 3 * 366;

    private final ZoneId zone;
    private final EnumSet<DayOfWeek> days;
    private final LocalTime start;
    private final LocalTime end;
    private final Set<LocalDate> holidays;

    public BusinessCalendar(
            ZoneId zone,
            Set<DayOfWeek> days,
            LocalTime start,
            LocalTime end,
            Set<LocalDate> holidays) {
        this.zone = Objects.requireNonNull(zone, "zone");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a business calendar needs at least one day");
        }
        this.days = EnumSet.copyOf(days);
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException(
                    "business hours must start before they end, got " + start + "-" + end);
        }
        this.holidays = Set.copyOf(holidays);
    }

    public static BusinessCalendar of(AlertSettings.BusinessHours hours, ZoneId zone) {
        return new BusinessCalendar(
                zone,
                EnumSet.copyOf(hours.days()),
                hours.start(),
                hours.end(),
                Set.copyOf(hours.holidays()));
    }

    public ZoneId zone() {
        return zone;
    }

    /** The business-timezone date of {@code t}. */
    public LocalDate date(Instant t) {
        return LocalDate.ofInstant(t, zone);
    }

    /** Local midnight of {@code day} (or the first instant of the day, if midnight is skipped). */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** Local midnight ending {@code day}. */
    public Instant endOf(LocalDate day) {
        return startOf(day.plusDays(1));
    }

    public boolean isHoliday(LocalDate day) {
        return holidays.contains(day);
    }

    public boolean isBusinessDay(LocalDate day) {
        return days.contains(day.getDayOfWeek()) && !holidays.contains(day);
    }

    public boolean isBusinessTime(Instant t) {
        LocalDate day = date(t);
        return isBusinessDay(day) && !t.isBefore(opening(day)) && t.isBefore(closing(day));
    }

    /** When business hours begin on {@code day} (whether or not it is a business day). */
    public Instant opening(LocalDate day) {
        return ZonedDateTime.of(day, start, zone).toInstant();
    }

    /** When business hours end on {@code day}. */
    public Instant closing(LocalDate day) {
        return ZonedDateTime.of(day, end, zone).toInstant();
    }

    /** {@code t} itself in business hours, otherwise the next opening after it. */
    public Instant nextBusinessInstant(Instant t) {
        return plusBusinessTime(t, Duration.ZERO);
    }

    /** The business time in {@code [from, to)}; zero when {@code to} is not after {@code from}. */
    public Duration businessTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        for (LocalDate day = date(from); !day.isAfter(date(to)); day = day.plusDays(1)) {
            if (!isBusinessDay(day)) {
                continue;
            }
            Instant s = max(opening(day), from);
            Instant e = min(closing(day), to);
            if (e.isAfter(s)) {
                total = total.plus(Duration.between(s, e));
            }
        }
        return total;
    }

    /**
     * The instant at which {@code amount} of business time has passed since {@code from}. Time
     * outside business hours does not count; an amount that ends exactly at closing time gives the
     * closing instant. A zero amount gives {@link #nextBusinessInstant}.
     */
    public Instant plusBusinessTime(Instant from, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("negative business time: " + amount);
        }
        Duration remaining = amount;
        LocalDate day = date(from);
        for (int i = 0; i < MAX_DAYS_SEARCHED; i++, day = day.plusDays(1)) {
            if (!isBusinessDay(day)) {
                continue;
            }
            Instant s = max(opening(day), from);
            Instant e = closing(day);
            if (!e.isAfter(s)) {
                continue;
            }
            Duration available = Duration.between(s, e);
            if (remaining.compareTo(available) < 0
                    || (remaining.equals(available) && !remaining.isZero())) {
                return s.plus(remaining);
            }
            remaining = remaining.minus(available);
        }
        throw new IllegalStateException(
                "no business day within " + MAX_DAYS_SEARCHED + " days after " + from);
    }

    /** The business days of the calendar, for messages. */
    public List<DayOfWeek> days() {
        return List.copyOf(days);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
