package io.crmpulse.job.alerts.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.config.AlertSettings;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** The default calendar: Monday to Saturday, 09:00 to 19:00. */
    private static BusinessCalendar standard(ZoneId zone) {
        return BusinessCalendar.of(AlertSettings.defaults().businessHours(), zone);
    }

    /** Every day 01:00 to 05:00, so that the clock changes fall inside business hours. */
    private static BusinessCalendar night(ZoneId zone) {
        return new BusinessCalendar(
                zone,
                EnumSet.allOf(DayOfWeek.class),
                LocalTime.of(1, 0),
                LocalTime.of(5, 0),
                Set.of());
    }

    private static Instant local(String dateTime, ZoneId zone) {
        return LocalDateTime.parse(dateTime).atZone(zone).toInstant();
    }

    @Test
    void opensAtNineAndClosesAtSevenWithTheEndExcluded() {
        BusinessCalendar c = standard(NEW_YORK);

        assertThat(c.isBusinessTime(local("2026-03-09T08:59:59", NEW_YORK))).isFalse();
        assertThat(c.isBusinessTime(local("2026-03-09T09:00:00", NEW_YORK))).isTrue();
        assertThat(c.isBusinessTime(local("2026-03-09T18:59:59", NEW_YORK))).isTrue();
        assertThat(c.isBusinessTime(local("2026-03-09T19:00:00", NEW_YORK))).isFalse();
        // Saturday is a business day, Sunday is not.
        assertThat(c.isBusinessTime(local("2026-03-07T12:00:00", NEW_YORK))).isTrue();
        assertThat(c.isBusinessTime(local("2026-03-08T12:00:00", NEW_YORK))).isFalse();
    }

    @Test
    void aHolidayIsNotABusinessDay() {
        BusinessCalendar c =
                new BusinessCalendar(
                        NEW_YORK,
                        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY),
                        LocalTime.of(9, 0),
                        LocalTime.of(19, 0),
                        Set.of(LocalDate.of(2026, 12, 25)));

        assertThat(c.isBusinessTime(local("2026-12-25T12:00:00", NEW_YORK))).isFalse();
        assertThat(c.plusBusinessTime(local("2026-12-24T18:30:00", NEW_YORK), Duration.ofHours(1)))
                .isEqualTo(local("2026-12-26T09:30:00", NEW_YORK));
    }

    @Test
    void businessTimeStopsOutsideHoursAndAtTheEdges() {
        BusinessCalendar c = standard(NEW_YORK);

        // 18:30 plus 60 business minutes: 30 today, 30 tomorrow from the opening.
        assertThat(
                        c.plusBusinessTime(
                                local("2026-03-10T18:30:00", NEW_YORK), Duration.ofMinutes(60)))
                .isEqualTo(local("2026-03-11T09:30:00", NEW_YORK));
        // A lead created at night: the SLA clock starts at the opening.
        assertThat(
                        c.plusBusinessTime(
                                local("2026-03-10T23:10:00", NEW_YORK), Duration.ofMinutes(60)))
                .isEqualTo(local("2026-03-11T10:00:00", NEW_YORK));
        // Ending exactly at closing time gives the closing instant, not the next opening.
        assertThat(
                        c.plusBusinessTime(
                                local("2026-03-10T18:00:00", NEW_YORK), Duration.ofMinutes(60)))
                .isEqualTo(local("2026-03-10T19:00:00", NEW_YORK));
        // Zero business time from outside hours is the next opening.
        assertThat(c.nextBusinessInstant(local("2026-03-10T19:00:00", NEW_YORK)))
                .isEqualTo(local("2026-03-11T09:00:00", NEW_YORK));
        assertThat(c.nextBusinessInstant(local("2026-03-10T10:00:00", NEW_YORK)))
                .isEqualTo(local("2026-03-10T10:00:00", NEW_YORK));
        assertThat(
                        c.businessTimeBetween(
                                local("2026-03-10T18:30:00", NEW_YORK),
                                local("2026-03-11T09:30:00", NEW_YORK)))
                .isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void theSpringForwardWeekendInNewYorkCostsNoBusinessTime() {
        BusinessCalendar c = standard(NEW_YORK);
        Instant saturday = local("2026-03-07T18:30:00", NEW_YORK); // EST, UTC-5
        Instant monday = local("2026-03-09T09:30:00", NEW_YORK); // EDT, UTC-4

        assertThat(c.plusBusinessTime(saturday, Duration.ofMinutes(60))).isEqualTo(monday);
        assertThat(c.businessTimeBetween(saturday, monday)).isEqualTo(Duration.ofMinutes(60));
        // Wall-clock 39 hours apart, but only 38 hours of real time passed.
        assertThat(Duration.between(saturday, monday)).isEqualTo(Duration.ofHours(38));
    }

    @Test
    void aSpringForwardDayInsideBusinessHoursIsAnHourShorter() {
        // 2026-03-08 in New York: 02:00 does not exist, clocks go to 03:00.
        BusinessCalendar ny = night(NEW_YORK);
        LocalDate springForward = LocalDate.of(2026, 3, 8);
        assertThat(ny.businessTimeBetween(ny.startOf(springForward), ny.endOf(springForward)))
                .isEqualTo(Duration.ofHours(3));
        // 01:30 plus one business hour is 03:30 local: 02:30 does not exist.
        assertThat(ny.plusBusinessTime(local("2026-03-08T01:30:00", NEW_YORK), Duration.ofHours(1)))
                .isEqualTo(local("2026-03-08T03:30:00", NEW_YORK));

        // 2026-03-29 in Berlin: 02:00 to 03:00 does not exist.
        BusinessCalendar berlin = night(BERLIN);
        LocalDate berlinSpring = LocalDate.of(2026, 3, 29);
        assertThat(
                        berlin.businessTimeBetween(
                                berlin.startOf(berlinSpring), berlin.endOf(berlinSpring)))
                .isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aFallBackDayInsideBusinessHoursIsAnHourLonger() {
        // 2026-11-01 in New York: 01:00 to 02:00 happens twice.
        BusinessCalendar ny = night(NEW_YORK);
        LocalDate fallBack = LocalDate.of(2026, 11, 1);
        assertThat(ny.businessTimeBetween(ny.startOf(fallBack), ny.endOf(fallBack)))
                .isEqualTo(Duration.ofHours(5));
        Instant opening = ny.opening(fallBack); // the first 01:00, EDT
        assertThat(ny.plusBusinessTime(opening, Duration.ofHours(2)))
                .isEqualTo(opening.plus(Duration.ofHours(2)));

        // 2026-10-25 in Berlin: 02:00 to 03:00 happens twice.
        BusinessCalendar berlin = night(BERLIN);
        LocalDate berlinFall = LocalDate.of(2026, 10, 25);
        assertThat(berlin.businessTimeBetween(berlin.startOf(berlinFall), berlin.endOf(berlinFall)))
                .isEqualTo(Duration.ofHours(5));
        assertThat(berlin.plusBusinessTime(berlin.opening(berlinFall), Duration.ofHours(5)))
                .isEqualTo(berlin.closing(berlinFall));
    }

    @Test
    void anOpeningInsideTheSpringForwardGapMovesPastIt() {
        BusinessCalendar c =
                new BusinessCalendar(
                        BERLIN,
                        EnumSet.allOf(DayOfWeek.class),
                        LocalTime.of(2, 30),
                        LocalTime.of(6, 0),
                        Set.of());
        LocalDate springForward = LocalDate.of(2026, 3, 29);

        assertThat(c.opening(springForward)).isEqualTo(local("2026-03-29T03:30:00", BERLIN));
        assertThat(c.businessTimeBetween(c.startOf(springForward), c.endOf(springForward)))
                .isEqualTo(Duration.ofMinutes(150));
    }

    @Test
    void daysBeginAtLocalMidnightAcrossTheClockChange() {
        BusinessCalendar c = standard(NEW_YORK);

        assertThat(
                        Duration.between(
                                c.startOf(LocalDate.of(2026, 3, 8)),
                                c.endOf(LocalDate.of(2026, 3, 8))))
                .isEqualTo(Duration.ofHours(23));
        assertThat(
                        Duration.between(
                                c.startOf(LocalDate.of(2026, 11, 1)),
                                c.endOf(LocalDate.of(2026, 11, 1))))
                .isEqualTo(Duration.ofHours(25));
        assertThat(c.date(local("2026-03-08T23:59:00", NEW_YORK)))
                .isEqualTo(LocalDate.of(2026, 3, 8));
    }

    @Test
    void aLongWaitSpansSeveralBusinessDays() {
        BusinessCalendar c = standard(BERLIN);
        // Friday 17:00 plus 48 business hours: 2 on Friday, 10 on Saturday, none on Sunday (the
        // clocks change), then 10 a day from Monday to Wednesday, 6 on Thursday.
        assertThat(c.plusBusinessTime(local("2026-03-27T17:00:00", BERLIN), Duration.ofHours(48)))
                .isEqualTo(local("2026-04-02T15:00:00", BERLIN));
    }
}
