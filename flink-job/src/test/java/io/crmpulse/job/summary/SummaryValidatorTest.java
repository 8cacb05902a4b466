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
                        good("{F02} leads and", "42 leads and"),
                        "the headline writes the number '42' outside a placeholder"),
                Arguments.of(
                        "number word",
                        good("{F16} alerts today", "two alerts today"),
                        "point 3 writes the number word 'two'"),
                Arguments.of(
                        "lakh",
                        good("worth {F11}", "worth a lakh"),
                        "the headline writes the number word 'lakh'"),
                Arguments.of(
                        "percent",
                        good("rose to {F06}", "rose to {F06} %"),
                        "point 1 writes '%' outside a placeholder"),
                Arguments.of(
                        "currency",
                        good("worth {F11}", "worth ₹{F11}"),
                        "the headline writes the currency sign '₹' outside a placeholder"),
                Arguments.of(
                        "unknown id",
                        good("{F13} since", "{F99} since"),
                        "point 2 names an unknown fact {F99}"),
                Arguments.of(
                        "malformed",
                        good("{F13} since", "{F1} since"),
                        "point 2 has a malformed placeholder {F1}"),
                Arguments.of(
                        "unknown facts entry",
                        good("[\"F14\"]", "[\"F14\",\"F42\"]"),
                        "action 1 lists an unknown fact \"F42\" in 'facts'"),
                Arguments.of(
                        "wrong direction",
                        good("Junk rate rose", "Junk rate fell"),
                        "point 1 says 'fell' but {F06} (junk rate of today's leads (share marked as junk) today) went up, which is bad news"),
                Arguments.of(
                        "rose for a fall",
                        good("pipeline fell", "pipeline rose"),
                        "point 2 says 'rose' but {F12}"),
                Arguments.of(
                        "improved for bad news",
                        good("Junk rate rose", "Junk rate improved"),
                        "point 1 says 'improved' but {F06}"),
                Arguments.of(
                        "trend of a count",
                        good("{F02} leads and", "Leads rose to {F02} and"),
                        "the headline says 'rose' about no fact that has a direction ({F02}, {F10}, {F11} have no comparison)"),
                Arguments.of(
                        "must fact missing",
                        good(" and {F17} more were held back by the cap", ""),
                        "the summary leaves out {F17} (alerts held back today by the daily message cap), which it must mention"),
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
                        "action 1 is 368 characters long (at most 220)"),
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
                                                "{F16} alerts today",
                                                "{F16} alerts today, down from last week"))
                                .reasons())
                .containsExactly(
                        "point 3 says 'down' about no fact that has a direction ({F16}, {F17} have no comparison)");
    }

    @Test
    void mixedSentencesBindAWordToTheNearestFact() {
        String swapped =
                good(
                        "Open pipeline fell to {F12}, a change of {F13}",
                        "Junk rate fell to {F06} and pipeline rose to {F12}, a change of {F13}");
        assertThat(validator.validate(swapped).reasons())
                .anySatisfy(r -> assertThat(r).startsWith("point 2 says 'fell' but {F06}"));
        String right =
                good(
                        "Open pipeline fell to {F12}, a change of {F13}",
                        "Junk rate rose to {F06} and pipeline fell to {F12}, a change of {F13}");
        assertThat(validator.validate(right).reasons()).isEmpty();
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
        // F03 is Expo 2026; the rest shift by two.
        String content =
                GOOD.replace("mostly from Web", "mostly from Expo 2026")
                        .replace("{F06}", "{F04}")
                        .replace("{F07}", "{F05}")
                        .replace("\"F06\",\"F07\"", "\"F04\",\"F05\"")
                        .replace("{F1", "{G1")
                        .replace("\"F1", "\"G1")
                        .replace("{G10}", "{F08}")
                        .replace("{G11}", "{F09}")
                        .replace("{G12}", "{F10}")
                        .replace("{G13}", "{F11}")
                        .replace("{G14}", "{F12}")
                        .replace("{G16}", "{F14}")
                        .replace("{G17}", "{F15}")
                        .replace("\"G12\",\"G13\"", "\"F10\",\"F11\"")
                        .replace("\"G16\",\"G17\"", "\"F14\",\"F15\"")
                        .replace("\"G14\"", "\"F12\"");
        assertThat(new SummaryValidator(sheet).validate(content).reasons()).isEmpty();
    }
}
