package io.crmpulse.job.summary;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * The day's aggregates the fact sheet is built from (docs/METRICS.md 6). Computed by the job from
 * its metrics tables; aggregates and names of sources and reps only, never a lead's record.
 *
 * @param day the business day that ended
 * @param leadsCreated live leads whose cohort day is {@code day}
 * @param topSources the sources with the most leads today, most first (the sheet keeps three)
 * @param junkRateToday junk leads / leads created today; null when no lead was created
 * @param junkRate7dAvg the same over the trailing 7 days (today excluded); null when none
 * @param conversionRateToday converted / leads created today; null when no lead was created
 * @param conversionRate7dAvg the same over the trailing 7 days; null when none
 * @param dealsWon deals whose {@code won_at} falls on {@code day}
 * @param wonValue their {@code amount_home} sum
 * @param openPipeline the open pipeline now
 * @param openPipelineYesterday the open pipeline as yesterday's summary stated it; null when there
 *     is no summary of yesterday
 * @param repsMostUntouched the reps with the most untouched leads, most first (three kept)
 * @param alertsFiredByRule alerts fired today per rule id ({@code R1_JUNK_SPIKE}: 2)
 * @param alertsCapped alerts the daily per-recipient cap held back today
 */
public record DailyNumbers(
        LocalDate day,
        long leadsCreated,
        List<NamedCount> topSources,
        @Nullable BigDecimal junkRateToday,
        @Nullable BigDecimal junkRate7dAvg,
        @Nullable BigDecimal conversionRateToday,
        @Nullable BigDecimal conversionRate7dAvg,
        long dealsWon,
        BigDecimal wonValue,
        BigDecimal openPipeline,
        @Nullable BigDecimal openPipelineYesterday,
        List<NamedCount> repsMostUntouched,
        Map<String, Integer> alertsFiredByRule,
        int alertsCapped) {

    public DailyNumbers {
        Objects.requireNonNull(day, "day");
        topSources = List.copyOf(topSources);
        Objects.requireNonNull(wonValue, "wonValue");
        Objects.requireNonNull(openPipeline, "openPipeline");
        repsMostUntouched = List.copyOf(repsMostUntouched);
        alertsFiredByRule = Map.copyOf(alertsFiredByRule);
    }

    /** A source or a rep and its count. */
    public record NamedCount(String name, long count) {
        public NamedCount {
            Objects.requireNonNull(name, "name");
        }
    }

    public int alertsFired() {
        return alertsFiredByRule.values().stream().mapToInt(Integer::intValue).sum();
    }
}
