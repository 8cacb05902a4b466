package io.crmpulse.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class MoneyFormatTest {

    private static String format(String currency, String amount) {
        return MoneyFormat.parse(currency).format(new BigDecimal(amount));
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
        MoneyFormat inr = MoneyFormat.parse("INR");
        assertThat(inr.formatChange(new BigDecimal("-50000"))).isEqualTo("-₹50,000");
        assertThat(inr.formatChange(new BigDecimal("250000"))).isEqualTo("+₹2,50,000");
        assertThat(inr.formatChange(new BigDecimal("0.4"))).isEqualTo("₹0");
    }

    @Test
    void unsetMeansRupees() {
        assertThat(MoneyFormat.parse(null).currency().getCurrencyCode()).isEqualTo("INR");
        assertThat(MoneyFormat.parse(" ").currency().getCurrencyCode()).isEqualTo("INR");
    }

    @Test
    void aWrongCurrencyNamesTheVariable() {
        assertThatThrownBy(() -> MoneyFormat.parse("RUPEES"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_CURRENCY='RUPEES' is not a currency: use an ISO 4217 code such as"
                                + " INR, USD or EUR, optionally with a locale (EUR:de-DE)");
        assertThatThrownBy(() -> MoneyFormat.parse("EUR:not a locale"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "PULSE_CURRENCY='EUR:not a locale': 'not a locale' is not a locale");
    }
}
