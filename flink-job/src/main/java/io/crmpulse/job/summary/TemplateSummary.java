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
        String leads = ref(sheet, "leads_created").orElseThrow();
        String won = ref(sheet, "deals_won").orElseThrow();
        String alerts = ref(sheet, "alerts_fired").orElseThrow();
        String headline =
                "Today: " + leads + " new leads, " + won + " deals won, " + alerts + " alerts.";

        List<SummaryDraft.Passage> points = new ArrayList<>();
        StringBuilder leadPoint = new StringBuilder("Leads created: " + leads + ".");
        List<String> sources = new ArrayList<>();
        for (Fact f : sheet.facts()) {
            if (f.key().startsWith("source_leads:")) {
                sources.add(f.key().substring("source_leads:".length()) + " " + f.placeholder());
            }
        }
        if (!sources.isEmpty()) {
            leadPoint.append(" Top sources: ").append(String.join(", ", sources)).append('.');
        }
        rate(sheet, "junk_rate", "Junk rate", leadPoint);
        rate(sheet, "conversion_rate", "Conversion rate", leadPoint);
        points.add(passage(leadPoint.toString()));

        StringBuilder dealPoint = new StringBuilder("Deals won: " + won);
        ref(sheet, "won_value").ifPresent(v -> dealPoint.append(", worth ").append(v));
        dealPoint.append(". Open pipeline: ").append(ref(sheet, "open_pipeline").orElseThrow());
        sheet.byKey("open_pipeline_change")
                .ifPresent(
                        c -> dealPoint.append(" (").append(change(c)).append(" since yesterday)"));
        dealPoint.append('.');
        points.add(passage(dealPoint.toString()));

        StringBuilder alertPoint = new StringBuilder("Alerts fired today: " + alerts);
        ref(sheet, "alerts_capped")
                .ifPresent(
                        c ->
                                alertPoint
                                        .append(", of which ")
                                        .append(c)
                                        .append(" were held back by the daily cap"));
        alertPoint.append('.');
        points.add(passage(alertPoint.toString()));

        List<SummaryDraft.Passage> actions = new ArrayList<>();
        sheet.facts().stream()
                .filter(f -> f.key().startsWith("rep_untouched:"))
                .findFirst()
                .ifPresent(
                        f ->
                                actions.add(
                                        passage(
                                                "Ask "
                                                        + f.key()
                                                                .substring(
                                                                        "rep_untouched:".length())
                                                        + " to contact their "
                                                        + f.placeholder()
                                                        + " untouched leads first thing tomorrow.")));
        if (sheet.byKey("alerts_fired").map(f -> f.value().signum() > 0).orElse(false)) {
            actions.add(passage("Review today's alerts on the dashboard."));
        }
        if (actions.isEmpty()) {
            actions.add(passage("Review the open pipeline with the team tomorrow."));
        }
        return new SummaryDraft(headline, points, actions.subList(0, Math.min(2, actions.size())));
    }

    private static void rate(FactSheet sheet, String key, String label, StringBuilder out) {
        sheet.byKey(key)
                .ifPresent(
                        today -> {
                            out.append(' ').append(label).append(' ').append(today.placeholder());
                            sheet.byKey(key + "_7d_avg")
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

    private static String change(Fact change) {
        return change.placeholder();
    }

    private static Optional<String> ref(FactSheet sheet, String key) {
        return sheet.byKey(key).map(Fact::placeholder);
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
