package io.crmpulse.job.alerts.untouched;

import static io.crmpulse.job.alerts.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** R5 in its Flink function, time moved by the harness (America/New_York, Mon-Sat 9-19). */
class UntouchedLeadsFunctionTest {

    private static final AlertSettings SETTINGS = AlertSettings.defaults();

    private OwnerRig rig;
    private OwnerRig restored;

    @AfterEach
    void close() throws Exception {
        if (rig != null) {
            rig.close();
        }
        if (restored != null) {
            restored.close();
        }
    }

    /** Three untouched leads of o1 at 09:00, 09:10, 09:20 on Monday 9 March. */
    private OwnerRig threeLeads() throws Exception {
        OwnerRig r = OwnerRig.start(SETTINGS, local("2026-03-09T08:00"));
        for (int i = 0; i < 3; i++) {
            r.liveLead(
                    "L" + i,
                    "o1",
                    "Web",
                    local("2026-03-09T09:00").plus(Duration.ofMinutes(10L * i)));
        }
        return r;
    }

    @Test
    void threeOpenBreachesOfAnOwnerFireOneAlert() throws Exception {
        rig = threeLeads();

        rig.advanceTo(local("2026-03-09T10:15"));
        assertThat(rig.alerts()).isEmpty();
        rig.advanceTo(local("2026-03-09T10:20"));

        Alert alert = rig.alerts().get(0);
        assertThat(rig.alerts()).hasSize(1);
        assertThat(alert.getAlertId()).isEqualTo("R5_UNTOUCHED_LEADS/owner:o1/2026-03-09/warning");
        assertThat(alert.getFiredAt()).isEqualTo(local("2026-03-09T10:20"));
        assertThat(alert.getObserved()).isEqualTo(3);
        assertThat(alert.getExpected()).isEqualTo(3);
        assertThat(alert.getTest()).isEqualTo("3 open SLA breaches >= 3 (SLA 60 business min)");
        assertThat(alert.getMessage())
                .isEqualTo(
                        "Speed-to-lead: 3 leads of Rep o1 untouched past the 60-minute SLA; the"
                                + " oldest has waited 1.3 business hours (since Mon 9 Mar 09:00).\n"
                                + "Ask Rep o1 to call them now, or hand them to another rep.");

        // More breaches the same day: the cooldown holds.
        rig.liveLead("L9", "o1", "Web", local("2026-03-09T11:00"));
        rig.advanceTo(local("2026-03-09T18:00"));
        assertThat(rig.alerts()).hasSize(1);
    }

    @Test
    void aLeadWhoseStatusLeftTheUntouchedClassIsNoBreach() throws Exception {
        rig = threeLeads();
        rig.advanceTo(local("2026-03-09T09:50"));
        Instant created = local("2026-03-09T09:10");
        rig.change(
                "L1",
                OwnerRig.untouched("o1", "Web", created),
                OwnerRig.attempted("o1", "Web", created, rig.now()),
                true);

        rig.advanceTo(local("2026-03-09T18:00"));

        assertThat(rig.alerts()).isEmpty();
    }

    @Test
    void aLeadReassignedToAnotherOwnerLeavesTheFirstOwnersCount() throws Exception {
        rig = threeLeads();
        rig.advanceTo(local("2026-03-09T09:30"));
        Instant created = local("2026-03-09T09:20");
        rig.change(
                "L2",
                OwnerRig.untouched("o1", "Web", created),
                OwnerRig.untouched("o2", "Web", created),
                true);

        rig.advanceTo(local("2026-03-09T18:00"));

        assertThat(rig.alerts()).isEmpty();
    }

    @Test
    void fiveLeadsUntouchedForADayEscalateToCriticalDespiteTheCooldown() throws Exception {
        rig = OwnerRig.start(SETTINGS, local("2026-03-09T08:00"));
        for (int i = 0; i < 5; i++) {
            rig.liveLead(
                    "L" + i,
                    "o1",
                    "Web",
                    local("2026-03-09T10:00").plus(Duration.ofMinutes(10L * i)));
        }

        rig.advanceTo(local("2026-03-10T10:35"));
        assertThat(rig.alerts()).extracting(Alert::getSeverity).containsExactly("warning");
        assertThat(rig.alerts().get(0).getFiredAt()).isEqualTo(local("2026-03-09T11:20"));

        rig.advanceTo(local("2026-03-10T10:40"));
        assertThat(rig.alerts())
                .extracting(Alert::getSeverity)
                .containsExactly("warning", "critical");
        Alert critical = rig.alerts().get(1);
        assertThat(critical.getAlertId())
                .isEqualTo("R5_UNTOUCHED_LEADS/owner:o1/2026-03-10/critical");
        assertThat(critical.getMessage())
                .isEqualTo(
                        "Escalation, speed-to-lead: 5 leads of Rep o1 untouched for more than 24"
                                + " hours, 5 past the 60-minute SLA; the oldest has waited 10.7"
                                + " business hours (since Mon 9 Mar 10:00), 10 times the SLA.\n"
                                + "Call Rep o1 today, or hand the leads to another rep.");
    }

    @Test
    void aHotSourceLeadAlertsAloneAndItsSlaClockSkipsTheSpringForwardSunday() throws Exception {
        AlertSettings hot =
                new AlertSettings(
                        SETTINGS.mechanics(),
                        SETTINGS.junk(),
                        SETTINGS.volumeDrop(),
                        SETTINGS.silence(),
                        SETTINGS.bigDealLost(),
                        new AlertSettings.Untouched(60, 3, 24, 5, List.of("Partner"), 7),
                        SETTINGS.health(),
                        SETTINGS.businessHours(),
                        SETTINGS.noise());
        rig = OwnerRig.start(hot, local("2026-03-07T18:00"));
        rig.liveLead("L1", "o1", "Partner", local("2026-03-07T18:30"));

        // 30 business minutes on Saturday (EST), none on Sunday, 30 on Monday (EDT).
        rig.advanceTo(local("2026-03-09T09:25"));
        assertThat(rig.alerts()).isEmpty();
        rig.advanceTo(local("2026-03-09T09:30"));

        assertThat(rig.alerts())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getFiredAt()).isEqualTo(local("2026-03-09T09:30"));
                            assertThat(a.getTest())
                                    .isEqualTo(
                                            "breach of a lead from hot source Partner (SLA 60 business min)");
                            assertThat(a.getMessage())
                                    .isEqualTo(
                                            "Speed-to-lead: 1 lead of Rep o1 untouched past the"
                                                    + " 60-minute SLA, from hot source Partner; the"
                                                    + " oldest has waited 1 business hour (since Sat"
                                                    + " 7 Mar 18:30).\n"
                                                    + "Ask Rep o1 to call it now: leads from Partner"
                                                    + " cool fast.");
                        });
    }

    @Test
    void breachesInHistoryCountButOnlyALiveBreachAlerts() throws Exception {
        // First start at noon; four leads from 08:00 are untouched, their SLAs ran out at 10:00.
        rig = OwnerRig.start(SETTINGS, local("2026-03-09T12:00"));
        for (int i = 0; i < 4; i++) {
            Instant created = local("2026-03-09T08:00").plus(Duration.ofMinutes(10L * i));
            rig.newLead("H" + i, "o1", "Web", created, false);
        }
        rig.advanceTo(local("2026-03-09T13:00"));
        assertThat(rig.alerts()).isEmpty();

        rig.liveLead("L1", "o1", "Web", local("2026-03-09T13:05"));
        rig.advanceTo(local("2026-03-09T14:05"));
        assertThat(rig.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getObserved()).isEqualTo(5));
    }

    @Test
    void staleDataHoldsTheSlaUntilPollsResume() throws Exception {
        rig = threeLeads();
        rig.advanceTo(local("2026-03-09T09:30"));
        rig.polling = false;

        rig.advanceTo(local("2026-03-09T10:55"));
        assertThat(rig.alerts()).isEmpty();

        rig.polling = true;
        rig.advanceTo(local("2026-03-09T11:00"));
        assertThat(rig.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getFiredAt()).isEqualTo(local("2026-03-09T11:00")));
    }

    @Test
    void aRestoreKeepsTheLeadsAndTheCooldown() throws Exception {
        rig = threeLeads();
        rig.advanceTo(local("2026-03-09T10:15"));
        OperatorSubtaskState beforeFiring = rig.snapshot();
        rig.advanceTo(local("2026-03-09T10:30"));
        OperatorSubtaskState afterFiring = rig.snapshot();
        String id = rig.alerts().get(0).getAlertId();

        restored = OwnerRig.restore(SETTINGS, local("2026-03-09T10:15"), beforeFiring);
        restored.advanceTo(local("2026-03-09T10:30"));
        assertThat(restored.alerts()).extracting(Alert::getAlertId).containsExactly(id);
        restored.close();

        restored = OwnerRig.restore(SETTINGS, local("2026-03-09T10:30"), afterFiring);
        restored.liveLead("L9", "o1", "Web", local("2026-03-09T11:00"));
        restored.advanceTo(local("2026-03-09T18:00"));
        assertThat(restored.alerts()).isEmpty();
    }

    @Test
    void aLeadUntouchedForAWeekIsForgotten() throws Exception {
        rig = threeLeads();
        rig.advanceTo(local("2026-03-17T08:00"));
        assertThat(rig.alerts()).hasSize(1); // the warning; an escalation needs five leads

        // A week later two new leads breach: the three old ones no longer count.
        rig.liveLead("N1", "o1", "Web", local("2026-03-17T09:00"));
        rig.liveLead("N2", "o1", "Web", local("2026-03-17T09:05"));
        rig.advanceTo(local("2026-03-17T18:00"));
        assertThat(rig.alerts()).hasSize(1);
    }
}
