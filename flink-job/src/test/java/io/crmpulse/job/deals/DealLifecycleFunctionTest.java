package io.crmpulse.job.deals;

import static io.crmpulse.job.deals.DealVersions.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.model.DealRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DealLifecycleFunctionTest {

    private static final String DEAL = "4970762000000512007";
    private static final String OTHER = "4970762000000512999";

    private KeyedOneInputStreamOperatorTestHarness<String, DealRow, DealRow> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, DealRow, DealRow> newHarness()
            throws Exception {
        // Not ProcessFunctionTestHarnesses: it opens the harness, and a restore must come first.
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(
                        new DealLifecycleFunction(new DealLifecycle(ZoneId.of("Asia/Kolkata")))),
                DealRow::getId,
                Types.STRING);
    }

    private void send(DealRow row) throws Exception {
        harness.processElement(row, row.getModifiedTime().toEpochMilli());
    }

    private List<Instant> wonTimes() {
        return harness.extractOutputValues().stream().map(DealRow::getWonAt).toList();
    }

    @Test
    void wonThenEditedThenReopenedThenWonAgain() throws Exception {
        send(version(DEAL, "Negotiation/Review", "2026-03-03T10:00:00Z"));
        send(version(DEAL, "Closed Won", "2026-03-04T10:00:00Z"));
        send(version(DEAL, "Closed Won", "2026-03-05T10:00:00Z"));
        send(version(DEAL, "Negotiation/Review", "2026-03-06T10:00:00Z"));
        send(version(DEAL, "Closed Won", "2026-03-07T10:00:00Z"));

        assertThat(wonTimes())
                .containsExactly(
                        null,
                        Instant.parse("2026-03-04T10:00:00Z"),
                        Instant.parse("2026-03-04T10:00:00Z"),
                        null,
                        Instant.parse("2026-03-07T10:00:00Z"));
        assertThat(harness.extractOutputValues().get(2).getWonDay())
                .isEqualTo(LocalDate.of(2026, 3, 4));
        assertThat(harness.extractOutputValues().get(2).getModifiedTime())
                .isEqualTo(Instant.parse("2026-03-05T10:00:00Z"));
    }

    @Test
    void lostTimesAreRememberedLikeWonTimes() throws Exception {
        send(version(DEAL, "Closed Lost", "2026-03-04T10:00:00Z"));
        send(version(DEAL, "Closed-Lost to Competition", "2026-03-05T10:00:00Z"));
        send(version(DEAL, "Closed Won", "2026-03-06T10:00:00Z"));

        assertThat(harness.extractOutputValues())
                .extracting(DealRow::getLostAt)
                .containsExactly(
                        Instant.parse("2026-03-04T10:00:00Z"),
                        Instant.parse("2026-03-04T10:00:00Z"),
                        null);
        assertThat(harness.extractOutputValues().get(2).getWonAt())
                .isEqualTo(Instant.parse("2026-03-06T10:00:00Z"));
    }

    @Test
    void wonLostTimesAreKeptWhileWonOrLostAndTheStageWhileTheDealLives() throws Exception {
        send(version(DEAL, "Qualification", "2026-03-03T10:00:00Z"));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        send(version(DEAL, "Closed Won", "2026-03-04T10:00:00Z"));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

        send(version(DEAL, "Negotiation/Review", "2026-03-05T10:00:00Z"));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        send(DealRow.deletion(DEAL, Instant.parse("2026-03-06T10:00:00Z")));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void reportsEachStageADealEntersOnce() throws Exception {
        send(version(DEAL, "Qualification", "2026-03-03T10:00:00Z"));
        send(version(DEAL, "Qualification", "2026-03-03T11:00:00Z")); // an edit, same stage
        send(version(DEAL, "Closed Won", "2026-03-04T10:00:00Z"));

        assertThat(harness.getSideOutput(DealLifecycleFunction.STAGE_EVENTS))
                .extracting(
                        r ->
                                r.getValue().getFromStage()
                                        + " -> "
                                        + r.getValue().getToStage()
                                        + " @"
                                        + r.getValue().getChangedAt())
                .containsExactly(
                        "null -> Qualification @2026-03-03T10:00:00Z",
                        "Qualification -> Closed Won @2026-03-04T10:00:00Z");
    }

    @Test
    void aDeletionClearsTheStateAndPassesThrough() throws Exception {
        DealRow deletion = DealRow.deletion(DEAL, Instant.parse("2026-03-05T10:00:00Z"));

        send(version(DEAL, "Closed Won", "2026-03-04T10:00:00Z"));
        send(deletion);
        assertThat(harness.numKeyedStateEntries()).isZero();
        // Restored from the recycle bin: won again, at the restored version's time.
        send(version(DEAL, "Closed Won", "2026-03-06T10:00:00Z"));

        assertThat(harness.extractOutputValues().get(1)).isEqualTo(deletion);
        assertThat(wonTimes())
                .containsExactly(
                        Instant.parse("2026-03-04T10:00:00Z"),
                        null,
                        Instant.parse("2026-03-06T10:00:00Z"));
    }

    @Test
    void eachDealHasItsOwnMemory() throws Exception {
        send(version(DEAL, "Closed Won", "2026-03-04T10:00:00Z"));
        send(version(OTHER, "Closed Won", "2026-03-05T10:00:00Z"));
        send(version(DEAL, "Closed Won", "2026-03-06T10:00:00Z"));
        send(version(OTHER, "Closed Won", "2026-03-07T10:00:00Z"));

        assertThat(wonTimes())
                .containsExactly(
                        Instant.parse("2026-03-04T10:00:00Z"),
                        Instant.parse("2026-03-05T10:00:00Z"),
                        Instant.parse("2026-03-04T10:00:00Z"),
                        Instant.parse("2026-03-05T10:00:00Z"));
    }

    @Test
    void theFirstWonTimeSurvivesARestoreFromACheckpoint() throws Exception {
        send(version(DEAL, "Closed Won", "2026-03-04T10:00:00Z"));
        OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        send(version(DEAL, "Closed Won", "2026-03-06T10:00:00Z"));

        assertThat(wonTimes()).containsExactly(Instant.parse("2026-03-04T10:00:00Z"));
    }
}
