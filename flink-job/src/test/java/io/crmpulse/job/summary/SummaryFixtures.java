package io.crmpulse.job.summary;

import io.crmpulse.job.config.MoneyFormat;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One ordinary day: F01 day ... F17 alerts capped (see {@link #GOOD}). */
final class SummaryFixtures {

    static final LocalDate DAY = LocalDate.of(2026, 6, 2);
    static final MoneyFormat INR = MoneyFormat.parse("INR");

    private SummaryFixtures() {}

    static DailyNumbers numbers() {
        return new DailyNumbers(
                DAY,
                42,
                List.of(
                        new DailyNumbers.NamedCount("Web", 20),
                        new DailyNumbers.NamedCount("Partner", 12),
                        new DailyNumbers.NamedCount("Referral", 6),
                        new DailyNumbers.NamedCount("Cold Call", 4)),
                new BigDecimal("0.3810"),
                new BigDecimal("0.2500"),
                new BigDecimal("0.0476"),
                new BigDecimal("0.0800"),
                3,
                new BigDecimal("120000.00"),
                new BigDecimal("1250000.40"),
                new BigDecimal("1300000.00"),
                List.of(
                        new DailyNumbers.NamedCount("Priya Sharma", 7),
                        new DailyNumbers.NamedCount("Arjun Rao", 4)),
                Map.of("R1_JUNK_SPIKE", 1, "R3_SOURCE_SILENT", 1),
                1);
    }

    static FactSheet sheet() {
        return FactSheet.build(numbers(), INR);
    }

    /** A grounded answer for {@link #numbers()}. */
    static final String GOOD =
            "{\"headline\":\"{F02} leads and {F10} deals won worth {F11} today\","
                    + "\"points\":["
                    + "{\"text\":\"Junk rate rose to {F06} against {F07} over the past week,"
                    + " mostly from Web with {F03} leads.\",\"facts\":[\"F06\",\"F07\",\"F03\"]},"
                    + "{\"text\":\"Open pipeline fell to {F12}, a change of {F13} since"
                    + " yesterday.\",\"facts\":[\"F12\",\"F13\"]},"
                    + "{\"text\":\"There were {F16} alerts today and {F17} more were held back"
                    + " by the cap.\",\"facts\":[\"F16\",\"F17\"]}],"
                    + "\"actions\":[{\"text\":\"Ask Priya Sharma to call her {F14} untouched"
                    + " leads tomorrow morning.\",\"facts\":[\"F14\"]}]}";

    static final String GOOD_WHATSAPP =
            "*CRM Pulse, Tue 2 Jun 2026*\n"
                    + "42 leads and 3 deals won worth ₹1,20,000 today\n\n"
                    + "- Junk rate rose to 38% against 25% over the past week, mostly from Web"
                    + " with 20 leads.\n"
                    + "- Open pipeline fell to ₹12,50,000, a change of -₹50,000 since yesterday.\n"
                    + "- There were 2 alerts today and 1 more were held back by the cap.\n\n"
                    + "Actions:\n"
                    + "- Ask Priya Sharma to call her 7 untouched leads tomorrow morning.";

    /** {@link #GOOD} with {@code from} replaced by {@code to}. */
    static String good(String from, String to) {
        if (!GOOD.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return GOOD.replace(from, to);
    }
}
