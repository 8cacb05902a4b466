package io.crmpulse.job.alerts;

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
 * checked by {@code PulseSettings}). Every value has a default, listed in {@code
 * pulse.example.yaml}.
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

    /** Every value at its default. */
    public static AlertSettings defaults() {
        return new AlertSettings(
                Mechanics.DEFAULTS,
                JunkSpike.DEFAULTS,
                VolumeDrop.DEFAULTS,
                Silence.DEFAULTS,
                BigDealLost.DEFAULTS,
                Untouched.DEFAULTS,
                Health.DEFAULTS,
                BusinessHours.DEFAULTS,
                Noise.DEFAULTS);
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
     * @param warmupDays G2: days of history before a statistical rule may fire (default 14)
     * @param warmupSameWeekdayPoints G2: same-weekday days of history needed too (default 3)
     * @param baselineSameWeekdayN G3: the daily baseline is the median of this many last same
     *     weekdays (default 4)
     * @param baselineRateDays R1, R3: the days a rate is pooled over, today excluded (default 28)
     * @param checkpointMinutes G7: minutes between intraday checks (default 15)
     * @param pValue G6: one-sided significance level of each check (default 0.001, not the 0.01 one
     *     might expect: every subject is checked every 15 minutes, and at 0.01 the statistical
     *     rules fired 1.5 times a week on a simulated ordinary CRM, at 0.001 0.3 times; see
     *     FalseAlarmRateTest)
     * @param persistenceCheckpoints G7: consecutive breaching checks before an intraday statistical
     *     rule fires (default 2)
     * @param minRateN G5: a rate is judged on at least this many leads (default 20)
     * @param minExpectedCount G5: a count is judged when at least this many are expected (default
     *     5)
     * @param dispersionTrigger G11: a dispersion index above this inflates the Poisson test
     *     (default 1.5)
     * @param liveHorizon a change is live (may reveal an incident) when its modified time is at
     *     most this old when the job sees it (default 15 minutes)
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

        public static final Mechanics DEFAULTS =
                new Mechanics(14, 3, 4, 28, 15, 0.001, 2, 20, 5, 1.5, Duration.ofMinutes(15));

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
     * @param absPp the junk rate must rise by at least this much, as a fraction (default 0.10)
     * @param relMult and to at least this multiple of the baseline rate (default 1.5)
     * @param criticalPp a rise of at least this much is critical (default 0.20)
     */
    public record JunkSpike(double absPp, double relMult, double criticalPp)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public static final JunkSpike DEFAULTS = new JunkSpike(0.10, 1.5, 0.20);
    }

    /**
     * R2.
     *
     * @param maxRatio fire only when the count is at most this fraction of the expected (default
     *     0.6)
     * @param minAbs and at least this many leads short (default 5)
     * @param robustZWhenMuGe from this expected count on, the significance gate is the modified
     *     z-score on the same-weekday series instead of the Poisson tail (default 100)
     * @param robustZ the modified z-score must be at most minus this (default 3.5)
     */
    public record VolumeDrop(double maxRatio, double minAbs, double robustZWhenMuGe, double robustZ)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public static final VolumeDrop DEFAULTS = new VolumeDrop(0.6, 5, 100, 3.5);
    }

    /**
     * R3.
     *
     * @param minDailyAvg only sources with at least this many leads a day on average over the rate
     *     days are watched (default 1)
     * @param expectedCount the silence lasts as long as this many leads would take to arrive
     *     (default 5)
     * @param minHours at least this many business hours (default 2)
     * @param maxHours at most this many business hours (default 48)
     */
    public record Silence(
            double minDailyAvg, double expectedCount, double minHours, double maxHours)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public static final Silence DEFAULTS = new Silence(1, 5, 2, 48);
    }

    /**
     * R4.
     *
     * @param absFloor a lost deal is big from this home-currency amount on, whatever the percentile
     *     (default 0: the percentile alone)
     * @param wonPercentile or from this percentile of the amounts won (default 90)
     * @param lookbackDays over this many days (default 180)
     * @param pipelineShare or when it was at least this share of the open pipeline (default 0.10)
     */
    public record BigDealLost(
            BigDecimal absFloor, double wonPercentile, int lookbackDays, double pipelineShare)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public static final BigDealLost DEFAULTS = new BigDealLost(BigDecimal.ZERO, 90, 180, 0.10);

        public BigDealLost {
            Objects.requireNonNull(absFloor, "absFloor");
        }
    }

    /**
     * R5.
     *
     * @param slaBusinessMinutes a lead still untouched this many business minutes after its
     *     creation breaches the SLA (default 60)
     * @param perOwnerBatch one alert per owner once this many of their breaches are open (default
     *     3)
     * @param escalateHours a lead untouched this long (checked in business hours) counts toward the
     *     escalation (default 24)
     * @param escalateCount the owner's alert turns critical when this many leads are untouched past
     *     {@code escalateHours} (default 5)
     * @param hotSources a breach of a lead from one of these sources alerts at once (default none)
     * @param maxAgeDays a lead untouched for longer is a stale lead for the daily summary, not an
     *     SLA breach (default 7)
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

        public static final Untouched DEFAULTS = new Untouched(60, 3, 24, 5, List.of(), 7);

        public Untouched {
            hotSources = List.copyOf(hotSources);
        }
    }

    /**
     * G10.
     *
     * @param maxPollLagMinutes data is stale when no Zoho poll has completed for this long (default
     *     15)
     */
    public record Health(int maxPollLagMinutes) implements Serializable {

        private static final long serialVersionUID = 1L;

        public static final Health DEFAULTS = new Health(15);

        public Duration maxPollLag() {
            return Duration.ofMinutes(maxPollLagMinutes);
        }
    }

    /**
     * G9, in the business timezone ({@code PULSE_TIMEZONE}).
     *
     * @param days business days (default Monday to Saturday)
     * @param start opening time (default 09:00)
     * @param end closing time, after {@code start} (default 19:00)
     * @param holidays days that are not business days (default none)
     */
    public record BusinessHours(
            List<DayOfWeek> days, LocalTime start, LocalTime end, List<LocalDate> holidays)
            implements Serializable {

        private static final long serialVersionUID = 1L;

        public static final BusinessHours DEFAULTS =
                new BusinessHours(
                        List.of(
                                DayOfWeek.MONDAY,
                                DayOfWeek.TUESDAY,
                                DayOfWeek.WEDNESDAY,
                                DayOfWeek.THURSDAY,
                                DayOfWeek.FRIDAY,
                                DayOfWeek.SATURDAY),
                        LocalTime.of(9, 0),
                        LocalTime.of(19, 0),
                        List.of());

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
     *     rises (default 24; the rules keep it)
     * @param groupMinutes alerts that fire within this many minutes go out as one message (default
     *     5; the delivery keeps it)
     * @param dailyCapPerRecipient at most this many alert messages a recipient a day, the rest go
     *     to the daily summary (default 10; the delivery keeps it)
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

        public static final Noise DEFAULTS = new Noise(24, 5, 10, null);

        public Duration cooldown() {
            return Duration.ofHours(cooldownHours);
        }
    }
}
