package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SummaryRendererTest {

    private final FactSheet sheet = SummaryFixtures.sheet();
    private final SummaryRenderer renderer = new SummaryRenderer(sheet);

    private SummaryDraft good() {
        return new SummaryValidator(sheet).validate(SummaryFixtures.GOOD).draft().orElseThrow();
    }

    @Test
    void whatsAppReplacesPlaceholdersWithTheDisplays() {
        assertThat(renderer.render(good()).whatsApp()).isEqualTo(SummaryFixtures.GOOD_WHATSAPP);
    }

    @Test
    void dashboardHasParagraphsActionsAndTheNumbers() {
        String md = renderer.render(good()).dashboardMarkdown();
        assertThat(md)
                .startsWith(
                        "## CRM Pulse: Tue 2 Jun 2026\n\n**42 leads and 3 deals won worth ₹1,20,000 today**\n\n"
                                + "Junk rate rose to 38% against 25% over the past week, mostly from Web with 20 leads.\n\n")
                .contains(
                        "### Next steps\n\n- Ask Priya Sharma to call her 7 untouched leads tomorrow morning.\n")
                .contains("- Value of the open pipeline now: ₹12,50,000\n")
                .contains("- Untouched leads owned by the rep Priya Sharma: 7\n")
                .endsWith("- Alerts held back today by the daily message cap: 1\n");
        assertThat(renderer.strayNumbers(md)).isEmpty();
    }

    @Test
    void whatsAppHasNoEmojisAtMostFiveBulletsAndFitsTwilio() {
        SummaryDraft emoji =
                new SummaryDraft(
                        "Great day \uD83D\uDE80\uD83D\uDC4D\uFE0F for {leads_today} leads",
                        good().points(),
                        good().actions());
        String text = renderer.render(emoji).whatsApp();
        assertThat(text).contains("Great day for 42 leads").doesNotContain("\uD83D");
        assertThat(SummaryRenderer.bullets(text))
                .isLessThanOrEqualTo(SummaryRenderer.WHATSAPP_MAX_BULLETS);
        String template = renderer.render(TemplateSummary.draft(sheet)).whatsApp();
        assertThat(SummaryRenderer.bullets(template)).isEqualTo(5);
        assertThat(template.length()).isLessThanOrEqualTo(SummaryRenderer.WHATSAPP_MAX_CHARS);
    }

    @Test
    void theTemplateReadsAsTheDay() {
        assertThat(renderer.render(TemplateSummary.draft(sheet)).whatsApp())
                .isEqualTo(
                        "*CRM Pulse, Tue 2 Jun 2026*\n"
                                + "Today: 42 new leads, 3 deals won, 2 alerts.\n\n"
                                + "- Leads created: 42. Top sources: Web 20, Partner 12, Referral 6. Junk rate 38% (up on the past week's 25%). Conversion rate 5% (down on the past week's 8%).\n"
                                + "- Deals won: 3, worth ₹1,20,000. Open pipeline: ₹12,50,000 (-₹50,000 since yesterday).\n"
                                + "- Alerts fired today: 2, of which 1 were held back by the daily cap.\n\n"
                                + "Actions:\n"
                                + "- Ask Priya Sharma to contact their 7 untouched leads first thing tomorrow.\n"
                                + "- Review today's alerts on the dashboard.");
    }

    @Test
    void everyNumberOfTheDashboardReportIsMarkedWithItsFact() {
        for (SummaryDraft draft : List.of(good(), TemplateSummary.draft(sheet))) {
            SummaryRenderer.Reports reports = renderer.render(draft);
            String md = reports.dashboardMarkdown();
            List<SummaryRenderer.Mark> marks = reports.dashboardMarks();

            assertThat(marks)
                    .allSatisfy(
                            m ->
                                    assertThat(md.substring(m.start(), m.end()))
                                            .as(m.toString())
                                            .isEqualTo(
                                                    sheet.fact(m.fact()).orElseThrow().display()));
            assertThat(marks)
                    .isSortedAccordingTo(Comparator.comparingInt(SummaryRenderer.Mark::start));
            List<int[]> names = sheet.nameSpans(md);
            Matcher number = Pattern.compile("\\p{N}(?:[\\p{N},.]*\\p{N})?").matcher(md);
            List<String> unmarked = new ArrayList<>();
            while (number.find()) {
                int start = number.start();
                int end = number.end();
                boolean marked = marks.stream().anyMatch(m -> m.start() <= start && end <= m.end());
                boolean name = names.stream().anyMatch(n -> n[0] <= start && end <= n[1]);
                if (!marked && !name) {
                    unmarked.add(number.group() + " at " + start);
                }
            }
            assertThat(unmarked).isEmpty();
            // The heading's day, and each fact of "The numbers" once at least.
            assertThat(marks.get(0)).isEqualTo(new SummaryRenderer.Mark(14, 28, "day"));
            assertThat(marks).extracting(SummaryRenderer.Mark::fact).containsAll(sheet.ids());
        }
        assertThat(renderer.render(good()).dashboardMarks())
                .contains(new SummaryRenderer.Mark(32, 34, "leads_today"));
    }

    @Test
    void aNumberMustBeOneWholeDisplayNotDigitsOfSeveral() {
        assertThat(renderer.strayNumbers("Pipeline ₹12,50,000 and 13 more, 42 leads."))
                .isEqualTo(List.of("13"));
    }
}
