package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MetricFunctionsTest {

    private final MetricFunctions.Rate rate = new MetricFunctions.Rate();
    private final MetricFunctions.Money money = new MetricFunctions.Money();

    @Test
    void rateRoundsToFourDecimalsHalfUp() {
        assertThat(rate.eval(1L, 3L)).isEqualByComparingTo("0.3333");
        assertThat(rate.eval(2L, 3L)).isEqualByComparingTo("0.6667");
        assertThat(rate.eval(1L, 8L)).isEqualByComparingTo("0.1250");
        assertThat(rate.eval(1L, 16L)).isEqualByComparingTo("0.0625");
        assertThat(rate.eval(1L, 32L)).isEqualByComparingTo("0.0313");
        assertThat(rate.eval(5L, 5L)).isEqualByComparingTo("1.0000");
    }

    @Test
    void rateIsNullWithoutADenominatorAndANullNumeratorCountsAsZero() {
        assertThat(rate.eval(0L, 0L)).isNull();
        assertThat(rate.eval(null, null)).isNull();
        assertThat(rate.eval(null, 4L)).isEqualByComparingTo("0.0000");
    }

    @Test
    void moneyRoundsOnceToTwoDecimalsHalfUpAndAnEmptySumIsZero() {
        assertThat(money.eval(new BigDecimal("10.005"))).isEqualTo(new BigDecimal("10.01"));
        assertThat(money.eval(new BigDecimal("123456.784999")))
                .isEqualTo(new BigDecimal("123456.78"));
        assertThat(money.eval(null)).isEqualTo(new BigDecimal("0.00"));
    }
}
