package io.crmpulse.job.summary;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Objects;

/**
 * When each business day's summary is due: at {@code time} ({@code PULSE_SUMMARY_TIME}) on that day
 * in {@code zone} ({@code PULSE_TIMEZONE}). Pure time arithmetic, DST included:
 *
 * <ul>
 *   <li>a local time that does not exist on a spring-forward day (02:30 in New York on the second
 *       Sunday of March) is due at the next valid instant, the moment the clocks jump (03:00);
 *   <li>a local time that happens twice on a fall-back day is due at its first occurrence only.
 * </ul>
 */
public record SummarySchedule(LocalTime time, ZoneId zone) implements Serializable {

    private static final long serialVersionUID = 1L;

    public SummarySchedule {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(zone, "zone");
    }

    /** The instant {@code day}'s summary is due. */
    public Instant dueAt(LocalDate day) {
        LocalDateTime local = day.atTime(time);
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = zone.getRules().getTransition(local);
            return gap.getInstant();
        }
        // In an overlap, the earlier offset: the first of the two occurrences.
        return local.atOffset(offsets.get(0)).toInstant();
    }

    /** The latest day whose summary is due at or before {@code now}. */
    public LocalDate lastDueDay(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, zone).plusDays(1);
        while (dueAt(day).isAfter(now)) {
            day = day.minusDays(1);
        }
        return day;
    }

    /** The first day whose summary is due after {@code now}. */
    public LocalDate nextDueDay(Instant now) {
        return lastDueDay(now).plusDays(1);
    }
}
