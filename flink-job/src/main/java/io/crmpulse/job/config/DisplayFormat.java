package io.crmpulse.job.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How every number a person reads is written, the same in a WhatsApp alert, the daily summary and
 * the dashboard: amounts of the home currency in whole units with the currency's symbol and its
 * locale's grouping, e.g. {@code ₹1,20,000} (INR, Indian lakh grouping), {@code $120,000} (USD),
 * {@code €120,000} (EUR) or {@code 120.000 €} ({@code EUR:de-DE}); counts with the same grouping
 * ({@code 1,20,000}); rates in whole percents ({@code 38%}) and their changes in percentage points
 * ({@code +12 pp}).
 *
 * <p>The JDK's {@link DecimalFormat} knows one grouping size only, so for India (where CLDR says
 * {@code #,##,##0}) the digits are regrouped here: the last three, then pairs.
 *
 * @param currency the ISO 4217 currency of {@code amount_home}
 * @param locale whose symbols and grouping the amounts use
 */
public record DisplayFormat(Currency currency, Locale locale) implements java.io.Serializable {

    /** The locale a bare currency code is written in; others use en-US's grouping. */
    private static final Map<String, String> HOME_LOCALES =
            Map.ofEntries(
                    Map.entry("INR", "en-IN"),
                    Map.entry("USD", "en-US"),
                    Map.entry("EUR", "en-IE"),
                    Map.entry("GBP", "en-GB"),
                    Map.entry("AUD", "en-AU"),
                    Map.entry("CAD", "en-CA"),
                    Map.entry("SGD", "en-SG"),
                    Map.entry("AED", "en-AE"),
                    Map.entry("JPY", "ja-JP"),
                    Map.entry("CHF", "de-CH"));

    public DisplayFormat {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(locale, "locale");
    }

    /**
     * Parses {@code PULSE_CURRENCY}: an ISO 4217 code ({@code INR}, {@code USD}, {@code EUR}),
     * optionally followed by {@code :} and a BCP 47 locale ({@code EUR:de-DE}); unset or blank
     * means the default of {@link PulseEnvironment#CURRENCY}.
     *
     * @throws ConfigException naming the variable, the value and what is allowed
     */
    public static DisplayFormat parse(String value) {
        if (value == null || value.isBlank()) {
            value = PulseEnvironment.CURRENCY.defaultValue();
        }
        String trimmed = value.trim();
        int colon = trimmed.indexOf(':');
        String code = (colon < 0 ? trimmed : trimmed.substring(0, colon)).trim();
        Currency currency;
        try {
            currency = Currency.getInstance(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    PulseEnvironment.CURRENCY.name()
                            + "='"
                            + value
                            + "' is not a currency: use an ISO 4217 code such as INR, USD or"
                            + " EUR, optionally with a locale (EUR:de-DE)",
                    e);
        }
        Locale locale;
        if (colon < 0) {
            locale =
                    Locale.forLanguageTag(
                            HOME_LOCALES.getOrDefault(currency.getCurrencyCode(), "en-US"));
        } else {
            String tag = trimmed.substring(colon + 1).trim();
            try {
                locale = new Locale.Builder().setLanguageTag(tag).build();
            } catch (IllformedLocaleException e) {
                locale = null;
            }
            if (locale == null || locale.getLanguage().isEmpty()) {
                throw new ConfigException(
                        PulseEnvironment.CURRENCY.name()
                                + "='"
                                + value
                                + "': '"
                                + tag
                                + "' is not a locale; write a BCP 47 tag such as en-IN or de-DE"
                                + " after the colon, or leave it out");
            }
        }
        return new DisplayFormat(currency, locale);
    }

    /** The amount in whole units, half up: {@code ₹1,20,000}, {@code -$5,000}. */
    public String money(BigDecimal amount) {
        BigDecimal whole = amount.setScale(0, RoundingMode.HALF_UP);
        NumberFormat format = NumberFormat.getCurrencyInstance(locale);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(0);
        format.setMaximumFractionDigits(0);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return grouped(format, whole);
    }

    /**
     * Like {@link #money} with an explicit sign for a change: {@code +₹20,000}, {@code -₹5,000}.
     */
    public String moneyChange(BigDecimal change) {
        String text = money(change.abs());
        int sign = change.setScale(0, RoundingMode.HALF_UP).signum();
        return sign > 0 ? "+" + text : sign < 0 ? "-" + text : text;
    }

    /** A count with the locale's grouping: {@code 1,20,000} (en-IN), {@code 120,000} (en-US). */
    public String count(long n) {
        return count(BigDecimal.valueOf(n));
    }

    /**
     * A count that may be a mean, such as the leads a rule expected ({@code 16.5}): a whole number
     * reads as {@link #count(long)} does, any other with one decimal, half up, and the same
     * grouping ({@code 1,234.5}).
     */
    public String count(BigDecimal n) {
        NumberFormat format = NumberFormat.getNumberInstance(locale);
        format.setMinimumFractionDigits(0);
        format.setMaximumFractionDigits(1);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return grouped(format, n);
    }

    /** {@code value} written by {@code format}, in the locale's grouping (India's: see above). */
    private String grouped(NumberFormat format, BigDecimal value) {
        String text = format.format(value);
        return "IN".equals(locale.getCountry()) ? regroupIndian(text, format) : text;
    }

    /** A rate in whole percents, half up: {@code 0.3750} reads {@code 38%}. */
    public String percent(BigDecimal fraction) {
        return wholePercents(fraction).toPlainString() + "%";
    }

    /**
     * The change between two rates in whole percentage points, signed, from the rates as {@link
     * #percent} shows them (so {@code 38%} against {@code 19%} always reads {@code +19 pp}).
     */
    public String points(BigDecimal fraction, BigDecimal baseline) {
        int change = wholePercents(fraction).subtract(wholePercents(baseline)).signum();
        String text =
                wholePercents(fraction).subtract(wholePercents(baseline)).abs().toPlainString()
                        + " pp";
        return change > 0 ? "+" + text : change < 0 ? "-" + text : text;
    }

    /** {@code 0.3750} is {@code 38}: what {@link #percent} shows, for comparing rates as shown. */
    public static BigDecimal wholePercents(BigDecimal fraction) {
        return fraction.movePointRight(2).setScale(0, RoundingMode.HALF_UP);
    }

    private static String regroupIndian(String text, NumberFormat format) {
        char separator = ((DecimalFormat) format).getDecimalFormatSymbols().getGroupingSeparator();
        int start = -1;
        int end = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isDigit(c)) {
                if (start < 0) {
                    start = i;
                }
                end = i + 1;
            } else if (c != separator && start >= 0) {
                break;
            }
        }
        if (start < 0) {
            return text;
        }
        String digits = text.substring(start, end).replace(String.valueOf(separator), "");
        StringBuilder grouped = new StringBuilder();
        int head = digits.length() - 3;
        if (head <= 0) {
            grouped.append(digits);
        } else {
            String rest = digits.substring(0, head);
            int first = rest.length() % 2 == 0 ? 2 : 1;
            grouped.append(rest, 0, first);
            for (int i = first; i < rest.length(); i += 2) {
                grouped.append(separator).append(rest, i, i + 2);
            }
            grouped.append(separator).append(digits.substring(head));
        }
        return text.substring(0, start) + grouped + text.substring(end);
    }
}
