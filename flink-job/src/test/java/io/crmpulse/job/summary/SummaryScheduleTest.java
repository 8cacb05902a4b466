package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SummaryScheduleTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void anOrdinaryDayIsDueAtTheLocalTime() {
        SummarySchedule schedule =
                new SummarySchedule(LocalTime.of(19, 0), ZoneId.of("Asia/Kolkata"));

        assertThat(schedule.dueAt(LocalDate.of(2026, 6, 2)))
                .isEqualTo(Instant.parse("2026-06-02T13:30:00Z"));
    }

    @Test
    void aTimeTheSpringForwardSkipsIsDueWhenTheClocksJump() {
        // 2026-03-08: New York jumps from 02:00 EST to 03:00 EDT; 02:30 does not exist.
        SummarySchedule schedule = new SummarySchedule(LocalTime.of(2, 30), NEW_YORK);

        assertThat(schedule.dueAt(LocalDate.of(2026, 3, 8)))
                .isEqualTo(Instant.parse("2026-03-08T07:00:00Z"));
        assertThat(schedule.dueAt(LocalDate.of(2026, 3, 7)))
                .isEqualTo(Instant.parse("2026-03-07T07:30:00Z"));
        assertThat(schedule.dueAt(LocalDate.of(2026, 3, 9)))
                .isEqualTo(Instant.parse("2026-03-09T06:30:00Z"));
    }

    @Test
    void aTimeTheFallBackRepeatsIsDueAtItsFirstOccurrence() {
        // 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
        SummarySchedule schedule = new SummarySchedule(LocalTime.of(1, 30), NEW_YORK);

        assertThat(schedule.dueAt(LocalDate.of(2026, 11, 1)))
                .isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
        assertThat(schedule.lastDueDay(Instant.parse("2026-11-01T06:30:00Z")))
                .isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(schedule.nextDueDay(Instant.parse("2026-11-01T06:30:00Z")))
                .isEqualTo(LocalDate.of(2026, 11, 2));
    }

    @Test
    void theLastDueDayTurnsAtTheDueInstant() {
        SummarySchedule schedule = new SummarySchedule(LocalTime.of(19, 0), NEW_YORK);
        Instant due = schedule.dueAt(LocalDate.of(2026, 6, 2));

        assertThat(schedule.lastDueDay(due.minusMillis(1))).isEqualTo(LocalDate.of(2026, 6, 1));
        assertThat(schedule.lastDueDay(due)).isEqualTo(LocalDate.of(2026, 6, 2));
        assertThat(schedule.nextDueDay(due)).isEqualTo(LocalDate.of(2026, 6, 3));
        // After local midnight, still yesterday until the evening.
        assertThat(schedule.lastDueDay(Instant.parse("2026-06-03T05:00:00Z")))
                .isEqualTo(LocalDate.of(2026, 6, 2));
    }

    @Test
    void aSummaryAtMidnightIsDueAtTheStartOfItsDay() {
        SummarySchedule schedule = new SummarySchedule(LocalTime.MIDNIGHT, ZoneId.of("UTC"));

        assertThat(schedule.lastDueDay(Instant.parse("2026-06-02T00:00:00Z")))
                .isEqualTo(LocalDate.of(2026, 6, 2));
        assertThat(schedule.lastDueDay(Instant.parse("2026-06-01T23:59:59Z")))
                .isEqualTo(LocalDate.of(2026, 6, 1));
    }
}
