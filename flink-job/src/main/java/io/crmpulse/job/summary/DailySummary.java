package io.crmpulse.job.summary;

import java.time.Duration;
import java.time.LocalDate;

/**
 * One day's summary, as an {@code ai_summaries} row holds it.
 *
 * @param day the business day
 * @param facts the sheet the reports were rendered from ({@link FactSheet#toJson()} is stored)
 * @param dashboardMarkdown the dashboard report
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
        String whatsApp,
        SummaryVerdict verdict,
        int attempts,
        Duration latency,
        String promptHash,
        String model) {}
