package io.crmpulse.job.alerts.common;

import static io.crmpulse.job.alerts.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.model.LeadTransition;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeadTransitionFunctionTest {

    private static final Instant NOW = local("2026-03-09T10:00");

    private KeyedOneInputStreamOperatorTestHarness<String, LeadRow, LeadTransition> harness;

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void open(OperatorSubtaskState restore, Instant at) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new LeadTransitionFunction(AlertSettings.defaults())),
                        LeadRow::getId,
                        Types.STRING);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        harness.setProcessingTime(at.toEpochMilli());
    }

    private static LeadRow lead(
            String id, String status, String cls, Instant created, Instant modified) {
        LeadRow row = new LeadRow();
        row.setId(id);
        row.setLeadSource("Web");
        row.setLeadStatus(status);
        row.setStatusClass(cls);
        row.setOwnerId("o1");
        row.setOwnerName("Priya Sharma");
        row.setCreatedTime(created);
        row.setModifiedTime(modified);
        return row;
    }

    private void send(LeadRow row) throws Exception {
        harness.processElement(row, row.getModifiedTime().toEpochMilli());
    }

    @Test
    void aNewLeadIsATransitionFromNothingLiveWithinTheHorizon() throws Exception {
        open(null, NOW);
        send(
                lead(
                        "1",
                        "Not Contacted",
                        "untouched",
                        NOW.minus(Duration.ofMinutes(2)),
                        NOW.minus(Duration.ofMinutes(2))));
        send(
                lead(
                        "2",
                        "Not Contacted",
                        "untouched",
                        NOW.minus(Duration.ofHours(3)),
                        NOW.minus(Duration.ofMinutes(16))));

        assertThat(harness.extractOutputValues())
                .satisfiesExactly(
                        t -> {
                            assertThat(t.getBefore()).isNull();
                            assertThat(t.getAfter().getStatusClass()).isEqualTo("untouched");
                            assertThat(t.isLive()).isTrue();
                            assertThat(t.getSeenAt()).isEqualTo(NOW);
                        },
                        t -> assertThat(t.isLive()).isFalse());
    }

    @Test
    void aStatusChangeCarriesBothVersionsAndAnEditTheRulesCannotSeeNothing() throws Exception {
        open(null, NOW);
        Instant created = NOW.minus(Duration.ofHours(1));
        send(lead("1", "Not Contacted", "untouched", created, created));
        LeadRow renamed =
                lead("1", "Not Contacted", "untouched", created, NOW.minus(Duration.ofMinutes(30)));
        renamed.setOwnerName("Priya S.");
        send(renamed);
        send(lead("1", "Junk Lead", "junk", created, NOW.minus(Duration.ofMinutes(1))));

        assertThat(harness.extractOutputValues()).hasSize(2);
        LeadTransition t = harness.extractOutputValues().get(1);
        assertThat(t.getBefore().getStatusClass()).isEqualTo("untouched");
        assertThat(t.getAfter().getStatusClass()).isEqualTo("junk");
        assertThat(t.getChangedAt()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
    }

    @Test
    void aDeletionRetractsTheLastVersionOnceAndAnOlderVersionIsIgnored() throws Exception {
        open(null, NOW);
        Instant created = NOW.minus(Duration.ofHours(1));
        send(
                lead(
                        "1",
                        "Attempted to Contact",
                        "attempted",
                        created,
                        NOW.minus(Duration.ofMinutes(10))));
        send(lead("1", "Not Contacted", "untouched", created, NOW.minus(Duration.ofMinutes(50))));
        send(LeadRow.deletion("1", NOW));
        send(LeadRow.deletion("1", NOW));

        assertThat(harness.extractOutputValues())
                .satisfiesExactly(
                        t -> assertThat(t.getBefore()).isNull(),
                        t -> {
                            assertThat(t.getBefore().getStatusClass()).isEqualTo("attempted");
                            assertThat(t.getAfter()).isNull();
                        });
    }

    @Test
    void leadsOlderThanTheBaselinesAreNotFollowedAndYoungOnesAreForgottenWhenTheyAge()
            throws Exception {
        open(null, NOW);
        send(
                lead(
                        "old",
                        "Not Contacted",
                        "untouched",
                        NOW.minus(Duration.ofDays(40)),
                        NOW.minus(Duration.ofDays(1))));
        Instant created = NOW.minus(Duration.ofDays(29));
        send(lead("young", "Not Contacted", "untouched", created, created));
        assertThat(harness.extractOutputValues()).hasSize(1);

        // 30 days of retention: the lead is forgotten one day later.
        harness.setProcessingTime(NOW.plus(Duration.ofDays(1)).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aRestoreKeepsTheLastVersions() throws Exception {
        open(null, NOW);
        Instant created = NOW.minus(Duration.ofHours(1));
        send(lead("1", "Not Contacted", "untouched", created, created));
        OperatorSubtaskState state = harness.snapshot(1, NOW.toEpochMilli());
        harness.close();

        open(state, NOW);
        send(lead("1", "Contacted", "contacted", created, NOW));

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.getBefore().getStatusClass()).isEqualTo("untouched");
                            assertThat(t.getAfter().getStatusClass()).isEqualTo("contacted");
                        });
    }
}
