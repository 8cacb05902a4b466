package io.crmpulse.simulator.world;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/**
 * The organization's currencies. The home currency is INR; a record's {@code Exchange_Rate} is how
 * many units of its currency one rupee buys, so {@code amount / Exchange_Rate} is the amount in
 * rupees (docs/METRICS.md {@code amount_home}).
 */
public enum OrgCurrency {
    INR("₹", new BigDecimal("1")),
    USD("$", new BigDecimal("0.012")),
    EUR("€", new BigDecimal("0.011"));

    private final String symbol;
    private final BigDecimal exchangeRate;

    OrgCurrency(String symbol, BigDecimal exchangeRate) {
        this.symbol = symbol;
        this.exchangeRate = exchangeRate;
    }

    /** Zoho's {@code $currency_symbol}. */
    public String symbol() {
        return symbol;
    }

    public BigDecimal exchangeRate() {
        return exchangeRate;
    }

    public static Optional<OrgCurrency> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.name().equals(code)).findFirst();
    }
}
