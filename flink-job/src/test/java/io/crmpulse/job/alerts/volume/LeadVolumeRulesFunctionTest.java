package io.crmpulse.job.alerts.volume;

import static io.crmpulse.job.alerts.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.alerts.Fixtures;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.LeadSnapshot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** R1, R2 and R3 in their Flink function, time moved by the harness (America/New_York). */
class LeadVolumeRulesFunctionTest {

    private static final AlertSettings SETTINGS = AlertSettings.defaults();

    /** The Monday after the spring-forward Sunday of 2026. */
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 9);

    private VolumeRig rig;
    private VolumeRig restored;

    @AfterEach
    void close() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (restored != null) {
            restored.close();
        }
    }

    /** Four weeks of Web: 40 leads a day Monday to Saturday, 4 junk; first poll at 06:00. */
    private VolumeRig mondayWithFourWeeksOfWeb() throws Exception {
        VolumeRig r = VolumeRig.start(SETTINGS, local("2026-03-09T06:00"));
        r.history("Web", MONDAY.minusDays(28), MONDAY, 40, 4);
        r.pollNow();
        return r;
    }

    /** Only 4 leads today, from 09:00 to 09:45. */
    private void fourEarlyLeads(VolumeRig r) throws Exception {
        for (int i = 0; i < 4; i++) {
            r.liveLead(
                    "Web",
                    local("2026-03-09T09:00").plus(Duration.ofMinutes(15L * i)),
                    "attempted");
        }
    }

    private static List<String> ids(List<Alert> alerts) {
        return alerts.stream().map(Alert::getAlertId).toList();
    }

    private static List<Alert> of(String rule, List<Alert> alerts) {
        return alerts.stream().filter(a -> a.getRule().equals(rule)).toList();
    }

    private List<Alert> drops(VolumeRig r) {
        return of(Alert.R2_VOLUME_DROP, r.alerts());
    }

    private List<Alert> junk(VolumeRig r) {
        return of(Alert.R1_JUNK_SPIKE, r.alerts());
    }

    // ------------------------------------------------------------------ R2

    @Test
    void aVolumeDropFiresOnTheSecondBreachingCheckOncePerSubject() throws Exception {
        rig = mondayWithFourWeeksOfWeb();
        fourEarlyLeads(rig);

        // phi = 1.39 (the median of 4 days is uncertain): 12:45, 4 of 15 expected, P = 0.0015;
        // 13:00, 4 of 16, P = 0.0008 < 0.001, the first breach; 13:15 the second.
        rig.advanceTo(local("2026-03-09T13:10"));
        assertThat(drops(rig)).isEmpty();
        rig.advanceTo(local("2026-03-09T13:15"));

        assertThat(ids(drops(rig)))
                .containsExactlyInAnyOrder(
                        "R2_VOLUME_DROP/source:Web/2026-03-09/warning",
                        "R2_VOLUME_DROP/total/2026-03-09/critical");
        assertThat(drops(rig))
                .allSatisfy(a -> assertThat(a.getFiredAt()).isEqualTo(local("2026-03-09T13:15")));
        Alert web =
                drops(rig).stream()
                        .filter(a -> a.getSubject().equals("source:Web"))
                        .findFirst()
                        .orElseThrow();
        assertThat(web.getMessage())
                .isEqualTo(
                        "Lead volume drop, Web: 4 leads today by 13:15, usually about 17 by then.\n"
                                + "Unusual: a day like this comes by chance less than once in"
                                + " 1,000. Check the Web form and its campaign.");
        // Web also went silent (R3): 10.4 leads expected since 09:45 by 12:22.
        assertThat(ids(of(Alert.R3_SOURCE_SILENT, rig.alerts())))
                .containsExactly("R3_SOURCE_SILENT/source:Web/2026-03-09T13:45:00Z/warning");

        // The drop goes on all day: cooldown, and the end-of-day check is the same row.
        rig.advanceTo(local("2026-03-10T00:30"));
        assertThat(drops(rig)).hasSize(2);
    }

    @Test
    void anOrdinaryDayStaysQuietIncludingItsEndOfDayCheck() throws Exception {
        rig = mondayWithFourWeeksOfWeb();
        for (int i = 0; i < 40; i++) {
            rig.liveLead(
                    "Web",
                    local("2026-03-09T09:00").plus(Duration.ofMinutes(15L * i)),
                    i % 10 == 0 ? "junk" : "attempted");
        }

        rig.advanceTo(local("2026-03-10T01:00"));

        assertThat(rig.alerts()).isEmpty();
    }

    @Test
    void countsMoveExactlyWhenLeadsChangeSource() throws Exception {
        rig = mondayWithFourWeeksOfWeb();
        Instant first = local("2026-03-09T09:00");
        for (int i = 0; i < 16; i++) {
            rig.liveLead("Web", first.plus(Duration.ofMinutes(15L * i)), "attempted");
        }
        rig.advanceTo(local("2026-03-09T13:00"));
        // Twelve of today's Web leads turn out to be Chat leads.
        for (int i = 0; i < 12; i++) {
            Instant created = first.plus(Duration.ofMinutes(15L * i));
            rig.change(
                    Fixtures.snapshot("Web", "attempted", "o1", created, created),
                    Fixtures.snapshot("Chat", "attempted", "o1", created, rig.now()),
                    true);
        }

        // 13:15: 4 of 17 expected, the first breach; 13:30: 4 of 18, the second.
        rig.advanceTo(local("2026-03-09T13:30"));

        assertThat(ids(drops(rig))).containsExactly("R2_VOLUME_DROP/source:Web/2026-03-09/warning");
        assertThat(drops(rig).get(0).getObserved()).isEqualTo(4);
        assertThat(drops(rig).get(0).getExpected()).isEqualTo(18);
        assertThat(drops(rig).get(0).getFiredAt()).isEqualTo(local("2026-03-09T13:30"));
    }

    @Test
    void staleDataMutesTheVolumeRuleUntilPollsResume() throws Exception {
        rig = mondayWithFourWeeksOfWeb();
        fourEarlyLeads(rig);
        rig.advanceTo(local("2026-03-09T10:00"));
        rig.polling = false;

        rig.advanceTo(local("2026-03-09T16:00"));
        assertThat(rig.alerts()).isEmpty();

        rig.polling = true;
        rig.advanceTo(local("2026-03-09T16:15"));
        assertThat(drops(rig)).isEmpty(); // the first fresh check is the first breach
        rig.advanceTo(local("2026-03-09T16:30"));
        assertThat(drops(rig)).hasSize(2);
    }

    @Test
    void aRestoreKeepsTheStreakAndTheCooldownAndFiresTheSameAlertId() throws Exception {
        rig = mondayWithFourWeeksOfWeb();
        fourEarlyLeads(rig);
        rig.advanceTo(local("2026-03-09T13:05")); // after the first breach
        OperatorSubtaskState beforeFiring = rig.snapshot();
        rig.advanceTo(local("2026-03-09T13:30"));
        List<String> fired = ids(drops(rig));
        OperatorSubtaskState afterFiring = rig.snapshot();

        restored = VolumeRig.restore(SETTINGS, local("2026-03-09T13:05"), beforeFiring);
        restored.advanceTo(local("2026-03-09T13:30"));
        assertThat(ids(drops(restored))).containsExactlyInAnyOrderElementsOf(fired).hasSize(2);
        assertThat(drops(restored))
                .allSatisfy(a -> assertThat(a.getFiredAt()).isEqualTo(local("2026-03-09T13:15")));
        restored.close();

        restored = VolumeRig.restore(SETTINGS, local("2026-03-09T13:30"), afterFiring);
        restored.advanceTo(local("2026-03-09T19:00"));
        assertThat(restored.alerts()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-03-08", "2026-11-01"})
    void theTimeOfDayProfileHoldsOnAClockChangeDay(String date) throws Exception {
        // A business open seven days a week, so that the Sunday of the clock change counts.
        AlertSettings everyDay =
                new AlertSettings(
                        SETTINGS.mechanics(),
                        SETTINGS.junk(),
                        SETTINGS.volumeDrop(),
                        SETTINGS.silence(),
                        SETTINGS.bigDealLost(),
                        SETTINGS.untouched(),
                        SETTINGS.health(),
                        new AlertSettings.BusinessHours(
                                List.copyOf(EnumSet.allOf(DayOfWeek.class)),
                                LocalTime.of(9, 0),
                                LocalTime.of(19, 0),
                                List.of()),
                        SETTINGS.noise());
        LocalDate sunday = LocalDate.parse(date);
        rig = VolumeRig.start(everyDay, local(date + "T06:00"));
        for (LocalDate d = sunday.minusDays(28); d.isBefore(sunday); d = d.plusDays(1)) {
            rig.day("Web", d, 40, 4, 9, 19, false);
        }
        rig.pollNow();
        for (int i = 0; i < 4; i++) {
            rig.liveLead(
                    "Web", local(date + "T09:00").plus(Duration.ofMinutes(15L * i)), "attempted");
        }

        rig.advanceTo(local(date + "T13:10"));
        assertThat(drops(rig)).isEmpty();
        rig.advanceTo(local(date + "T13:15"));

        assertThat(drops(rig)).hasSize(2);
        assertThat(drops(rig))
                .allSatisfy(a -> assertThat(a.getFiredAt()).isEqualTo(local(date + "T13:15")));
    }

    // ------------------------------------------------------------------ R1

    /** 30 leads from 09:00, one every 2 minutes, the first 14 junk. */
    private void junkSpike(VolumeRig r, boolean live) throws Exception {
        for (int i = 0; i < 30; i++) {
            Instant created = local("2026-03-09T09:00").plus(Duration.ofMinutes(2L * i));
            if (live) {
                r.liveLead("Web", created, i < 14 ? "junk" : "attempted");
            } else {
                r.lead("Web", created, i < 14 ? "junk" : "attempted", false);
            }
        }
    }

    @Test
    void aJunkSpikeFiresOnTheSecondBreachingCheck() throws Exception {
        rig = mondayWithFourWeeksOfWeb();
        // 09:45: 14 junk of 23 triaged, the first breach; 10:00 the second.
        junkSpike(rig, true);
        rig.advanceTo(local("2026-03-09T10:00"));

        assertThat(ids(junk(rig)))
                .containsExactlyInAnyOrder(
                        "R1_JUNK_SPIKE/source:Web/2026-03-09/critical",
                        "R1_JUNK_SPIKE/total/2026-03-09/critical");
        assertThat(junk(rig))
                .allSatisfy(a -> assertThat(a.getFiredAt()).isEqualTo(local("2026-03-09T10:00")));
        Alert web =
                junk(rig).stream()
                        .filter(a -> a.getSubject().equals("source:Web"))
                        .findFirst()
                        .orElseThrow();
        assertThat(web.getMessage())
                .isEqualTo(
                        "Junk spike, Web: 14 of 30 leads triaged today by 10:00 are junk (47%),"
                                + " usually 10%.\n"
                                + "Extremely unusual: a day like this comes by chance less than"
                                + " once in 10,00,000. Check the Web form and where its traffic"
                                + " comes from.");
        rig.advanceTo(local("2026-03-09T19:00"));
        assertThat(junk(rig)).hasSize(2);
    }

    @Test
    void aJunkSpikeInHistoryNeverAlertsUntilALiveChangeRevealsOne() throws Exception {
        // First start at 11:00, today's spike already in the CRM and older than the live horizon.
        rig = VolumeRig.start(SETTINGS, local("2026-03-09T11:00"));
        rig.history("Web", MONDAY.minusDays(28), MONDAY, 40, 4);
        junkSpike(rig, false);
        rig.pollNow();

        rig.advanceTo(local("2026-03-09T13:00"));
        assertThat(junk(rig)).isEmpty();

        rig.liveLead("Web", local("2026-03-09T13:05"), "junk");
        rig.advanceTo(local("2026-03-09T13:15"));
        assertThat(ids(junk(rig)))
                .containsExactlyInAnyOrder(
                        "R1_JUNK_SPIKE/source:Web/2026-03-09/critical",
                        "R1_JUNK_SPIKE/total/2026-03-09/critical");
    }

    @Test
    void cooldownHoldsForADayUnlessTheSeverityRises() throws Exception {
        rig = mondayWithFourWeeksOfWeb();
        // 60 leads from 10:00, one a minute, every fourth junk (15 of 60, +15 pp): a warning.
        for (int i = 0; i < 60; i++) {
            rig.liveLead(
                    "Web",
                    local("2026-03-09T10:00").plus(Duration.ofMinutes(i)),
                    i % 4 == 0 ? "junk" : "attempted");
        }
        rig.advanceTo(local("2026-03-09T11:30"));
        assertThat(junk(rig)).extracting(Alert::getSeverity).containsOnly("warning").hasSize(2);

        // 25 more junk by noon: 40 of 85, critical. The severity rose: it fires despite cooldown.
        for (int i = 0; i < 25; i++) {
            rig.liveLead("Web", local("2026-03-09T11:31").plus(Duration.ofMinutes(i)), "junk");
        }
        rig.advanceTo(local("2026-03-09T12:30"));
        assertThat(junk(rig))
                .extracting(Alert::getSeverity)
                .containsExactlyInAnyOrder("warning", "warning", "critical", "critical");

        // Tuesday morning, another critical spike within 24 hours: held back.
        for (int i = 0; i < 30; i++) {
            rig.liveLead(
                    "Web",
                    local("2026-03-10T09:00").plus(Duration.ofMinutes(2L * i)),
                    i < 15 ? "junk" : "attempted");
        }
        rig.advanceTo(local("2026-03-10T11:00"));
        assertThat(junk(rig)).hasSize(4);
    }

    // ------------------------------------------------------------------ R3

    /**
     * Partner: 10 leads a day Monday to Saturday, so 5 leads take 5 business hours; the last on
     * Saturday at 18:00.
     */
    private VolumeRig partnerFromSaturdayMorning() throws Exception {
        LocalDate saturday = LocalDate.of(2026, 3, 7);
        VolumeRig r = VolumeRig.start(SETTINGS, local("2026-03-07T06:00"));
        r.history("Partner", saturday.minusDays(28), saturday, 10, 0);
        r.pollNow();
        for (int hour = 9; hour <= 18; hour++) {
            r.liveLead("Partner", local(String.format("2026-03-07T%02d:00", hour)), "attempted");
        }
        return r;
    }

    private List<Alert> silences(VolumeRig r) {
        return r.alerts().stream().filter(a -> a.getRule().equals(Alert.R3_SOURCE_SILENT)).toList();
    }

    @Test
    void aSilentSourceFiresAcrossTheSpringForwardWeekend() throws Exception {
        rig = partnerFromSaturdayMorning();

        // 8.6 leads a day: the silence must be worth ln(8.6 / 0.001) = 9.06 leads. One came at
        // each full hour: Saturday 18:00, then Monday 09:00 to 16:00, and 0.06 of 17:00's.
        rig.advanceTo(local("2026-03-09T17:00"));
        assertThat(silences(rig)).isEmpty();
        rig.advanceTo(local("2026-03-09T17:05"));

        assertThat(silences(rig)).hasSize(1);
        Alert silent = silences(rig).get(0);
        assertThat(silent.getAlertId())
                .isEqualTo("R3_SOURCE_SILENT/source:Partner/2026-03-07T23:00:00Z/warning");
        assertThat(silent.getFiredAt()).isEqualTo(local("2026-03-09T17:05"));
        assertThat(silent.getMessage())
                .isEqualTo(
                        "Source silent, Partner: no lead for 9.1 business hours (since Sat 7 Mar"
                                + " 18:00), usually about 9 in that time.\n"
                                + "Unusual: a silence this long comes by chance less than once in"
                                + " 1,000. Check that the Partner form still sends its leads to"
                                + " Zoho.");

        rig.advanceTo(local("2026-03-10T18:00"));
        assertThat(silences(rig)).hasSize(1);
    }

    @Test
    void aNewLeadReArmsTheSilence() throws Exception {
        rig = partnerFromSaturdayMorning();
        rig.liveLead("Partner", local("2026-03-09T11:00"), "untouched");

        // From 11:00: 8 leads by Monday 19:00, 1 at 09:00 on Tuesday, 0.06 of 10:00's.
        rig.advanceTo(local("2026-03-10T10:00"));
        assertThat(silences(rig)).isEmpty();
        rig.advanceTo(local("2026-03-10T10:05"));
        assertThat(silences(rig))
                .singleElement()
                .satisfies(
                        a -> assertThat(a.getWindowStart()).isEqualTo(local("2026-03-09T11:00")));
    }

    @Test
    void aSilenceThatRanOutBeforeTheFirstStartNeverAlerts() throws Exception {
        // Partner's last lead: Saturday 10:00, so the silence ran out on Saturday at 15:00.
        rig = VolumeRig.start(SETTINGS, local("2026-03-09T16:00"));
        rig.history("Partner", LocalDate.of(2026, 2, 7), LocalDate.of(2026, 3, 7), 10, 0);
        rig.day("Partner", LocalDate.of(2026, 3, 7), 2, 0, 9, 11, false);
        rig.pollNow();

        rig.advanceTo(local("2026-03-10T08:00"));

        assertThat(silences(rig)).isEmpty();
    }

    @Test
    void staleDataMutesTheSilenceUntilPollsResume() throws Exception {
        rig = partnerFromSaturdayMorning();
        rig.advanceTo(local("2026-03-09T09:00"));
        rig.polling = false;

        rig.advanceTo(local("2026-03-09T18:00"));
        assertThat(silences(rig)).isEmpty();

        // Muted at 17:05: looked at again every check interval, the first time fresh by 18:20.
        rig.polling = true;
        rig.advanceTo(local("2026-03-09T18:30"));
        assertThat(silences(rig))
                .singleElement()
                .satisfies(
                        a ->
                                assertThat(a.getFiredAt())
                                        .isBetween(
                                                local("2026-03-09T18:00"),
                                                local("2026-03-09T18:20")));
    }

    // ------------------------------------------------------------------ first start

    @Test
    void aFirstStartOnOrdinaryHistorySendsNothing() throws Exception {
        rig = VolumeRig.start(SETTINGS, local("2026-03-09T14:00"));
        rig.history("Web", MONDAY.minusDays(28), MONDAY, 40, 4);
        rig.history("Partner", MONDAY.minusDays(28), MONDAY, 10, 1);
        rig.day("Web", MONDAY, 20, 2, 9, 14, false);
        rig.day("Partner", MONDAY, 5, 0, 9, 14, false);
        rig.pollNow();

        rig.advanceTo(local("2026-03-09T14:50"));

        assertThat(rig.alerts()).isEmpty();
    }

    @Test
    void leadSnapshotsOfTheRigCarryNoPersonalData() {
        LeadSnapshot s = Fixtures.snapshot("Web", "junk", "o1", Instant.EPOCH, Instant.EPOCH);
        assertThat(s.toString()).doesNotContain("Rep o1");
    }
}
