package io.crmpulse.job.summary;

import static io.crmpulse.job.summary.SummaryFixtures.GOOD;
import static io.crmpulse.job.summary.SummaryFixtures.good;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SummaryValidatorTest {

    private final SummaryValidator validator = new SummaryValidator(SummaryFixtures.sheet());

    @Test
    void acceptsAGroundedAnswer() {
        SummaryValidator.Validation v = validator.validate(GOOD);
        assertThat(v.reasons()).isEmpty();
        assertThat(v.accepted()).isTrue();
    }

    @Test
    void acceptsTheTemplate() {
        SummaryDraft template = TemplateSummary.draft(SummaryFixtures.sheet());
        String json =
                new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(template).toString();
        assertThat(validator.validate(json).reasons()).isEmpty();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of(
                        "digits",
                        good("{leads_today} leads and", "42 leads and"),
                        "the headline writes the number '42' outside a placeholder"),
                Arguments.of(
                        "number word",
                        good("{alerts_fired_today} alerts today", "two alerts today"),
                        "point 3 writes the number word 'two'"),
                Arguments.of(
                        "lakh",
                        good("worth {won_value_today}", "worth a lakh"),
                        "the headline writes the number word 'lakh'"),
                Arguments.of(
                        "percent",
                        good("rose to {junk_rate_today}", "rose to {junk_rate_today} %"),
                        "point 1 writes '%' outside a placeholder"),
                Arguments.of(
                        "currency",
                        good("worth {won_value_today}", "worth ₹{won_value_today}"),
                        "the headline writes the currency sign '₹' outside a placeholder"),
                Arguments.of(
                        "unknown id",
                        good("{open_pipeline_change} since", "{revenue} since"),
                        "point 2 names an unknown fact {revenue}"),
                Arguments.of(
                        "malformed",
                        good("{open_pipeline_change} since", "{F1} since"),
                        "point 2 has a malformed placeholder {F1}"),
                Arguments.of(
                        "malformed with a space",
                        good("{open_pipeline_change} since", "{open pipeline change} since"),
                        "point 2 has a malformed placeholder {open pipeline change}"),
                Arguments.of(
                        "unknown facts entry",
                        good("[\"rep_1_untouched\"]", "[\"rep_1_untouched\",\"revenue\"]"),
                        "action 1 lists an unknown fact \"revenue\" in 'facts'"),
                Arguments.of(
                        "wrong direction",
                        good("Junk rate rose", "Junk rate fell"),
                        "point 1 says 'fell' but {junk_rate_today} (junk rate of today's leads (share marked as junk) today) went up, which is bad news"),
                Arguments.of(
                        "rose for a fall",
                        good("pipeline fell", "pipeline rose"),
                        "point 2 says 'rose' but {open_pipeline}"),
                Arguments.of(
                        "improved for bad news",
                        good("Junk rate rose", "Junk rate improved"),
                        "point 1 says 'improved' but {junk_rate_today}"),
                Arguments.of(
                        "trend of a count",
                        good("{leads_today} leads and", "Leads rose to {leads_today} and"),
                        "the headline says 'rose' about no fact that has a direction ({leads_today}, {deals_won_today}, {won_value_today} have no comparison)"),
                Arguments.of(
                        "must fact missing",
                        good(" and {alerts_capped_today} more were held back by the cap", ""),
                        "the summary leaves out {alerts_capped_today} (alerts held back today by the daily message cap), which it must mention"),
                Arguments.of(
                        "extra key",
                        good("{\"headline\"", "{\"mood\":\"good\",\"headline\""),
                        "the reply has an unexpected key 'mood'"),
                Arguments.of(
                        "fenced",
                        "```json\n" + GOOD + "\n```",
                        "the reply is wrapped in a markdown code fence"),
                Arguments.of(
                        "prose",
                        "Today was a good day: leads rose and the team closed deals.",
                        "the reply is not JSON (it begins 'Today was a good day: leads rose and the...')"),
                Arguments.of(
                        "empty object", "{}" + " ".repeat(500), "the reply has no headline text"),
                Arguments.of("truncated", GOOD.substring(0, 80), "the reply is not JSON"),
                Arguments.of("empty", "", "the reply is empty"),
                Arguments.of(
                        "over long",
                        good(
                                "tomorrow morning.",
                                "tomorrow morning" + " and then again".repeat(20) + "."),
                        // As shown: {rep_1_untouched} counts as its display, 7.
                        "action 1 is 364 characters long (at most 220)"),
                Arguments.of(
                        "Roman numeral character",
                        good("{alerts_fired_today} alerts today", "Ⅻ alerts today"),
                        "point 3 writes the number 'Ⅻ' outside a placeholder"),
                Arguments.of(
                        "circled number",
                        good("{alerts_fired_today} alerts today", "⑫ alerts today"),
                        "point 3 writes the number '⑫' outside a placeholder"),
                Arguments.of(
                        "vulgar fraction",
                        good(
                                "{alerts_fired_today} alerts today",
                                "{alerts_fired_today} alerts today, ½ of them junk"),
                        "point 3 writes the number '½' outside a placeholder"),
                Arguments.of(
                        "superscript",
                        good("leads tomorrow", "leads² tomorrow"),
                        "action 1 writes the number '²' outside a placeholder"),
                Arguments.of(
                        "Roman numeral in capitals",
                        good("{alerts_fired_today} alerts today", "XII alerts today"),
                        "point 3 writes the Roman numeral 'XII'"),
                Arguments.of(
                        "short Roman numeral",
                        good("{alerts_fired_today} alerts today", "IV alerts today"),
                        "point 3 writes the Roman numeral 'IV'"),
                Arguments.of(
                        "Roman numeral in lower case",
                        good(
                                "{alerts_fired_today} alerts today",
                                "{alerts_fired_today} alerts today, xx of them junk"),
                        "point 3 writes the Roman numeral 'xx'"),
                Arguments.of(
                        "Roman numeral in full-width letters",
                        good("{alerts_fired_today} alerts today", "ＭＭ alerts today"),
                        "point 3 writes the Roman numeral 'ＭＭ'"),
                Arguments.of(
                        "Chinese numeral",
                        good("{alerts_fired_today} alerts today", "十二 alerts today"),
                        "point 3 writes the Chinese numeral '十二'"),
                Arguments.of(
                        "Chinese financial numeral",
                        good("{alerts_fired_today} alerts today", "贰拾 alerts today"),
                        "point 3 writes the Chinese numeral '贰拾'"),
                Arguments.of(
                        "a score",
                        good("{alerts_fired_today} alerts today", "a score of alerts today"),
                        "point 3 writes the number words 'a score'"),
                Arguments.of(
                        "a couple",
                        good("{alerts_fired_today} alerts today", "a couple of alerts today"),
                        "point 3 writes the number word 'couple'"),
                Arguments.of(
                        "fivefold",
                        good("Junk rate rose to", "Junk rate rose fivefold to"),
                        "point 1 writes the number word 'fivefold'"),
                Arguments.of(
                        "a third",
                        good(
                                "{alerts_fired_today} alerts today",
                                "{alerts_fired_today} alerts today, a third of them junk"),
                        "point 3 writes the number words 'a third'"),
                Arguments.of(
                        "per cent",
                        good(
                                "Junk rate rose to {junk_rate_today}",
                                "Junk rate rose to {junk_rate_today} per cent"),
                        "point 1 writes the number word 'cent'"),
                Arguments.of(
                        "pct",
                        good(
                                "Junk rate rose to {junk_rate_today}",
                                "Junk rate rose to {junk_rate_today} pct"),
                        "point 1 writes the number word 'pct'"),
                Arguments.of(
                        "lac",
                        good("worth {won_value_today}", "worth a lac"),
                        "the headline writes the number word 'lac'"),
                Arguments.of(
                        "trillion",
                        good("worth {won_value_today}", "worth {won_value_today} trillion"),
                        "the headline writes the number word 'trillion'"),
                Arguments.of(
                        "suffix x glued to a placeholder",
                        good(
                                "rose to {junk_rate_today}",
                                "rose {source_1_leads}x to {junk_rate_today}"),
                        "point 1 writes '{source_1_leads}x': a letter or digit glued to a placeholder"),
                Arguments.of(
                        "suffix M glued to a placeholder",
                        good("worth {won_value_today}", "worth {won_value_today}M"),
                        "the headline writes '{won_value_today}M': a letter or digit glued to a placeholder"),
                Arguments.of(
                        "suffix k glued to a placeholder",
                        good("with {source_1_leads} leads", "with {source_1_leads}k leads"),
                        "point 1 writes '{source_1_leads}k': a letter or digit glued to a placeholder"),
                Arguments.of(
                        "a magnitude after a placeholder and a space",
                        good("with {source_1_leads} leads", "with {source_1_leads} M leads"),
                        "point 1 writes '{source_1_leads} M': a magnitude after a placeholder makes a new"
                                + " figure"),
                Arguments.of(
                        "crore after a placeholder",
                        good("worth {won_value_today}", "worth {won_value_today} Cr"),
                        "the headline writes '{won_value_today} Cr': a magnitude"),
                Arguments.of(
                        "thrice",
                        good(
                                "{alerts_fired_today} alerts today",
                                "{alerts_fired_today} alerts, thrice today"),
                        "point 3 writes the number word 'thrice'"),
                Arguments.of(
                        "a NUL, which PostgreSQL cannot store",
                        good("{leads_today} leads and", "{leads_today} leads\\u0000 and"),
                        "the headline holds the control character U+0000"),
                Arguments.of(
                        "digit glued before a placeholder",
                        good("with {source_1_leads} leads", "with 1{source_1_leads} leads"),
                        "point 1 writes '1{source_1_leads}': a letter or digit glued to a placeholder"),
                Arguments.of(
                        "no action",
                        good("[{\"text\":\"Ask Priya", "[],\"x\":[{\"text\":\"Ask Priya"),
                        "the reply has 0 actions (allowed: 1 to 2)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsWithAReason(String name, String content, String reason) {
        SummaryValidator.Validation v = validator.validate(content);
        assertThat(v.accepted()).isFalse();
        assertThat(v.reasons()).anySatisfy(r -> assertThat(r).startsWith(reason));
    }

    @Test
    void aReplyCutOffByNumPredictIsRejectedWhateverItHolds() {
        SummaryValidator.Validation v =
                validator.validate(
                        new OllamaClient.ChatReply(GOOD, true, "length", 500, 400, 0, 0));
        assertThat(v.reasons())
                .containsExactly(
                        "the reply was cut off (done=true, done_reason=length); the JSON is probably truncated");
    }

    @Test
    void followUpIsNoTrendButADownWordNeedsADownFact() {
        assertThat(
                        validator
                                .validate(
                                        good(
                                                "Ask Priya Sharma to call",
                                                "Follow up with Priya Sharma and call"))
                                .reasons())
                .isEmpty();
        assertThat(
                        validator
                                .validate(
                                        good(
                                                "{alerts_fired_today} alerts today",
                                                "{alerts_fired_today} alerts today, down from last week"))
                                .reasons())
                .containsExactly(
                        "point 3 says 'down' about no fact that has a direction ({alerts_fired_today}, {alerts_capped_today} have no comparison)");
    }

    @Test
    void mixedSentencesBindAWordToTheNearestFact() {
        String swapped =
                good(
                        "Open pipeline fell to {open_pipeline}, a change of {open_pipeline_change}",
                        "Junk rate fell to {junk_rate_today} and pipeline rose to {open_pipeline}, a change of {open_pipeline_change}");
        assertThat(validator.validate(swapped).reasons())
                .anySatisfy(
                        r -> assertThat(r).startsWith("point 2 says 'fell' but {junk_rate_today}"));
        String right =
                good(
                        "Open pipeline fell to {open_pipeline}, a change of {open_pipeline_change}",
                        "Junk rate rose to {junk_rate_today} and pipeline fell to {open_pipeline}, a change of {open_pipeline_change}");
        assertThat(validator.validate(right).reasons()).isEmpty();
    }

    @Test
    void wordsThatOnlyLookLikeNumeralsPass() {
        String content =
                good(
                        "mostly from Web with {source_1_leads} leads.",
                        "mostly from Web with {source_1_leads} leads; I find the mix civil, if dim, and"
                                + " Partner came third in a mid-sized field.");
        assertThat(validator.validate(content).reasons()).isEmpty();
    }

    @Test
    void aNameWithDigitsCountsOnlyWhereTheWholeNameStands() {
        // Web becomes "2024" and Priya Sharma "Agent 007": the fact ids stay the same.
        FactSheet sheet = sheetNamed("2024", "Agent 007");
        SummaryValidator named = new SummaryValidator(sheet);
        String grounded =
                good("mostly from Web", "mostly from 2024")
                        .replace("Ask Priya Sharma", "Ask Agent 007");
        assertThat(named.validate(grounded).reasons()).isEmpty();

        assertThat(
                        named.validate(grounded.replace("mostly from 2024", "mostly from Q2024"))
                                .reasons())
                .containsExactly("point 1 writes the number '2024' outside a placeholder");
        assertThat(
                        named.validate(grounded.replace("mostly from 2024", "mostly from 20242024"))
                                .reasons())
                .containsExactly("point 1 writes the number '20242024' outside a placeholder");
        assertThat(
                        named.validate(grounded.replace("mostly from 2024", "mostly from 2024x"))
                                .reasons())
                .containsExactly("point 1 writes the number '2024' outside a placeholder");
        assertThat(
                        named.validate(
                                        grounded.replace(
                                                "Ask Agent 007", "Ask Agent 007 and 007 others"))
                                .reasons())
                .containsExactly("action 1 writes the number '007' outside a placeholder");
        assertThat(named.validate(grounded.replace("Ask Agent 007", "Ask Agent 0071")).reasons())
                .containsExactly("action 1 writes the number '0071' outside a placeholder");
    }

    @Test
    void theRenderedCheckCountsANameOnlyWhereItStands() {
        SummaryRenderer renderer = new SummaryRenderer(sheetNamed("2024", "Agent 007"));
        assertThat(renderer.strayNumbers("From 2024, ask Agent 007.")).isEmpty();
        assertThat(renderer.strayNumbers("From Q2024, ask Agent 0071 or 2024x."))
                .containsExactly("2024", "0071", "2024");
        assertThat(renderer.strayNumbers("Ⅻ or ½ more")).containsExactly("Ⅻ", "½");
    }

    /** {@link SummaryFixtures#numbers()} with the first source and the first rep renamed. */
    private static FactSheet sheetNamed(String source, String rep) {
        DailyNumbers n = SummaryFixtures.numbers();
        java.util.List<DailyNumbers.NamedCount> sources = new java.util.ArrayList<>(n.topSources());
        sources.set(0, new DailyNumbers.NamedCount(source, sources.get(0).count()));
        java.util.List<DailyNumbers.NamedCount> reps =
                new java.util.ArrayList<>(n.repsMostUntouched());
        reps.set(0, new DailyNumbers.NamedCount(rep, reps.get(0).count()));
        return FactSheet.build(
                new DailyNumbers(
                        n.day(),
                        n.leadsCreated(),
                        sources,
                        n.junkRateToday(),
                        n.junkRate7dAvg(),
                        n.conversionRateToday(),
                        n.conversionRate7dAvg(),
                        n.dealsWon(),
                        n.wonValue(),
                        n.openPipeline(),
                        n.openPipelineYesterday(),
                        reps,
                        n.alertsFiredByRule(),
                        n.alertsCapped()),
                SummaryFixtures.INR);
    }

    @Test
    void aNameWithDigitsIsNotANumber() {
        DailyNumbers n = SummaryFixtures.numbers();
        DailyNumbers named =
                new DailyNumbers(
                        n.day(),
                        n.leadsCreated(),
                        java.util.List.of(new DailyNumbers.NamedCount("Expo 2026", 20)),
                        n.junkRateToday(),
                        n.junkRate7dAvg(),
                        n.conversionRateToday(),
                        n.conversionRate7dAvg(),
                        n.dealsWon(),
                        n.wonValue(),
                        n.openPipeline(),
                        n.openPipelineYesterday(),
                        n.repsMostUntouched(),
                        n.alertsFiredByRule(),
                        n.alertsCapped());
        FactSheet sheet = FactSheet.build(named, SummaryFixtures.INR);
        // Expo 2026 is the only source, so source_1_leads: no other id moves.
        String content = GOOD.replace("mostly from Web", "mostly from Expo 2026");
        assertThat(new SummaryValidator(sheet).validate(content).reasons()).isEmpty();
    }
}
