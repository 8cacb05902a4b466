package io.crmpulse.job.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deterministic summary that stands in when the model's answer is rejected twice or the model
 * cannot be asked: fixed phrases around the sheet's placeholders, every must-mention fact included,
 * trend words only where the fact has that direction. It passes {@link SummaryValidator} by
 * construction, and the tests check that it does.
 */
public final class TemplateSummary {

    private TemplateSummary() {}

    public static SummaryDraft draft(FactSheet sheet) {
        String leads = ref(sheet, FactSheet.LEADS_TODAY).orElseThrow();
        String won = ref(sheet, FactSheet.DEALS_WON_TODAY).orElseThrow();
        String alerts = ref(sheet, FactSheet.ALERTS_FIRED_TODAY).orElseThrow();
        String headline =
                "Today: " + leads + " new leads, " + won + " deals won, " + alerts + " alerts.";

        List<SummaryDraft.Passage> points = new ArrayList<>();
        StringBuilder leadPoint = new StringBuilder("Leads created: " + leads + ".");
        List<String> sources = new ArrayList<>();
        for (int rank = 1; rank <= FactSheet.MAX_SOURCES; rank++) {
            sheet.fact(FactSheet.sourceLeads(rank))
                    .ifPresent(f -> sources.add(f.subject() + " " + f.placeholder()));
        }
        if (!sources.isEmpty()) {
            leadPoint.append(" Top sources: ").append(String.join(", ", sources)).append('.');
        }
        rate(sheet, FactSheet.JUNK_RATE_TODAY, FactSheet.JUNK_RATE_7D_AVG, "Junk rate", leadPoint);
        rate(
                sheet,
                FactSheet.CONVERSION_RATE_TODAY,
                FactSheet.CONVERSION_RATE_7D_AVG,
                "Conversion rate",
                leadPoint);
        points.add(passage(leadPoint.toString()));

        StringBuilder dealPoint = new StringBuilder("Deals won: " + won);
        ref(sheet, FactSheet.WON_VALUE_TODAY)
                .ifPresent(v -> dealPoint.append(", worth ").append(v));
        dealPoint
                .append(". Open pipeline: ")
                .append(ref(sheet, FactSheet.OPEN_PIPELINE).orElseThrow());
        ref(sheet, FactSheet.OPEN_PIPELINE_CHANGE)
                .ifPresent(c -> dealPoint.append(" (").append(c).append(" since yesterday)"));
        dealPoint.append('.');
        points.add(passage(dealPoint.toString()));

        StringBuilder alertPoint = new StringBuilder("Alerts fired today: " + alerts);
        ref(sheet, FactSheet.ALERTS_CAPPED_TODAY)
                .ifPresent(
                        c ->
                                alertPoint
                                        .append(", of which ")
                                        .append(c)
                                        .append(" were held back by the daily cap"));
        alertPoint.append('.');
        points.add(passage(alertPoint.toString()));

        List<SummaryDraft.Passage> actions = new ArrayList<>();
        sheet.fact(FactSheet.repUntouched(1))
                .ifPresent(
                        f ->
                                actions.add(
                                        passage(
                                                "Ask "
                                                        + f.subject()
                                                        + " to contact their "
                                                        + f.placeholder()
                                                        + " untouched leads first thing tomorrow.")));
        if (sheet.fact(FactSheet.ALERTS_FIRED_TODAY)
                .map(f -> f.value().signum() > 0)
                .orElse(false)) {
            actions.add(passage("Review today's alerts on the dashboard."));
        }
        if (actions.isEmpty()) {
            actions.add(passage("Review the open pipeline with the team tomorrow."));
        }
        return new SummaryDraft(headline, points, actions.subList(0, Math.min(2, actions.size())));
    }

    private static void rate(
            FactSheet sheet, String id, String averageId, String label, StringBuilder out) {
        sheet.fact(id)
                .ifPresent(
                        today -> {
                            out.append(' ').append(label).append(' ').append(today.placeholder());
                            sheet.fact(averageId)
                                    .ifPresent(
                                            avg ->
                                                    out.append(
                                                                    today.direction()
                                                                                    == Direction.UP
                                                                            ? " (up on the past week's "
                                                                            : today.direction()
                                                                                            == Direction
                                                                                                    .DOWN
                                                                                    ? " (down on the past week's "
                                                                                    : " (unchanged on the past week's ")
                                                            .append(avg.placeholder())
                                                            .append(")"));
                            out.append('.');
                        });
    }

    private static Optional<String> ref(FactSheet sheet, String id) {
        return sheet.fact(id).map(Fact::placeholder);
    }

    private static SummaryDraft.Passage passage(String text) {
        List<String> ids = new ArrayList<>();
        var m = SummaryRenderer.PLACEHOLDER.matcher(text);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return new SummaryDraft.Passage(text, ids);
    }
}
