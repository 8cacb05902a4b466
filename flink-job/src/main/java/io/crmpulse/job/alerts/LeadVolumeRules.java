package io.crmpulse.job.alerts;

import io.crmpulse.job.model.Alert;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * The arithmetic of the lead rules R1, R2 and R3 for one subject ({@code total} or a source): what
 * each would fire at a check, given the subject's day counts. Persistence (G7), cooldown (G8), the
 * live horizon and muting (G10) are the caller's, {@link LeadVolumeRulesFunction}.
 */
public final class LeadVolumeRules implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AlertSettings settings;

    public LeadVolumeRules(AlertSettings settings) {
        this.settings = settings;
    }

    /**
     * R1 junk-rate spike: of the leads created today and triaged (out of the untouched class), n >=
     * {@code min_rate_n}, x are junk. Against p0, the pooled junk rate of the subject's rate days,
     * it fires when the exact binomial {@code P(X >= x | n, p0) < p_value} and the rate rose by at
     * least {@code junk.abs_pp} and to at least {@code junk.rel_mult} times p0; critical from
     * {@code junk.critical_pp}.
     */
    public Optional<Alert> junkSpike(String subject, DailyCounts counts, Instant at) {
        AlertSettings.Mechanics m = settings.mechanics();
        AlertSettings.JunkSpike rule = settings.junk();
        ZoneId zone = counts.calendar().zone();
        LocalDate today = counts.calendar().date(at);
        if (!counts.warmedUp(today)) {
            return Optional.empty();
        }
        SubjectDayState day = counts.day(today);
        long n = day.getTriaged();
        long x = day.getJunk();
        DailyCounts.JunkBaseline baseline = counts.junkBaseline(today);
        if (n < m.minRateN() || baseline.triaged() < m.minRateN()) {
            return Optional.empty();
        }
        double p0 = baseline.rate();
        double observed = (double) x / n;
        double p = Statistics.binomialUpperTail(x, n, p0);
        double rise = observed - p0;
        boolean fires =
                p < m.pValue()
                        && rise >= rule.absPp() - 1e-12
                        && observed >= rule.relMult() * p0 - 1e-12;
        if (!fires) {
            return Optional.empty();
        }
        String severity = rise >= rule.criticalPp() - 1e-12 ? Alert.CRITICAL : Alert.WARNING;
        String test =
                "binomial P(X>="
                        + x
                        + " | n="
                        + n
                        + ", p0="
                        + AlertTexts.decimal(p0)
                        + ") "
                        + Statistics.showP(p)
                        + " < "
                        + AlertTexts.decimal(m.pValue())
                        + "; +"
                        + AlertTexts.number(100 * rise)
                        + " pp >= "
                        + AlertTexts.number(100 * rule.absPp())
                        + " pp; "
                        + (p0 == 0 ? "p0 = 0" : AlertTexts.number(observed / p0) + "x")
                        + " >= "
                        + AlertTexts.number(rule.relMult())
                        + "x"
                        + (Alert.CRITICAL.equals(severity)
                                ? "; critical from +"
                                        + AlertTexts.number(100 * rule.criticalPp())
                                        + " pp"
                                : "");
        String message =
                "Junk spike, "
                        + AlertTexts.label(subject)
                        + ": "
                        + x
                        + " of "
                        + n
                        + " leads triaged today are junk ("
                        + AlertTexts.percent(observed)
                        + "), against "
                        + AlertTexts.percent(p0)
                        + " over the last "
                        + baseline.days()
                        + " days (today until "
                        + AlertTexts.time(at, zone)
                        + ").";
        return Optional.of(
                AlertTexts.alert(
                        Alert.R1_JUNK_SPIKE,
                        subject,
                        severity,
                        today.toString(),
                        at,
                        counts.calendar().startOf(today),
                        at,
                        observed,
                        p0,
                        n,
                        test,
                        message));
    }

    /**
     * R2 lead-volume drop: x leads created by {@code at} today (or on {@code day} in full, for the
     * end-of-day check), mu expected by then (G3 median of the same weekdays times the G4 share).
     * With mu >= {@code min_expected_count}, it fires when the Poisson lower tail {@code P(X <= x |
     * mu) < p_value} (quasi-Poisson when over-dispersed, G11; the modified z-score from {@code
     * volume_drop.robust_z_when_mu_ge}), x <= {@code volume_drop.max_ratio} mu and mu - x >= {@code
     * volume_drop.min_abs}. Critical for {@code total}.
     *
     * @param fullDay judge all of {@code day} (the end-of-day check) instead of today until {@code
     *     at}
     */
    public Optional<Alert> volumeDrop(
            String subject, DailyCounts counts, Instant at, LocalDate day, boolean fullDay) {
        AlertSettings.Mechanics m = settings.mechanics();
        AlertSettings.VolumeDrop rule = settings.volumeDrop();
        ZoneId zone = counts.calendar().zone();
        if (!counts.warmedUp(day)) {
            return Optional.empty();
        }
        int slot = fullDay ? SubjectDayState.SLOTS : counts.slotOf(at);
        SubjectDayState counted = counts.day(day);
        long x = fullDay ? counted.getCreated() : counted.createdBefore(slot);
        DailyCounts.VolumeBaseline baseline = counts.volumeBaseline(day, slot);
        double mu = baseline.expected();
        if (mu < m.minExpectedCount()) {
            return Optional.empty();
        }
        double phi = baseline.dispersion() > m.dispersionTrigger() ? baseline.dispersion() : 1;
        boolean significant;
        String statistic;
        double z =
                mu >= rule.robustZWhenMuGe()
                        ? Statistics.modifiedZ(x, baseline.soFar())
                        : Double.NaN;
        if (!Double.isNaN(z)) {
            significant = z <= -rule.robustZ();
            statistic =
                    "modified z = "
                            + AlertTexts.number(z)
                            + " <= -"
                            + AlertTexts.number(rule.robustZ());
        } else {
            double p = Statistics.quasiPoissonLowerTail(x, mu, phi);
            significant = p < m.pValue();
            statistic =
                    (phi > 1 ? "quasi-Poisson (phi=" + AlertTexts.decimal(phi) + ") " : "Poisson ")
                            + "P(X<="
                            + x
                            + " | mu="
                            + AlertTexts.number(mu)
                            + ") "
                            + Statistics.showP(p)
                            + " < "
                            + AlertTexts.decimal(m.pValue());
        }
        boolean big = x <= rule.maxRatio() * mu + 1e-9 && mu - x >= rule.minAbs() - 1e-9;
        if (!significant || !big) {
            return Optional.empty();
        }
        String severity = AlertTexts.TOTAL.equals(subject) ? Alert.CRITICAL : Alert.WARNING;
        String test =
                statistic
                        + "; "
                        + x
                        + " <= "
                        + AlertTexts.decimal(rule.maxRatio())
                        + " x "
                        + AlertTexts.number(mu)
                        + "; "
                        + AlertTexts.number(mu - x)
                        + " short >= "
                        + AlertTexts.number(rule.minAbs());
        String weekday =
                day.getDayOfWeek()
                                .getDisplayName(
                                        java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                        + "s";
        String message;
        if (fullDay) {
            message =
                    "Lead volume drop, "
                            + AlertTexts.label(subject)
                            + ": "
                            + x
                            + " leads on "
                            + AlertTexts.day(day)
                            + ", against "
                            + AlertTexts.number(mu)
                            + " expected (median of the last "
                            + baseline.days().size()
                            + " "
                            + weekday
                            + ").";
        } else {
            message =
                    "Lead volume drop, "
                            + AlertTexts.label(subject)
                            + ": "
                            + x
                            + " leads today by "
                            + AlertTexts.time(at, zone)
                            + ", against "
                            + AlertTexts.number(mu)
                            + " expected by then ("
                            + AlertTexts.number(baseline.expectedDay())
                            + " a day, median of the last "
                            + baseline.days().size()
                            + " "
                            + weekday
                            + "; "
                            + AlertTexts.percent(baseline.share())
                            + " of them by this time).";
        }
        Instant start = counts.calendar().startOf(day);
        return Optional.of(
                AlertTexts.alert(
                        Alert.R2_VOLUME_DROP,
                        subject,
                        severity,
                        day.toString(),
                        at,
                        start,
                        fullDay ? counts.calendar().endOf(day) : at,
                        x,
                        mu,
                        x,
                        test,
                        message));
    }

    /**
     * R3: the silence after which a source is reported, or empty when the source is not watched
     * (not warmed up, or fewer than {@code silence.min_daily_avg} leads a day over the rate days).
     * It is the business time in which {@code silence.expected_count} leads arrive at the source's
     * rate per business hour, clamped to {@code silence.min_hours}..{@code silence.max_hours}.
     */
    public Optional<Duration> silenceWindow(DailyCounts counts, LocalDate today) {
        AlertSettings.Silence rule = settings.silence();
        if (!counts.warmedUp(today)) {
            return Optional.empty();
        }
        DailyCounts.LeadRate rate = counts.leadRate(today);
        if (rate.perDay() < rule.minDailyAvg() || rate.perBusinessHour() <= 0) {
            return Optional.empty();
        }
        double hours =
                Math.min(
                        rule.maxHours(),
                        Math.max(rule.minHours(), rule.expectedCount() / rate.perBusinessHour()));
        return Optional.of(Duration.ofSeconds(Math.round(hours * 3600)));
    }

    /**
     * R3 source went silent: no lead from the source since {@code lastLead}, for at least the
     * silence window of business time (checked by the caller).
     */
    public Alert sourceSilent(
            String subject, DailyCounts counts, Instant lastLead, Duration window, Instant at) {
        AlertSettings.Silence rule = settings.silence();
        BusinessCalendar calendar = counts.calendar();
        DailyCounts.LeadRate rate = counts.leadRate(calendar.date(at));
        Duration silent = calendar.businessTimeBetween(lastLead, at);
        String test =
                "no lead for "
                        + AlertTexts.hours(silent)
                        + " business h >= "
                        + AlertTexts.hours(window)
                        + " h = "
                        + AlertTexts.number(rule.expectedCount())
                        + " leads / "
                        + AlertTexts.decimal(rate.perBusinessHour())
                        + " per business h (clamped "
                        + AlertTexts.number(rule.minHours())
                        + "-"
                        + AlertTexts.number(rule.maxHours())
                        + " h); P(0 | "
                        + AlertTexts.number(rule.expectedCount())
                        + ") = "
                        + AlertTexts.decimal(Math.exp(-rule.expectedCount()));
        String message =
                "Source silent, "
                        + AlertTexts.label(subject)
                        + ": no lead for "
                        + AlertTexts.hours(silent)
                        + " business hours (since "
                        + AlertTexts.dayTime(lastLead, calendar.zone())
                        + "); it averaged "
                        + AlertTexts.number(rate.perDay())
                        + " leads a day over the last "
                        + rate.days()
                        + " days.";
        return AlertTexts.alert(
                Alert.R3_SOURCE_SILENT,
                subject,
                Alert.WARNING,
                lastLead.toString(),
                at,
                lastLead,
                at,
                AlertTexts.hoursOf(silent),
                AlertTexts.hoursOf(window),
                rate.leads(),
                test,
                message);
    }
}
