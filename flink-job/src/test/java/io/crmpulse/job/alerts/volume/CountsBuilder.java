package io.crmpulse.job.alerts.volume;

import io.crmpulse.job.alerts.SubjectDayState;
import io.crmpulse.job.alerts.common.BusinessCalendar;
import io.crmpulse.job.config.AlertSettings;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link DailyCounts} by hand: leads spread evenly over 09:00 to 19:00 local time. */
final class CountsBuilder {

    private final Map<Long, SubjectDayState> days = new HashMap<>();
    private final ZoneId zone;
    private final AlertSettings settings;
    private Long firstDay;

    CountsBuilder(ZoneId zone, AlertSettings settings) {
        this.zone = zone;
        this.settings = settings;
    }

    /** {@code created} leads spread from 09:00 to 19:00, of which triaged and junk as given. */
    CountsBuilder day(LocalDate day, int created, int triaged, int junk) {
        return day(day, created, triaged, junk, 19);
    }

    /** {@code created} leads spread from 09:00 to {@code untilHour}:00. */
    CountsBuilder day(LocalDate day, int created, int triaged, int junk, int untilHour) {
        SubjectDayState d = SubjectDayState.empty();
        d.setCreated(created);
        d.setTriaged(triaged);
        d.setJunk(junk);
        for (int i = 0; i < created; i++) {
            int minute = 9 * 60 + (i * (untilHour - 9) * 60 / created);
            d.getSlots()[minute / 15]++;
        }
        days.put(day.toEpochDay(), d);
        if (created > 0 && (firstDay == null || day.toEpochDay() < firstDay)) {
            firstDay = day.toEpochDay();
        }
        return this;
    }

    /** Every day in {@code [from, to)}: {@code perDay} leads Monday to Saturday, none on Sunday. */
    CountsBuilder weeks(LocalDate from, LocalDate to, int perDay, int triaged, int junk) {
        for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
                continue;
            }
            day(d, perDay, triaged, junk);
        }
        return this;
    }

    CountsBuilder firstDay(LocalDate day) {
        firstDay = day.toEpochDay();
        return this;
    }

    DailyCounts build() {
        return new DailyCounts(
                days,
                firstDay,
                BusinessCalendar.of(settings.businessHours(), zone),
                settings.mechanics());
    }
}
