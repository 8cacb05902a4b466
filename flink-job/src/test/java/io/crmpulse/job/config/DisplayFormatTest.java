package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DisplayFormatTest {

    private static String format(String currency, String amount) {
        return DisplayFormat.parse(currency).money(new BigDecimal(amount));
    }

    @Test
    void rupeesUseIndianGrouping() {
        assertThat(format("INR", "120000")).isEqualTo("₹1,20,000");
        assertThat(format("INR", "12000000")).isEqualTo("₹1,20,00,000");
        assertThat(format("INR", "1234567.49")).isEqualTo("₹12,34,567");
        assertThat(format("INR", "999.50")).isEqualTo("₹1,000");
        assertThat(format("INR", "0")).isEqualTo("₹0");
    }

    @Test
    void dollarsAndEurosUseTheirLocalesGrouping() {
        assertThat(format("USD", "120000")).isEqualTo("$120,000");
        assertThat(format("EUR", "120000")).isEqualTo("€120,000");
        assertThat(format("EUR:de-DE", "120000")).isEqualTo("120.000\u00a0€");
        assertThat(format("usd", "1234567.5")).isEqualTo("$1,234,568");
    }

    @Test
    void changesCarryTheirSign() {
        DisplayFormat inr = DisplayFormat.parse("INR");
        assertThat(inr.moneyChange(new BigDecimal("-50000"))).isEqualTo("-₹50,000");
        assertThat(inr.moneyChange(new BigDecimal("250000"))).isEqualTo("+₹2,50,000");
        assertThat(inr.moneyChange(new BigDecimal("0.4"))).isEqualTo("₹0");
    }

    @Test
    void countsUseTheSameGroupingAsMoney() {
        assertThat(DisplayFormat.parse("INR").count(1234567)).isEqualTo("12,34,567");
        assertThat(DisplayFormat.parse("INR").count(999)).isEqualTo("999");
        assertThat(DisplayFormat.parse("INR").count(-120000)).isEqualTo("-1,20,000");
        assertThat(DisplayFormat.parse("USD").count(1234567)).isEqualTo("1,234,567");
        assertThat(DisplayFormat.parse("EUR:de-DE").count(1234567)).isEqualTo("1.234.567");
    }

    @Test
    void anExpectedCountThatIsAMeanKeepsOneDecimal() {
        DisplayFormat inr = DisplayFormat.parse("INR");
        assertThat(inr.count(new BigDecimal("16.5"))).isEqualTo("16.5");
        assertThat(inr.count(new BigDecimal("16.25"))).isEqualTo("16.3");
        assertThat(inr.count(new BigDecimal("17.0000"))).as("a whole mean").isEqualTo("17");
        assertThat(inr.count(new BigDecimal("123456.5"))).isEqualTo("1,23,456.5");
        assertThat(inr.count(new BigDecimal("-120000"))).isEqualTo(inr.count(-120000));
        assertThat(DisplayFormat.parse("EUR:de-DE").count(new BigDecimal("1234.5")))
                .isEqualTo("1.234,5");
    }

    @Test
    void ratesAreWholePercentsAndTheirChangesPointsBetweenTheShownRates() {
        DisplayFormat inr = DisplayFormat.parse("INR");
        assertThat(inr.percent(new BigDecimal("0.3750"))).isEqualTo("38%");
        assertThat(inr.percent(new BigDecimal("0.004"))).isEqualTo("0%");
        assertThat(inr.percent(BigDecimal.ONE)).isEqualTo("100%");
        // 37.5% shows 38% and 18.8% shows 19%: the change reads as the difference of the two shown.
        assertThat(inr.points(new BigDecimal("0.375"), new BigDecimal("0.188")))
                .isEqualTo("+19 pp");
        assertThat(inr.points(new BigDecimal("0.10"), new BigDecimal("0.25"))).isEqualTo("-15 pp");
        assertThat(inr.points(new BigDecimal("0.381"), new BigDecimal("0.379"))).isEqualTo("0 pp");
    }

    @Test
    void unsetMeansRupees() {
        assertThat(DisplayFormat.parse(null).currency().getCurrencyCode()).isEqualTo("INR");
        assertThat(DisplayFormat.parse(" ").currency().getCurrencyCode()).isEqualTo("INR");
    }

    @Test
    void aWrongCurrencyNamesTheVariable() {
        assertThatThrownBy(() -> DisplayFormat.parse("RUPEES"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_CURRENCY='RUPEES' is not a currency: use an ISO 4217 code such as"
                                + " INR, USD or EUR, optionally with a locale (EUR:de-DE)");
        assertThatThrownBy(() -> DisplayFormat.parse("EUR:not a locale"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_CURRENCY='EUR:not a locale': 'not a locale' is not a locale");
    }
}
