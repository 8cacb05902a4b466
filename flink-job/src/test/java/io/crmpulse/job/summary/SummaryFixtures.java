package io.crmpulse.job.summary;

import io.crmpulse.job.config.DisplayFormat;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** One ordinary day: every fact, from day to alerts_capped_today (see {@link #GOOD}). */
final class SummaryFixtures {

    static final LocalDate DAY = LocalDate.of(2026, 6, 2);
    static final DisplayFormat INR = DisplayFormat.parse("INR");

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
            "{\"headline\":\"{leads_today} leads and {deals_won_today} deals won worth {won_value_today} today\","
                    + "\"points\":["
                    + "{\"text\":\"Junk rate rose to {junk_rate_today} against {junk_rate_7d_avg} over the past week,"
                    + " mostly from Web with {source_1_leads} leads.\",\"facts\":[\"junk_rate_today\",\"junk_rate_7d_avg\",\"source_1_leads\"]},"
                    + "{\"text\":\"Open pipeline fell to {open_pipeline}, a change of {open_pipeline_change} since"
                    + " yesterday.\",\"facts\":[\"open_pipeline\",\"open_pipeline_change\"]},"
                    + "{\"text\":\"There were {alerts_fired_today} alerts today and {alerts_capped_today} more were held back"
                    + " by the cap.\",\"facts\":[\"alerts_fired_today\",\"alerts_capped_today\"]}],"
                    + "\"actions\":[{\"text\":\"Ask Priya Sharma to call her {rep_1_untouched} untouched"
                    + " leads tomorrow morning.\",\"facts\":[\"rep_1_untouched\"]}]}";

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
