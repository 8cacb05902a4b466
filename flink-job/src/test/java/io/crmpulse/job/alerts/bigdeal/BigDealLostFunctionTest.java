package io.crmpulse.job.alerts.bigdeal;

import static io.crmpulse.job.alerts.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.alerts.Fixtures;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.normalize.MetricClasses;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** R4 in its Flink function: deals on input 1, stage events on input 2. */
class BigDealLostFunctionTest {

    private static final Instant NOW = local("2026-03-09T10:00");

    private KeyedTwoInputStreamOperatorTestHarness<String, DealRow, DealStageEvent, Alert> harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, DealRow, DealStageEvent, Alert>
            newHarness(AlertSettings settings, OperatorSubtaskState restore, Instant at)
                    throws Exception {
        KeyedTwoInputStreamOperatorTestHarness<String, DealRow, DealStageEvent, Alert> h =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new BigDealLostFunction(
                                        settings, MetricClasses.defaults(), Fixtures.DISPLAY)),
                        d -> BigDealLostFunction.KEY,
                        e -> BigDealLostFunction.KEY,
                        Types.STRING);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        h.setProcessingTime(at.toEpochMilli());
        return h;
    }

    private static DealRow deal(
            String id, String stage, String cls, long amount, Instant created, Instant modified) {
        DealRow d = new DealRow();
        d.setId(id);
        d.setDealName("Deal " + id);
        d.setStage(stage);
        d.setStageClass(cls);
        d.setAmountHome(BigDecimal.valueOf(amount));
        d.setOwnerId("o1");
        d.setOwnerName("Priya Sharma");
        d.setLeadSource("Web");
        d.setCreatedTime(created);
        d.setModifiedTime(modified);
        if (MetricClasses.WON.equals(cls)) {
            d.setWonAt(modified);
        }
        return d;
    }

    private static DealStageEvent lost(String id, String from, long amount, Instant at) {
        return new DealStageEvent(id, at, "Closed Lost", from, "lost", BigDecimal.valueOf(amount));
    }

    /**
     * Ten deals won in the last 100 days (100,000 to 1,000,000: P90 = 910,000), open deals, and
     * Acme, created 42 days before 10:00 (so 41 whole days before it is lost at 09:58).
     */
    private void history(int openDeals, long openAmount, long acmeAmount) throws Exception {
        for (int i = 1; i <= 10; i++) {
            Instant won = NOW.minus(Duration.ofDays(10L * i));
            harness.processElement1(
                    deal(
                            "W" + i,
                            "Closed Won",
                            "won",
                            100_000L * i,
                            won.minus(Duration.ofDays(30)),
                            won),
                    won.toEpochMilli());
        }
        for (int i = 1; i <= openDeals; i++) {
            harness.processElement1(
                    deal(
                            "O" + i,
                            "Qualification",
                            "open",
                            openAmount,
                            NOW.minus(Duration.ofDays(5)),
                            NOW.minus(Duration.ofDays(1))),
                    NOW.toEpochMilli());
        }
        DealRow acme =
                deal(
                        "ACME",
                        "Negotiation/Review",
                        "open",
                        acmeAmount,
                        NOW.minus(Duration.ofDays(42)),
                        NOW.minus(Duration.ofDays(1)));
        acme.setDealName("Acme renewal");
        harness.processElement1(acme, NOW.toEpochMilli());
    }

    private void loseAcme(long amount, Instant at, boolean eventFirst) throws Exception {
        DealRow row =
                deal("ACME", "Closed Lost", "lost", amount, NOW.minus(Duration.ofDays(42)), at);
        row.setDealName("Acme renewal");
        row.setLostAt(at);
        DealStageEvent event = lost("ACME", "Negotiation/Review", amount, at);
        if (eventFirst) {
            harness.processElement2(event, at.toEpochMilli());
            harness.processElement1(row, at.toEpochMilli());
        } else {
            harness.processElement1(row, at.toEpochMilli());
            harness.processElement2(event, at.toEpochMilli());
        }
    }

    @Test
    void aLiveLossAboveTheNinetiethPercentileOfWonDealsFiresAtOnce() throws Exception {
        harness = newHarness(AlertSettings.defaults(), null, NOW);
        history(20, 500_000, 950_000);

        loseAcme(950_000, local("2026-03-09T09:58"), false);

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getAlertId())
                                    .isEqualTo(
                                            "R4_BIG_DEAL_LOST/deal:ACME/2026-03-09T13:58:00Z/critical");
                            assertThat(a.getSeverity()).isEqualTo("critical");
                            assertThat(a.getObserved()).isEqualTo(950_000);
                            assertThat(a.getExpected()).isEqualTo(910_000);
                            assertThat(a.getN()).isEqualTo(10);
                            assertThat(a.getTest())
                                    .isEqualTo(
                                            "₹9,50,000 >= max(floor ₹0, P90 of 10 won in 180 d ="
                                                    + " ₹9,10,000); 8.7% of open pipeline"
                                                    + " ₹1,09,50,000 < 10.0%");
                            assertThat(a.getMessage())
                                    .isEqualTo(
                                            "Big deal lost: Acme renewal (₹9,50,000) of Priya"
                                                    + " Sharma, source Web, moved from"
                                                    + " Negotiation/Review to Closed Lost after 41"
                                                    + " days.\n"
                                                    + "Bigger than 90% of the deals won in the last"
                                                    + " 180 days. Ask Priya Sharma why it was lost"
                                                    + " and whether it can be won back.");
                        });
    }

    @Test
    void theOrderOfTheDealAndItsStageEventDoesNotMatter() throws Exception {
        harness = newHarness(AlertSettings.defaults(), null, NOW);
        history(20, 500_000, 950_000);
        loseAcme(950_000, local("2026-03-09T09:58"), false);
        Alert rowFirst = harness.extractOutputValues().get(0);
        harness.close();

        harness = newHarness(AlertSettings.defaults(), null, NOW);
        history(20, 500_000, 950_000);
        loseAcme(950_000, local("2026-03-09T09:58"), true);

        assertThat(harness.extractOutputValues()).containsExactly(rowFirst);
    }

    @Test
    void aLossBelowBothThresholdsIsQuiet() throws Exception {
        harness = newHarness(AlertSettings.defaults(), null, NOW);
        history(20, 500_000, 300_000);

        loseAcme(300_000, local("2026-03-09T09:58"), false);

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aLossOfTenPercentOfTheOpenPipelineFires() throws Exception {
        harness = newHarness(AlertSettings.defaults(), null, NOW);
        history(5, 200_000, 150_000); // 150,000 of 1,150,000: 13%

        loseAcme(150_000, local("2026-03-09T09:58"), false);

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.getTest())
                                    .endsWith("13.0% of open pipeline ₹11,50,000 >= 10.0%");
                            assertThat(a.getMessage())
                                    .endsWith(
                                            "\nIt was 13% of the open pipeline. Ask Priya Sharma"
                                                    + " why it was lost and whether it can be won"
                                                    + " back.");
                        });
    }

    @Test
    void theAbsoluteFloorRaisesTheBar() throws Exception {
        AlertSettings floor =
                new AlertSettings(
                        AlertSettings.defaults().mechanics(),
                        AlertSettings.defaults().junk(),
                        AlertSettings.defaults().volumeDrop(),
                        AlertSettings.defaults().silence(),
                        new AlertSettings.BigDealLost(new BigDecimal("1000000"), 90, 180, 0.10),
                        AlertSettings.defaults().untouched(),
                        AlertSettings.defaults().health(),
                        AlertSettings.defaults().businessHours(),
                        AlertSettings.defaults().noise());
        harness = newHarness(floor, null, NOW);
        history(20, 500_000, 950_000);

        loseAcme(950_000, local("2026-03-09T09:58"), false);

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aLossInHistoryOrBetweenLostStagesNeverAlerts() throws Exception {
        harness = newHarness(AlertSettings.defaults(), null, NOW);
        history(20, 500_000, 950_000);

        // Lost two hours ago: the backfill brings it, it is not live.
        loseAcme(950_000, local("2026-03-09T08:00"), false);
        // Moved between two lost stages.
        harness.processElement2(
                new DealStageEvent(
                        "ACME",
                        local("2026-03-09T09:59"),
                        "Closed Lost to Competition",
                        "Closed Lost",
                        "lost",
                        BigDecimal.valueOf(950_000)),
                NOW.toEpochMilli());

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aRestoreKeepsTheWonDealsThePipelineAndTheCooldown() throws Exception {
        harness = newHarness(AlertSettings.defaults(), null, NOW);
        history(20, 500_000, 950_000);
        loseAcme(950_000, local("2026-03-09T09:58"), false);
        assertThat(harness.extractOutputValues()).hasSize(1);
        OperatorSubtaskState state = harness.snapshot(1, NOW.toEpochMilli());
        harness.close();

        harness = newHarness(AlertSettings.defaults(), state, local("2026-03-09T11:00"));
        // Reopened and lost again within the day: the cooldown of the deal holds.
        Instant reopened = local("2026-03-09T10:50");
        harness.processElement1(
                deal(
                        "ACME",
                        "Negotiation/Review",
                        "open",
                        950_000,
                        NOW.minus(Duration.ofDays(42)),
                        reopened),
                reopened.toEpochMilli());
        harness.processElement2(
                new DealStageEvent(
                        "ACME",
                        reopened,
                        "Negotiation/Review",
                        "Closed Lost",
                        "open",
                        BigDecimal.valueOf(950_000)),
                reopened.toEpochMilli());
        harness.processElement2(
                lost("ACME", "Negotiation/Review", 950_000, local("2026-03-09T10:58")), 0);
        assertThat(harness.extractOutputValues()).isEmpty();

        // Another deal above the P90 of the won deals kept in state fires.
        harness.processElement2(lost("O1", "Qualification", 990_000, local("2026-03-09T10:59")), 0);
        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(a -> assertThat(a.getSubject()).isEqualTo("deal:O1"));
    }
}
