package io.crmpulse.job.summary;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * One day's summary, as an {@code ai_summaries} row holds it.
 *
 * @param day the business day
 * @param facts the sheet the reports were rendered from ({@link FactSheet#toJson()} is stored)
 * @param dashboardMarkdown the dashboard report
 * @param dashboardMarks where the facts' display texts are in {@code dashboardMarkdown}
 * @param whatsApp the WhatsApp report (at most 1,600 characters)
 * @param verdict grounded or fallback, with the reasons
 * @param attempts chat calls made (0 when the preflight failed)
 * @param latency from the preflight to the rendered reports
 * @param promptHash SHA-256 of the first prompt
 * @param model the Ollama model asked
 */
public record DailySummary(
        LocalDate day,
        FactSheet facts,
        String dashboardMarkdown,
        List<SummaryRenderer.Mark> dashboardMarks,
        String whatsApp,
        SummaryVerdict verdict,
        int attempts,
        Duration latency,
        String promptHash,
        String model) {

    public DailySummary {
        dashboardMarks = List.copyOf(dashboardMarks);
    }
}
