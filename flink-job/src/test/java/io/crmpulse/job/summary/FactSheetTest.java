package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FactSheetTest {

    @Test
    void namesTheFactsOfMetricsSection6InOrder() {
        FactSheet sheet = SummaryFixtures.sheet();
        List<String> lines =
                sheet.facts().stream()
                        .map(
                                f ->
                                        f.id()
                                                + (f.subject() == null ? "" : " " + f.subject())
                                                + " "
                                                + f.display()
                                                + " "
                                                + f.direction()
                                                + (f.mustMention() ? " MUST" : ""))
                        .collect(Collectors.toList());
        assertThat(lines)
                .containsExactly(
                        "day Tue 2 Jun 2026 null",
                        "leads_today 42 null MUST",
                        "source_1_leads Web 20 null",
                        "source_2_leads Partner 12 null",
                        "source_3_leads Referral 6 null",
                        "junk_rate_today 38% UP MUST",
                        "junk_rate_7d_avg 25% null",
                        "conversion_rate_today 5% DOWN",
                        "conversion_rate_7d_avg 8% null",
                        "deals_won_today 3 null MUST",
                        "won_value_today ₹1,20,000 null MUST",
                        "open_pipeline ₹12,50,000 DOWN MUST",
                        "open_pipeline_change -₹50,000 DOWN",
                        "rep_1_untouched Priya Sharma 7 null",
                        "rep_2_untouched Arjun Rao 4 null",
                        "alerts_fired_today 2 null MUST",
                        "alerts_capped_today 1 null MUST");
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
        assertThat(sheet.fact("junk_rate_today").orElseThrow().direction())
                .isEqualTo(Direction.FLAT);
        assertThat(sheet.fact("won_value_today")).isEmpty();
        assertThat(sheet.fact("conversion_rate_today")).isEmpty();
        assertThat(sheet.fact("open_pipeline").orElseThrow().direction()).isNull();
        assertThat(sheet.fact("alerts_fired_today").orElseThrow().mustMention()).isFalse();
    }

    @Test
    void namesThatLookLikeAPersonsContactAreHidden() {
        assertThat(FactSheet.safeName("asha.k@example.com")).isEqualTo("(hidden)");
        assertThat(FactSheet.safeName("+91 98765 43210")).isEqualTo("(hidden)");
        assertThat(FactSheet.safeName("Web {leads_today}")).isEqualTo("Web (leads_today)");
        assertThat(FactSheet.safeName("Google Ads 2026")).isEqualTo("Google Ads 2026");
    }

    @Test
    void storesItselfAsJson() {
        assertThat(SummaryFixtures.sheet().toJson())
                .startsWith("{\"day\":\"2026-06-02\",\"facts\":[{\"id\":\"day\"")
                .contains(
                        "{\"id\":\"won_value_today\",\"subject\":null,\"meaning\":\"value of the deals won today\","
                                + "\"value\":120000.00,\"display\":\"₹1,20,000\",\"direction\":null,\"must\":true}")
                .contains("{\"id\":\"source_1_leads\",\"subject\":\"Web\",");
    }

    @Test
    void anIdDoesNotDependOnWhichOtherFactsThereAre() {
        DailyNumbers n = SummaryFixtures.numbers();
        DailyNumbers quiet =
                new DailyNumbers(
                        n.day(),
                        0,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        0,
                        java.math.BigDecimal.ZERO,
                        n.openPipeline(),
                        null,
                        List.of(new DailyNumbers.NamedCount("Arjun Rao", 4)),
                        java.util.Map.of(),
                        0);
        FactSheet sheet = FactSheet.build(quiet, SummaryFixtures.INR);
        assertThat(sheet.ids())
                .containsExactly(
                        "day",
                        "leads_today",
                        "deals_won_today",
                        "open_pipeline",
                        "rep_1_untouched",
                        "alerts_fired_today");
        assertThat(sheet.fact("rep_1_untouched").orElseThrow().subject()).isEqualTo("Arjun Rao");
    }
}
