package io.crmpulse.sinks.outbox;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A daily span of local time in which warning and info alerts are held, e.g. 21:00-08:00 (it may
 * run past midnight). Start is included, end is not.
 */
public final class QuietHours implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LocalTime start;
    private final LocalTime end;

    public QuietHours(LocalTime start, LocalTime end) {
        this.start = Objects.requireNonNull(start, "start");
        this.end = Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException(
                    "quiet hours " + this + " are empty: start and end must differ");
        }
    }

    /**
     * Reads {@code HH:mm-HH:mm}, e.g. {@code 21:00-08:00}.
     *
     * @throws IllegalArgumentException saying what is allowed
     */
    public static QuietHours parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s*-\\s*");
        try {
            if (parts.length == 2) {
                return new QuietHours(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
            }
        } catch (DateTimeParseException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(
                "quiet hours '"
                        + text
                        + "' must be two different local times HH:mm-HH:mm, e.g. 21:00-08:00");
    }

    public LocalTime start() {
        return start;
    }

    public LocalTime end() {
        return end;
    }

    /** True if the local time of {@code instant} in {@code zone} lies in the quiet hours. */
    public boolean contains(Instant instant, ZoneId zone) {
        LocalTime time = instant.atZone(zone).toLocalTime();
        if (start.isBefore(end)) {
            return !time.isBefore(start) && time.isBefore(end);
        }
        return !time.isBefore(start) || time.isBefore(end);
    }

    /**
     * The first instant at or after {@code instant} at which the quiet hours are over: {@code
     * instant} itself outside them. A local end time that a DST change skips counts as the first
     * valid time after the gap.
     */
    public Instant endAfter(Instant instant, ZoneId zone) {
        if (!contains(instant, zone)) {
            return instant;
        }
        ZonedDateTime local = instant.atZone(zone);
        LocalDate day = local.toLocalDate();
        if (!local.toLocalTime().isBefore(end)) {
            day = day.plusDays(1);
        }
        return ZonedDateTime.of(day, end, zone).toInstant();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuietHours
                && ((QuietHours) o).start.equals(start)
                && ((QuietHours) o).end.equals(end);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, end);
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
