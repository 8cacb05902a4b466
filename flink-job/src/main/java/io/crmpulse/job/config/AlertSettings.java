package io.crmpulse.job.config;

import io.crmpulse.sinks.outbox.QuietHours;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * The thresholds of the anomaly rules, from {@code pulse.yaml} (README, "The rules"; parsed and
 * checked by {@link PulseSettings}). Each component is the key of the same name, declared with its
 * default, range and meaning in {@link PulseOptions}.
 *
 * @param mechanics the global mechanics G2 to G7 and the live horizon ({@code alerts.*})
 * @param junk R1 junk-rate spike ({@code junk.*})
 * @param volumeDrop R2 lead-volume drop ({@code volume_drop.*})
 * @param silence R3 source went silent ({@code silence.*})
 * @param bigDealLost R4 big deal lost ({@code big_deal_lost.*})
 * @param untouched R5 leads left untouched past the speed-to-lead SLA ({@code untouched.*})
 * @param health the data-health guard G10 ({@code health.*})
 * @param businessHours the business calendar G9 ({@code business_hours.*})
 * @param noise cooldown (the rules) and grouping, cap, quiet hours (the delivery) ({@code noise.*})
 */
public record AlertSettings(
        Mechanics mechanics,
        JunkSpike junk,
        VolumeDrop volumeDrop,
        Silence silence,
        BigDealLost bigDealLost,
        Untouched untouched,
        Health health,
        BusinessHours businessHours,
        Noise noise)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public AlertSettings {
        Objects.requireNonNull(mechanics, "mechanics");
        Objects.requireNonNull(junk, "junk");
        Objects.requireNonNull(volumeDrop, "volumeDrop");
        Objects.requireNonNull(silence, "silence");
        Objects.requireNonNull(bigDealLost, "bigDealLost");
        Objects.requireNonNull(untouched, "untouched");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(businessHours, "businessHours");
        Objects.requireNonNull(noise, "noise");
    }

    /** Every value at its default ({@link PulseOptions}). */
    public static AlertSettings defaults() {
        return PulseSettings.defaults().alerts();
    }

    /**
     * How many days of per-day counts the rules keep: the longest baseline (the rate days, or the
     * same-weekday weeks), plus today and one day of slack.
     */
    public int retentionDays() {
        return Math.max(mechanics.baselineRateDays(), 7 * mechanics.baselineSameWeekdayN()) + 2;
    }

    /**
     * The global mechanics of the rules.
     *
     * @param warmupDays G2: days of history before a statistical rule may fire
     * @param warmupSameWeekdayPoints G2: same-weekday days of history needed too
     * @param baselineSameWeekdayN G3: the daily baseline is the median of this many last same
     *     weekdays
     * @param baselineRateDays R1, R3: the days a rate is pooled over, today excluded
     * @param checkpointMinutes G7: minutes between intraday checks
     * @param pValue G6: one-sided significance level of each check
     * @param persistenceCheckpoints G7: consecutive breaching checks before an intraday statistical
     *     rule fires
     * @param minRateN G5: a rate is judged on at least this many leads
     * @param minExpectedCount G5: a count is judged when at least this many are expected
     * @param dispersionTrigger G11: a dispersion index above this inflates the Poisson test
     * @param liveHorizon a change is live (may reveal an incident) when its modified time is at
     *     most this old when the job sees it
     */
    public record Mechanics(
            int warmupDays,
            int warmupSameWeekdayPoints,
            int baselineSameWeekdayN,
            int baselineRateDays,
            int checkpointMinutes,
            double pValue,
            int persistenceCheckpoints,
            int minRateN,
            double minExpectedCount,
            double dispersionTrigger,
            Duration liveHorizon)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public Mechanics {
            Objects.requireNonNull(liveHorizon, "liveHorizon");
        }

        public Duration checkpoint() {
            return Duration.ofMinutes(checkpointMinutes);
        }
    }

    /**
     * R1.
     *
     * @param absPp the junk rate must rise by at least this much, as a fraction
     * @param relMult and to at least this multiple of the baseline rate
     * @param criticalPp a rise of at least this much is critical
     */
    public record JunkSpike(double absPp, double relMult, double criticalPp)
            implements Serializable {

        private static final long serialVersionUID = 1L;
    }

    /**
     * R2.
     *
     * @param maxRatio fire only when the count is at most this fraction of the expected
     * @param minAbs and at least this many leads short
     * @param robustZWhenMuGe from this expected count on, the significance gate is the modified
     *     z-score on the same-weekday series instead of the Poisson tail
     * @param robustZ the modified z-score must be at most minus this
     */
    public record VolumeDrop(double maxRatio, double minAbs, double robustZWhenMuGe, double robustZ)
            implements Serializable {

        private static final long serialVersionUID = 1L;
    }

    /**
     * R3.
     *
     * @param minDailyAvg only sources with at least this many leads a day on average over the rate
     *     days are watched
     * @param expectedCount the silence lasts as long as this many leads would take to arrive
     * @param minHours at least this many business hours
     * @param maxHours at most this many business hours
     */
    public record Silence(
            double minDailyAvg, double expectedCount, double minHours, double maxHours)
            implements Serializable {

        private static final long serialVersionUID = 1L;
    }

    /**
     * R4.
     *
     * @param absFloor a lost deal is big from this home-currency amount on, whatever the percentile
     * @param wonPercentile or from this percentile of the amounts won
     * @param lookbackDays over this many days
     * @param pipelineShare or when it was at least this share of the open pipeline
     */
    public record BigDealLost(
            BigDecimal absFloor, double wonPercentile, int lookbackDays, double pipelineShare)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public BigDealLost {
            Objects.requireNonNull(absFloor, "absFloor");
        }
    }

    /**
     * R5.
     *
     * @param slaBusinessMinutes a lead still untouched this many business minutes after its
     *     creation breaches the SLA
     * @param perOwnerBatch one alert per owner once this many of their breaches are open
     * @param escalateHours a lead untouched this long (checked in business hours) counts toward the
     *     escalation
     * @param escalateCount the owner's alert turns critical when this many leads are untouched past
     *     {@code escalateHours}
     * @param hotSources a breach of a lead from one of these sources alerts at once
     * @param maxAgeDays a lead untouched for longer is a stale lead for the daily summary, not an
     *     SLA breach
     */
    public record Untouched(
            int slaBusinessMinutes,
            int perOwnerBatch,
            int escalateHours,
            int escalateCount,
            List<String> hotSources,
            int maxAgeDays)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public Untouched {
            hotSources = List.copyOf(hotSources);
        }
    }

    /**
     * G10.
     *
     * @param maxPollLagMinutes data is stale when no Zoho poll has completed for this long
     */
    public record Health(int maxPollLagMinutes) implements Serializable {

        private static final long serialVersionUID = 1L;

        public Duration maxPollLag() {
            return Duration.ofMinutes(maxPollLagMinutes);
        }
    }

    /**
     * G9, in the business timezone ({@code PULSE_TIMEZONE}).
     *
     * @param days business days
     * @param start opening time
     * @param end closing time, after {@code start}
     * @param holidays days that are not business days
     */
    public record BusinessHours(
            List<DayOfWeek> days, LocalTime start, LocalTime end, List<LocalDate> holidays)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public BusinessHours {
            days = List.copyOf(days);
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            holidays = List.copyOf(holidays);
        }
    }

    /**
     * G8, G9.
     *
     * @param cooldownHours one alert per rule and subject in this many hours, unless the severity
     *     rises (the rules keep it)
     * @param groupMinutes alerts that fire within this many minutes go out as one message (the
     *     delivery keeps it)
     * @param dailyCapPerRecipient at most this many alert messages a recipient a day, the rest go
     *     to the daily summary (the delivery keeps it)
     * @param quietHours {@code noise.quiet_hours}, e.g. 21:00-08:00, in which only critical alerts
     *     are sent at once (the delivery keeps them); null for none, the default
     */
    public record Noise(
            int cooldownHours,
            int groupMinutes,
            int dailyCapPerRecipient,
            @Nullable QuietHours quietHours)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public Duration cooldown() {
            return Duration.ofHours(cooldownHours);
        }
    }
}
