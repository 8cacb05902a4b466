package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FactSheetTest {

    @Test
    void numbersTheFactsOfMetricsSection6InOrder() {
        FactSheet sheet = SummaryFixtures.sheet();
        List<String> lines =
                sheet.facts().stream()
                        .map(
                                f ->
                                        f.id()
                                                + " "
                                                + f.key()
                                                + " "
                                                + f.display()
                                                + " "
                                                + f.direction()
                                                + (f.mustMention() ? " MUST" : ""))
                        .collect(Collectors.toList());
        assertThat(lines)
                .containsExactly(
                        "F01 day Tue 2 Jun 2026 null",
                        "F02 leads_created 42 null MUST",
                        "F03 source_leads:Web 20 null",
                        "F04 source_leads:Partner 12 null",
                        "F05 source_leads:Referral 6 null",
                        "F06 junk_rate 38% UP MUST",
                        "F07 junk_rate_7d_avg 25% null",
                        "F08 conversion_rate 5% DOWN",
                        "F09 conversion_rate_7d_avg 8% null",
                        "F10 deals_won 3 null MUST",
                        "F11 won_value ₹1,20,000 null MUST",
                        "F12 open_pipeline ₹12,50,000 DOWN MUST",
                        "F13 open_pipeline_change -₹50,000 DOWN",
                        "F14 rep_untouched:Priya Sharma 7 null",
                        "F15 rep_untouched:Arjun Rao 4 null",
                        "F16 alerts_fired 2 null MUST",
                        "F17 alerts_capped 1 null MUST");
        assertThat(sheet.names())
                .containsExactlyInAnyOrder(
                        "Web", "Partner", "Referral", "Priya Sharma", "Arjun Rao");
    }

    @Test
    void ratesEqualAsDisplayedAreFlat() {
        DailyNumbers n = SummaryFixtures.numbers();
        DailyNumbers flat =
                new DailyNumbers(
                        n.day(),
                        n.leadsCreated(),
                        n.topSources(),
                        new java.math.BigDecimal("0.3840"),
                        new java.math.BigDecimal("0.3760"),
                        null,
                        null,
                        0,
                        java.math.BigDecimal.ZERO,
                        n.openPipeline(),
                        null,
                        List.of(),
                        java.util.Map.of(),
                        0);
        FactSheet sheet = FactSheet.build(flat, SummaryFixtures.INR);
        assertThat(sheet.byKey("junk_rate").orElseThrow().direction()).isEqualTo(Direction.FLAT);
        assertThat(sheet.byKey("won_value")).isEmpty();
        assertThat(sheet.byKey("conversion_rate")).isEmpty();
        assertThat(sheet.byKey("open_pipeline").orElseThrow().direction()).isNull();
        assertThat(sheet.byKey("alerts_fired").orElseThrow().mustMention()).isFalse();
    }

    @Test
    void namesThatLookLikeAPersonsContactAreHidden() {
        assertThat(FactSheet.safeName("asha.k@example.com")).isEqualTo("(hidden)");
        assertThat(FactSheet.safeName("+91 98765 43210")).isEqualTo("(hidden)");
        assertThat(FactSheet.safeName("Web {F02}")).isEqualTo("Web (F02)");
        assertThat(FactSheet.safeName("Google Ads 2026")).isEqualTo("Google Ads 2026");
    }

    @Test
    void storesItselfAsJson() {
        assertThat(SummaryFixtures.sheet().toJson())
                .startsWith("{\"day\":\"2026-06-02\",\"facts\":[{\"id\":\"F01\"")
                .contains(
                        "{\"id\":\"F11\",\"key\":\"won_value\",\"meaning\":\"value of the deals won today\","
                                + "\"value\":120000.00,\"display\":\"₹1,20,000\",\"direction\":null,\"must\":true}");
    }
}
