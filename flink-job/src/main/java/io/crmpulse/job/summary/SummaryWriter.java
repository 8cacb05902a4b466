package io.crmpulse.job.summary;

import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.SummarySettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the day's summary (README, "The daily summary"): builds the fact sheet, checks that Ollama
 * has the model, asks it, validates the answer, asks once more with the reasons when it was
 * rejected, and otherwise renders {@link TemplateSummary}. Every failure (model missing, server
 * down, 503s, a timeout, a bad answer twice) ends in the template, never in a number the job did
 * not compute.
 *
 * <p>Blocking: the Flink wiring calls it from an async operator with a timeout, so a slow model
 * never holds a checkpoint.
 */
public final class SummaryWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SummaryWriter.class);

    /** The chat options: low temperature, a fixed seed, a bounded context and reply. */
    public record Options(
            double temperature, double reaskTemperature, long seed, int numCtx, int numPredict) {
        public static final Options DEFAULTS = new Options(0.1, 0.2, 42, 4096, 400);
    }

    private final OllamaClient ollama;
    private final String model;
    private final DisplayFormat format;
    private final Options options;
    private final Clock clock;
    private final Optional<String> link;

    public SummaryWriter(OllamaClient ollama, String model, DisplayFormat format, Clock clock) {
        this(ollama, model, format, Options.DEFAULTS, clock);
    }

    public SummaryWriter(
            OllamaClient ollama, String model, DisplayFormat format, Options options, Clock clock) {
        this(ollama, model, format, options, clock, Optional.empty());
    }

    private SummaryWriter(
            OllamaClient ollama,
            String model,
            DisplayFormat format,
            Options options,
            Clock clock,
            Optional<String> link) {
        this.ollama = Objects.requireNonNull(ollama, "ollama");
        this.model = Objects.requireNonNull(model, "model");
        this.format = Objects.requireNonNull(format, "format");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.link = Objects.requireNonNull(link, "link");
    }

    /**
     * The same writer, whose WhatsApp reports end with {@code newLink} (the dashboard's summary
     * view) when present. The link is the job's, added after validation: its digits (a port, a
     * date) are no fact's, and the model's report is held to what is left of the length.
     */
    public SummaryWriter withLink(Optional<String> newLink) {
        return new SummaryWriter(ollama, model, format, options, clock, newLink);
    }

    private String ending() {
        return link.map(l -> "\n\n" + l).orElse("");
    }

    public DailySummary write(DailyNumbers numbers) {
        Instant start = clock.instant();
        FactSheet sheet = FactSheet.build(numbers, format);
        SummaryPrompt prompt = SummaryPrompt.of(sheet);
        SummaryValidator validator =
                new SummaryValidator(sheet, SummaryRenderer.WHATSAPP_MAX_CHARS - ending().length());
        List<String> reasons = new ArrayList<>();
        int attempts = 0;
        SummaryDraft draft = null;
        try {
            ollama.preflight(model);
            SummaryPrompt ask = prompt;
            while (draft == null && attempts < 2) {
                attempts++;
                boolean reask = attempts > 1;
                OllamaClient.ChatReply reply =
                        ollama.chat(
                                new OllamaClient.ChatCall(
                                        model,
                                        ask.system(),
                                        ask.user(),
                                        SummaryPrompt.schema(sheet),
                                        reask ? options.reaskTemperature() : options.temperature(),
                                        options.seed() + (reask ? 1 : 0),
                                        options.numCtx(),
                                        options.numPredict()));
                SummaryValidator.Validation validation = validator.validate(reply);
                List<String> rejected = new ArrayList<>(validation.reasons());
                if (reply.promptEvalCount() >= options.numCtx()) {
                    rejected.add(
                            "the prompt filled the context window (prompt_eval_count="
                                    + reply.promptEvalCount()
                                    + ", num_ctx="
                                    + options.numCtx()
                                    + "): facts may have been cut");
                }
                if (rejected.isEmpty()) {
                    draft = validation.draft().orElseThrow();
                } else {
                    LOG.warn(
                            "The summary of {} by {} was rejected (attempt {}): {}",
                            numbers.day(),
                            model,
                            attempts,
                            String.join("; ", rejected));
                    LOG.debug("Rejected answer: {}", reply.content());
                    rejected.forEach(r -> reasons.add("attempt " + reasonsPrefix(reask) + r));
                    ask = prompt.reask(rejected);
                }
            }
        } catch (OllamaException e) {
            if (e.kind() == OllamaException.Kind.MODEL_MISSING) {
                LOG.warn(
                        "Ollama has no model '{}' ({}): the summary of {} is the template; run"
                                + " `ollama pull {}` or set {}",
                        model,
                        e.getMessage(),
                        numbers.day(),
                        model,
                        SummarySettings.MODEL_VARIABLE);
                reasons.add("model '" + model + "' is missing: " + e.getMessage());
            } else {
                LOG.warn(
                        "Ollama could not write the summary of {} ({}): using the template",
                        numbers.day(),
                        e.getMessage());
                reasons.add(
                        e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
            }
        }
        SummaryVerdict verdict;
        if (draft == null) {
            draft = TemplateSummary.draft(sheet);
            verdict = new SummaryVerdict(SummaryVerdict.Status.FALLBACK, reasons);
        } else {
            verdict = new SummaryVerdict(SummaryVerdict.Status.GROUNDED, reasons);
        }
        return finish(sheet, prompt, draft, verdict, attempts, start);
    }

    /**
     * The template summary of {@code numbers}, without asking the model: when the model could not
     * be waited for (the job's async timeout), {@code reason} says why.
     */
    public DailySummary fallback(DailyNumbers numbers, String reason) {
        Instant start = clock.instant();
        FactSheet sheet = FactSheet.build(numbers, format);
        return finish(
                sheet,
                SummaryPrompt.of(sheet),
                TemplateSummary.draft(sheet),
                new SummaryVerdict(SummaryVerdict.Status.FALLBACK, List.of(reason)),
                0,
                start);
    }

    private DailySummary finish(
            FactSheet sheet,
            SummaryPrompt prompt,
            SummaryDraft draft,
            SummaryVerdict verdict,
            int attempts,
            Instant start) {
        SummaryRenderer.Reports reports = new SummaryRenderer(sheet).render(draft);
        Duration latency = Duration.between(start, clock.instant());
        LOG.info(
                "Summary of {} written: {} after {} attempt(s) in {} ms (model {}, prompt {})",
                sheet.day(),
                verdict.status().column(),
                attempts,
                latency.toMillis(),
                model,
                prompt.hash().substring(0, 12));
        return new DailySummary(
                sheet.day(),
                sheet,
                reports.dashboardMarkdown(),
                reports.dashboardMarks(),
                reports.whatsApp() + ending(),
                verdict,
                attempts,
                latency,
                prompt.hash(),
                model);
    }

    private static String reasonsPrefix(boolean reask) {
        return (reask ? "2" : "1") + ": ";
    }
}
