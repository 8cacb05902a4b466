package io.crmpulse.job.alerts.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.crmpulse.job.alerts.Fixtures;
import io.crmpulse.job.alerts.common.Statistics;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.Alert;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LeadVolumeRulesTest {

    private static final ZoneId ZONE = ZoneId.of("America/New_York");

    /** The research's significance level, so the examples read as in research 3.3. */
    private static final AlertSettings SETTINGS = Fixtures.withPValue(0.01);

    private static final LeadVolumeRules RULES = new LeadVolumeRules(SETTINGS, Fixtures.DISPLAY);
    private static final String WEB = "source:Web";

    /** Monday 9 March 2026, the day after the spring-forward Sunday. */
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 9);

    private static Instant at(String localTime) {
        return LocalDateTime.parse(TODAY + "T" + localTime).atZone(ZONE).toInstant();
    }

    private static CountsBuilder fourWeeks(int perDay, int triaged, int junk) {
        return new CountsBuilder(ZONE, SETTINGS)
                .weeks(TODAY.minusDays(28), TODAY, perDay, triaged, junk);
    }

    // ------------------------------------------------------------------ R1

    @Test
    void r1FiresCriticalOnATwentyPointRiseWithItsTestAndMessage() {
        DailyCounts counts = fourWeeks(40, 40, 4).day(TODAY, 35, 30, 14).build();

        Alert alert = RULES.junkSpike(WEB, counts, at("11:15")).orElseThrow();

        assertThat(alert.getAlertId()).isEqualTo("R1_JUNK_SPIKE/source:Web/2026-03-09/critical");
        assertThat(alert.getSeverity()).isEqualTo("critical");
        assertThat(alert.getObserved()).isCloseTo(14.0 / 30, within(1e-12));
        assertThat(alert.getExpected()).isCloseTo(0.1, within(1e-12));
        assertThat(alert.getN()).isEqualTo(30);
        assertThat(alert.getWindowStart()).isEqualTo(at("00:00"));
        assertThat(alert.getWindowEnd()).isEqualTo(at("11:15"));
        assertThat(alert.getTest())
                .isEqualTo(
                        "binomial P(X>=14 | n=30, p0=0.1 over 28 d) < 1e-6 < 0.01; +36.7 pp >="
                                + " 10 pp; 4.7x >= 1.5x; critical from +20 pp");
        assertThat(alert.getMessage())
                .isEqualTo(
                        "Junk spike, Web: 14 of 30 leads triaged today by 11:15 are junk (47%),"
                                + " usually 10%.\n"
                                + "Extremely unusual: a day like this comes by chance less than"
                                + " once in 10,00,000. Check the Web form and where its traffic"
                                + " comes from.");
    }

    @Test
    void r1FiresWarningBelowTheCriticalRise() {
        // P(X >= 8 | 30, 0.1) = 0.0078, +16.7 pp
        DailyCounts counts = fourWeeks(40, 40, 4).day(TODAY, 30, 30, 8).build();

        Alert alert = RULES.junkSpike(WEB, counts, at("12:00")).orElseThrow();

        assertThat(alert.getSeverity()).isEqualTo("warning");
        assertThat(alert.getTest())
                .startsWith("binomial P(X>=8 | n=30, p0=0.1 over 28 d) = 0.0078 < 0.01");
    }

    @Test
    void r1StaysQuietBelowEitherGateOrTheMinimumVolume() {
        // 19 triaged, all junk: under min_rate_n.
        assertThat(
                        RULES.junkSpike(
                                WEB,
                                fourWeeks(40, 40, 4).day(TODAY, 19, 19, 19).build(),
                                at("12:00")))
                .isEmpty();
        // 7 of 30 (p = 0.026): not significant.
        assertThat(
                        RULES.junkSpike(
                                WEB,
                                fourWeeks(40, 40, 4).day(TODAY, 30, 30, 7).build(),
                                at("12:00")))
                .isEmpty();
        // Significant with n = 400, but only +8 pp.
        assertThat(
                        RULES.junkSpike(
                                WEB,
                                fourWeeks(400, 400, 120).day(TODAY, 400, 400, 152).build(),
                                at("12:00")))
                .isEmpty();
        // +12 pp but only 1.4x the baseline of 30%.
        assertThat(
                        RULES.junkSpike(
                                WEB,
                                fourWeeks(400, 400, 120).day(TODAY, 400, 400, 168).build(),
                                at("12:00")))
                .isEmpty();
    }

    @Test
    void r1WaitsForTheWarmUp() {
        DailyCounts tenDays =
                new CountsBuilder(ZONE, SETTINGS)
                        .weeks(TODAY.minusDays(10), TODAY, 40, 40, 4)
                        .day(TODAY, 35, 30, 14)
                        .build();

        assertThat(tenDays.warmedUp(TODAY)).isFalse();
        assertThat(RULES.junkSpike(WEB, tenDays, at("12:00"))).isEmpty();
    }

    // ------------------------------------------------------------------ R2

    @Test
    void r2FiresOnADropAgainstTheSameWeekdaysAndTheTimeOfDay() {
        // Mondays bring 40 leads from 09:00 to 19:00; by 13:00, 16 are expected and 4 came.
        DailyCounts counts = fourWeeks(40, 40, 4).day(TODAY, 4, 4, 0, 10).build();

        Alert alert = RULES.volumeDrop(WEB, counts, at("13:00"), TODAY, false).orElseThrow();

        assertThat(alert.getAlertId()).isEqualTo("R2_VOLUME_DROP/source:Web/2026-03-09/warning");
        assertThat(alert.getObserved()).isEqualTo(4);
        assertThat(alert.getExpected()).isCloseTo(16, within(1e-9));
        // The median of 4 days is itself uncertain: phi = 1 + pi / (2 * 4).
        assertThat(alert.getTest())
                .isEqualTo(
                        "quasi-Poisson (phi=1.393) P(X<=4 | mu=16) = 8.0e-04 < 0.01; 4 <= 0.6 x"
                                + " 16; 12 short >= 5; baseline: median of the last 4 Mondays = 40"
                                + " a day, 40.0% of it by this time");
        assertThat(alert.getMessage())
                .isEqualTo(
                        "Lead volume drop, Web: 4 leads today by 13:00, usually about 16 by then.\n"
                                + "Unusual: a day like this comes by chance less than once in"
                                + " 1,000. Check the Web form and its campaign.");
    }

    @Test
    void r2OnTheTotalIsCritical() {
        DailyCounts counts = fourWeeks(40, 40, 4).day(TODAY, 4, 4, 0, 10).build();

        assertThat(RULES.volumeDrop("total", counts, at("13:00"), TODAY, false))
                .hasValueSatisfying(a -> assertThat(a.getSeverity()).isEqualTo("critical"));
    }

    @Test
    void r2StaysQuietOnAnOrdinaryDayAndOnTooFewExpected() {
        // 12 by 13:00 against 16: P = 0.19.
        assertThat(
                        RULES.volumeDrop(
                                WEB,
                                fourWeeks(40, 40, 4).day(TODAY, 12, 12, 0, 13).build(),
                                at("13:00"),
                                TODAY,
                                false))
                .isEmpty();
        // At 09:30 only 2 are expected (the 5% floor of the share): under min_expected_count.
        assertThat(RULES.volumeDrop(WEB, fourWeeks(40, 40, 4).build(), at("09:30"), TODAY, false))
                .isEmpty();
    }

    @Test
    void r2WidensThePoissonTestWhenTheBaselineIsOverDispersed() {
        // Each weekday alternates 26 and 54 leads: by 13:00, 11 or 22 (median day 40, mu 16.5),
        // a dispersion of the 13:00 counts of 2.44, times 1.39 for the median's own uncertainty.
        CountsBuilder b = new CountsBuilder(ZONE, SETTINGS);
        for (int week = 1; week <= 4; week++) {
            for (int d = 0; d < 6; d++) {
                b.day(TODAY.minusWeeks(week).plusDays(d), week % 2 == 0 ? 54 : 26, 0, 0);
            }
        }

        DailyCounts none = b.build();
        assertThat(none.dispersion(TODAY, none.slotOf(at("13:00"))))
                .isCloseTo(22.0 / 9, within(1e-9));
        assertThat(RULES.volumeDrop(WEB, none, at("13:00"), TODAY, false))
                .hasValueSatisfying(
                        a ->
                                assertThat(a.getTest())
                                        .isEqualTo(
                                                "quasi-Poisson (phi=3.404, over-dispersed) P(X<=0 | mu=16.6) = 0.0076 < 0.01; 0 <= 0.6 x 16.6; 16.6 short >= 5; baseline: median of the last 4 Mondays = 40 a day, 41.5% of it by this time"));

        // 4 by 13:00 fails a plain Poisson test (0.0006) but not the widened one.
        DailyCounts four = b.day(TODAY, 4, 0, 0, 10).build();
        assertThat(Statistics.poissonLowerTail(4, 16.5)).isLessThan(0.001);
        assertThat(RULES.volumeDrop(WEB, four, at("13:00"), TODAY, false)).isEmpty();
    }

    @Test
    void r2UsesTheModifiedZScoreForLargeVolumes() {
        CountsBuilder b = new CountsBuilder(ZONE, SETTINGS);
        int[] mondays = {1000, 1040, 960, 1010};
        for (int week = 1; week <= 4; week++) {
            for (int d = 0; d < 6; d++) {
                b.day(TODAY.minusWeeks(week).plusDays(d), d == 0 ? mondays[week - 1] : 1000, 0, 0);
            }
        }
        DailyCounts counts = b.day(TODAY, 100, 0, 0, 12).build();

        assertThat(RULES.volumeDrop(WEB, counts, at("13:00"), TODAY, false))
                .hasValueSatisfying(a -> assertThat(a.getTest()).startsWith("modified z = "));
    }

    @Test
    void r2EndOfDayJudgesTheWholeDay() {
        DailyCounts counts = fourWeeks(40, 40, 4).day(TODAY, 20, 20, 0).build();

        Alert alert =
                RULES.volumeDrop(WEB, counts, at("23:59").plus(Duration.ofMinutes(1)), TODAY, true)
                        .orElseThrow();

        assertThat(alert.getExpected()).isEqualTo(40);
        assertThat(alert.getAlertId())
                .isEqualTo("R2_VOLUME_DROP/source:Web/2026-03-09/day/warning");
        assertThat(alert.getWindowEnd()).isEqualTo(at("00:00").plus(Duration.ofDays(1)));
        assertThat(alert.getMessage())
                .isEqualTo(
                        "Lead volume drop, Web: 20 leads on Mon 9 Mar, usually about 40 on"
                                + " Mondays.\n"
                                + "Unusual: a day like this comes by chance less than once in 100."
                                + " Check the Web form and its campaign.");
    }

    // ------------------------------------------------------------------ R3

    @Test
    void r3WaitsUntilTheLeadsExpectedAtThisTimeOfDayWouldHaveComeClamped() {
        Instant nine = at("09:00");
        // 10 leads a business day, one an hour: 8.6 a day over 28 days, so the silence must be
        // worth max(5, ln(8.6 / 0.01)) = 6.75 leads: 6.75 business hours.
        LeadVolumeRules.SilenceWindow tenADay =
                RULES.silenceWindow(fourWeeks(10, 10, 0).build(), nine, TODAY).orElseThrow();
        assertThat(tenADay.needed()).isCloseTo(Math.log(240 / 28.0 / 0.01), within(1e-9));
        // The leads came on the hour: 6 by 14:15, the last 0.75 in the 15:00 slot, at 15:11.
        assertThat(tenADay.window())
                .isBetween(Duration.ofMinutes(6 * 60 + 11), Duration.ofMinutes(6 * 60 + 12));
        // 100 a day: 9.1 leads come in less than an hour; clamped to two.
        assertThat(RULES.silenceWindow(fourWeeks(100, 100, 0).build(), nine, TODAY))
                .hasValueSatisfying(w -> assertThat(w.window()).isEqualTo(Duration.ofHours(2)));
        // From 17:00 the same source needs the next morning too: 2 hours today, the rest tomorrow.
        LeadVolumeRules.SilenceWindow evening =
                RULES.silenceWindow(fourWeeks(10, 10, 0).build(), at("17:00"), TODAY).orElseThrow();
        assertThat(evening.window()).isEqualTo(tenADay.window());
        // One lead a week: under one a day, not watched.
        CountsBuilder sparse = new CountsBuilder(ZONE, SETTINGS);
        for (int week = 1; week <= 4; week++) {
            sparse.day(TODAY.minusWeeks(week), 1, 1, 0);
        }
        assertThat(RULES.silenceWindow(sparse.build(), nine, TODAY)).isEmpty();
    }

    @Test
    void r3SeesThatLeadsRarelyComeLateInTheDay() {
        // Leads only from 09:00 to 13:00: after 13:00 nothing is expected until tomorrow morning.
        CountsBuilder b = new CountsBuilder(ZONE, SETTINGS);
        for (LocalDate d = TODAY.minusDays(28); d.isBefore(TODAY); d = d.plusDays(1)) {
            if (d.getDayOfWeek() != java.time.DayOfWeek.SUNDAY) {
                b.day(d, 20, 20, 0, 13);
            }
        }
        LeadVolumeRules.SilenceWindow afternoon =
                RULES.silenceWindow(b.build(), at("12:00"), TODAY).orElseThrow();
        // 5 leads an hour until 13:00: 5 by 13:00, the rest of the 7.7 from 09:00 tomorrow.
        assertThat(afternoon.window()).isGreaterThan(Duration.ofHours(7));
    }

    @Test
    void r3ExplainsTheSilence() {
        DailyCounts counts = fourWeeks(10, 10, 0).build();
        Instant lastLead = LocalDateTime.parse("2026-03-07T17:00").atZone(ZONE).toInstant();
        LeadVolumeRules.SilenceWindow window =
                RULES.silenceWindow(counts, lastLead, TODAY).orElseThrow();

        Alert alert = RULES.sourceSilent(WEB, counts, lastLead, window, at("14:00"));

        assertThat(alert.getAlertId())
                .isEqualTo("R3_SOURCE_SILENT/source:Web/2026-03-07T22:00:00Z/warning");
        assertThat(alert.getObserved()).isEqualTo(7);
        assertThat(alert.getMessage())
                .isEqualTo(
                        "Source silent, Web: no lead for 7 business hours (since Sat 7 Mar 17:00),"
                                + " usually about 7 in that time.\n"
                                + "Unusual: a silence this long comes by chance less than once in"
                                + " 100. Check that the Web form still sends its leads to Zoho.");
        assertThat(alert.getTest())
                .isEqualTo(
                        "no lead for 7 business h >= 6.2 h, in which 6.8 leads are expected at this"
                                + " time of day (needed: max(5, ln(8.6 a day / 0.01)) = 6.8;"
                                + " clamped 2-48 h); P(0) = 0.0012");
    }
}
