package io.crmpulse.job.alerts.bigdeal;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.alerts.DealInfoState;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealStageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** R4's message writes its amounts as the summary does, in {@code PULSE_CURRENCY}. */
class BigDealLostRuleTest {

    private static final Instant CREATED = Instant.parse("2026-01-26T10:00:00Z");
    private static final Instant LOST = Instant.parse("2026-03-09T15:00:00Z");
    private static final double[] WON = {
        100_000, 200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000, 900_000, 1_000_000
    };

    private static Alert judge(DisplayFormat display, BigDecimal amount, BigDecimal pipeline) {
        return judge(AlertSettings.defaults().bigDealLost(), display, amount, pipeline);
    }

    private static Alert judge(
            AlertSettings.BigDealLost settings,
            DisplayFormat display,
            BigDecimal amount,
            BigDecimal pipeline) {
        DealInfoState deal = new DealInfoState();
        deal.setDealName("Zenith GmbH");
        deal.setOwnerName("Priya Sharma");
        deal.setLeadSource("Trade Show");
        deal.setCreatedTime(CREATED);
        return new BigDealLostRule(settings, display)
                .judge(
                        new DealStageEvent(
                                "D-7", LOST, "Closed Lost", "Negotiation/Review", "lost", amount),
                        deal,
                        WON,
                        pipeline,
                        LOST)
                .orElseThrow();
    }

    @Test
    void inRupeesTheAmountsReadAsInTheSummary() {
        Alert alert =
                judge(
                        DisplayFormat.parse("INR"),
                        new BigDecimal("9500000"),
                        new BigDecimal("40000000"));

        assertThat(alert.getMessage())
                .isEqualTo(
                        "Big deal lost: Zenith GmbH (₹95,00,000) of Priya Sharma, source Trade"
                                + " Show, moved from Negotiation/Review to Closed Lost after 42"
                                + " days.\n"
                                + "Bigger than 90% of the deals won in the last 180 days, and it"
                                + " was 24% of the open pipeline. Ask Priya Sharma why it was lost"
                                + " and whether it can be won back.");
        assertThat(alert.getTest())
                .isEqualTo(
                        "₹95,00,000 >= max(floor ₹0, P90 of 10 won in 180 d = ₹9,10,000); 23.8%"
                                + " of open pipeline ₹4,00,00,000 >= 10.0%");
    }

    @Test
    void aDealBigByTheFloorSaysTheFloor() {
        Alert alert =
                judge(
                        new AlertSettings.BigDealLost(new BigDecimal("5000000"), 90, 180, 0.5),
                        DisplayFormat.parse("INR"),
                        new BigDecimal("5000000"),
                        new BigDecimal("40000000"));

        assertThat(alert.getMessage())
                .endsWith(
                        "\nAt or above ₹50,00,000, the size of a big deal. Ask Priya Sharma why it"
                                + " was lost and whether it can be won back.");
    }

    @Test
    void inDollarsTheSameDealReadsInDollars() {
        Alert alert =
                judge(
                        DisplayFormat.parse("USD"),
                        new BigDecimal("950000.40"),
                        new BigDecimal("20000000"));

        assertThat(alert.getMessage())
                .isEqualTo(
                        "Big deal lost: Zenith GmbH ($950,000) of Priya Sharma, source Trade Show,"
                                + " moved from Negotiation/Review to Closed Lost after 42 days.\n"
                                + "Bigger than 90% of the deals won in the last 180 days. Ask Priya"
                                + " Sharma why it was lost and whether it can be won back.");
    }
}
