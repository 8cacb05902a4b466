package io.crmpulse.job.alerts.health;

import static io.crmpulse.job.alerts.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.alerts.Fixtures;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.Alert;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** G10 in its Flink function: one DATA_STALE alert per episode of no completed Zoho poll. */
class DataHealthFunctionTest {

    private KeyedOneInputStreamOperatorTestHarness<String, RecordChange, Alert> harness;
    private Instant now;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(Instant start, OperatorSubtaskState restore) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new DataHealthFunction(AlertSettings.defaults(), Fixtures.ZONE)),
                        p -> DataHealthFunction.KEY,
                        Types.STRING);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        now = start;
        harness.setProcessingTime(start.toEpochMilli());
    }

    /** Moves to {@code t} minute by minute; the modules named poll each minute. */
    private void advanceTo(Instant t, String... polling) throws Exception {
        while (now.isBefore(t)) {
            now = now.plus(Duration.ofMinutes(1));
            for (String module : polling) {
                harness.processElement(Fixtures.poll(module, now), now.toEpochMilli());
            }
            harness.setProcessingTime(now.toEpochMilli());
        }
    }

    @Test
    void fifteenMinutesWithoutAPollSendOneAlertPerEpisode() throws Exception {
        open(local("2026-03-09T09:00"), null);
        advanceTo(local("2026-03-09T10:00"), "Leads", "Deals");

        advanceTo(local("2026-03-09T10:14"));
        assertThat(harness.extractOutputValues()).isEmpty();
        advanceTo(local("2026-03-09T10:15"));

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getAlertId())
                                    .isEqualTo("DATA_STALE/zoho/2026-03-09T14:00:00Z/warning");
                            assertThat(a.getFiredAt()).isEqualTo(local("2026-03-09T10:15"));
                            assertThat(a.getTest())
                                    .isEqualTo(
                                            "no completed Zoho poll of Deals, Leads for 15 min >= 15 min");
                            assertThat(a.getMessage())
                                    .isEqualTo(
                                            "Data stale: no Zoho poll of Deals, Leads has completed for 15 minutes"
                                                    + " (last at Mon 9 Mar 10:00; the limit is 15 minutes)."
                                                    + " Volume, silence and speed-to-lead alerts are"
                                                    + " paused until data flows again.\n"
                                                    + "Check that the job runs and that Zoho answers"
                                                    + " (its API status, the network, the API"
                                                    + " credits).");
                        });

        advanceTo(local("2026-03-09T12:00"));
        assertThat(harness.extractOutputValues()).hasSize(1);

        advanceTo(local("2026-03-09T12:30"), "Leads", "Deals");
        advanceTo(local("2026-03-09T12:45"));
        assertThat(harness.extractOutputValues())
                .extracting(Alert::getAlertId)
                .containsExactly(
                        "DATA_STALE/zoho/2026-03-09T14:00:00Z/warning",
                        "DATA_STALE/zoho/2026-03-09T16:30:00Z/warning");
    }

    @Test
    void aFailedTokenRefreshIsReportedAtOnceAndOncePerEpisode() throws Exception {
        open(local("2026-03-09T09:00"), null);
        advanceTo(local("2026-03-09T10:00"), "Leads", "Deals");
        advanceTo(local("2026-03-09T10:03"));

        harness.processElement(tokenFailure("Leads", now), now.toEpochMilli());

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getRule()).isEqualTo(Alert.DATA_STALE);
                            assertThat(a.getFiredAt()).isEqualTo(local("2026-03-09T10:03"));
                            assertThat(a.getTest())
                                    .isEqualTo("Zoho token refresh failed for Leads");
                            assertThat(a.getMessage())
                                    .isEqualTo(
                                            "Data stale: Zoho would not refresh the access token,"
                                                    + " so Leads cannot be synced (last poll at Mon"
                                                    + " 9 Mar 10:00). Volume, silence and"
                                                    + " speed-to-lead alerts are paused until data"
                                                    + " flows again.\n"
                                                    + "Check the Zoho connection: if the grant was"
                                                    + " revoked, create a new self-client grant and"
                                                    + " set ZOHO_REFRESH_TOKEN.");
                        });

        // More failures, then the poll lag passes: the same episode, no second alert.
        harness.processElement(tokenFailure("Deals", now), now.toEpochMilli());
        advanceTo(local("2026-03-09T10:40"));
        assertThat(harness.extractOutputValues()).hasSize(1);

        // Data flows again; a later failure is a new episode.
        advanceTo(local("2026-03-09T11:00"), "Leads", "Deals");
        harness.processElement(tokenFailure("Leads", now), now.toEpochMilli());
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    private static RecordChange tokenFailure(String module, Instant at) {
        return RecordChange.syncFailure(
                module,
                at,
                "{\"token_refresh_failed\":\"Zoho accounts server unavailable (HTTP 503)\"}");
    }

    @Test
    void oneModuleStoppingIsEnough() throws Exception {
        open(local("2026-03-09T09:00"), null);
        advanceTo(local("2026-03-09T10:00"), "Leads", "Deals");

        advanceTo(local("2026-03-09T10:30"), "Leads");

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getFiredAt()).isEqualTo(local("2026-03-09T10:15"));
                            assertThat(a.getTest()).contains("poll of Deals for");
                        });
    }

    @Test
    void aRestartAfterALongStopGivesTheSourceTimeToPoll() throws Exception {
        open(local("2026-03-09T09:00"), null);
        advanceTo(local("2026-03-09T10:05"), "Leads", "Deals");
        OperatorSubtaskState state = harness.snapshot(1, now.toEpochMilli());
        harness.close();

        // Back three hours later: the restored timer is long overdue, yet nothing is stale yet.
        open(local("2026-03-09T13:00"), state);
        advanceTo(local("2026-03-09T13:10"));
        assertThat(harness.extractOutputValues()).isEmpty();
        advanceTo(local("2026-03-09T13:40"), "Leads", "Deals");
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aRestartWhoseSourceNeverPollsIsReportedAfterTheLag() throws Exception {
        open(local("2026-03-09T09:00"), null);
        advanceTo(local("2026-03-09T10:05"), "Leads", "Deals");
        OperatorSubtaskState state = harness.snapshot(1, now.toEpochMilli());
        harness.close();

        open(local("2026-03-09T13:00"), state);
        advanceTo(local("2026-03-09T13:20"));

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(a -> assertThat(a.getFiredAt()).isEqualTo(local("2026-03-09T13:15")));
    }
}
