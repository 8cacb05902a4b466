package io.crmpulse.job.alerts.volume;

import io.crmpulse.job.alerts.SubjectDayState;
import io.crmpulse.job.alerts.common.AlertTexts;
import io.crmpulse.job.alerts.common.BusinessCalendar;
import io.crmpulse.job.alerts.common.Rarity;
import io.crmpulse.job.alerts.common.Statistics;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.Alert;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The arithmetic of the lead rules R1, R2 and R3 for one subject ({@code total} or a source): what
 * each would fire at a check, given the subject's day counts. Persistence (G7), cooldown (G8), the
 * live horizon and muting (G10) are the caller's, {@link LeadVolumeRulesFunction}.
 */
public final class LeadVolumeRules implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AlertSettings settings;
    private final DisplayFormat display;

    /**
     * @param display how the messages' counts and rates read ({@code PULSE_CURRENCY}'s locale)
     */
    public LeadVolumeRules(AlertSettings settings, DisplayFormat display) {
        this.settings = settings;
        this.display = display;
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
                        + " over "
                        + baseline.days()
                        + " d) "
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
        String label = AlertTexts.label(subject);
        String message =
                Alert.nameOf(Alert.R1_JUNK_SPIKE)
                        + ", "
                        + label
                        + ": "
                        + display.count(x)
                        + " of "
                        + display.count(n)
                        + " leads triaged today by "
                        + AlertTexts.time(at, zone)
                        + " are junk ("
                        + display.percent(BigDecimal.valueOf(observed))
                        + "), usually "
                        + display.percent(BigDecimal.valueOf(p0))
                        + ".\n"
                        + Rarity.sentence(p, "a day like this", display)
                        + (AlertTexts.TOTAL.equals(subject)
                                ? " Check which source the junk comes from."
                                : " Check the "
                                        + label
                                        + " form and where its traffic comes from.");
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
        // G11, and the baseline is itself an estimate: the median of n days has about pi/2n of a
        // day's variance, so the test is a prediction interval, not one around a known mean.
        double phi =
                (baseline.dispersion() > m.dispersionTrigger() ? baseline.dispersion() : 1)
                        * (1 + Math.PI / (2.0 * baseline.days().size()));
        boolean significant;
        String statistic;
        double chance;
        double z =
                mu >= rule.robustZWhenMuGe()
                        ? Statistics.modifiedZ(x, baseline.soFar())
                        : Double.NaN;
        if (!Double.isNaN(z)) {
            significant = z <= -rule.robustZ();
            chance = Statistics.normalLowerTail(z);
            statistic =
                    "modified z = "
                            + AlertTexts.number(z)
                            + " <= -"
                            + AlertTexts.number(rule.robustZ());
        } else {
            double p = Statistics.quasiPoissonLowerTail(x, mu, phi);
            significant = p < m.pValue();
            chance = p;
            statistic =
                    "quasi-Poisson (phi="
                            + AlertTexts.decimal(phi)
                            + (baseline.dispersion() > m.dispersionTrigger()
                                    ? ", over-dispersed"
                                    : "")
                            + ") "
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
        String weekday = day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + "s";
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
                        + AlertTexts.number(rule.minAbs())
                        + "; baseline: median of the last "
                        + baseline.days().size()
                        + " "
                        + weekday
                        + " = "
                        + AlertTexts.number(baseline.expectedDay())
                        + " a day"
                        + (fullDay
                                ? ""
                                : ", "
                                        + AlertTexts.precisePercent(baseline.share())
                                        + " of it by this time");
        String label = AlertTexts.label(subject);
        String when =
                fullDay ? " on " + AlertTexts.day(day) : " today by " + AlertTexts.time(at, zone);
        String usually = fullDay ? " on " + weekday : " by then";
        String message =
                Alert.nameOf(Alert.R2_VOLUME_DROP)
                        + ", "
                        + label
                        + ": "
                        + display.count(x)
                        + " leads"
                        + when
                        + ", usually about "
                        + display.count(Math.round(mu))
                        + usually
                        + ".\n"
                        + Rarity.sentence(chance, "a day like this", display)
                        + (AlertTexts.TOTAL.equals(subject)
                                ? " Check the web forms, the ad campaigns and the Zoho sync."
                                : " Check the " + label + " form and its campaign.");
        Instant start = counts.calendar().startOf(day);
        return Optional.of(
                AlertTexts.alert(
                        Alert.R2_VOLUME_DROP,
                        subject,
                        severity,
                        // The end-of-day verdict judges another window than a check in the day,
                        // so it must not replace that alert's row (nor be skipped as sent).
                        fullDay ? day + "/day" : day.toString(),
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
     * R3: how long a silence after {@code lastLead} must last to be reported, or empty when the
     * source is not watched (not warmed up, or fewer than {@code silence.min_daily_avg} leads a day
     * over the rate days).
     *
     * <p>The rule's window is the business time in which {@code silence.expected_count} leads
     * arrive. Two refinements keep it honest on ordinary data: the expected leads follow the time
     * of day of the same weekdays (G4), not a flat hourly rate, so a quiet late afternoon is not a
     * silence; and a source with many leads a day has as many gaps between them, each a chance for
     * a long one, so the expected count is at least {@code ln(leads a day / p_value)}: a silence
     * that long happens by chance on fewer than {@code p_value} of days. The window is clamped to
     * {@code silence.min_hours}..{@code silence.max_hours} of business time.
     */
    public Optional<SilenceWindow> silenceWindow(
            DailyCounts counts, Instant lastLead, LocalDate today) {
        AlertSettings.Silence rule = settings.silence();
        if (!counts.warmedUp(today)) {
            return Optional.empty();
        }
        DailyCounts.LeadRate rate = counts.leadRate(today);
        if (rate.perDay() < rule.minDailyAvg() || rate.leads() == 0) {
            return Optional.empty();
        }
        BusinessCalendar calendar = counts.calendar();
        double needed =
                Math.max(
                        rule.expectedCount(),
                        Math.log(rate.perDay() / settings.mechanics().pValue()));
        Duration min = hours(rule.minHours());
        Duration max = hours(rule.maxHours());
        Duration business = Duration.ZERO;
        double expected = 0;
        Instant t = lastLead;
        Map<LocalDate, double[]> profiles = new HashMap<>();
        while (business.compareTo(max) < 0) {
            Instant next = nextQuarterHour(t);
            Duration open = calendar.businessTimeBetween(t, next);
            if (!open.isZero()) {
                LocalDate day = calendar.date(t);
                double slot = profiles.computeIfAbsent(day, counts::slotMeans)[counts.slotOf(t)];
                double inSlot = slot * open.toMillis() / (double) QUARTER.toMillis();
                if (expected + inSlot >= needed) {
                    double fraction = (needed - expected) / inSlot;
                    business = business.plusMillis(Math.round(open.toMillis() * fraction));
                    expected = needed;
                    break;
                }
                expected += inSlot;
                business = business.plus(open);
            }
            t = next;
        }
        Duration window =
                business.compareTo(min) < 0 ? min : business.compareTo(max) > 0 ? max : business;
        return Optional.of(new SilenceWindow(window, expected, needed, rate.perDay()));
    }

    private static final Duration QUARTER = Duration.ofMinutes(15);

    private static Instant nextQuarterHour(Instant t) {
        long q = QUARTER.toMillis();
        return Instant.ofEpochMilli((Math.floorDiv(t.toEpochMilli(), q) + 1) * q);
    }

    private static Duration hours(double hours) {
        return Duration.ofSeconds(Math.round(hours * 3600));
    }

    /**
     * @param window the business time a silence must last
     * @param expected the leads expected in it (less than {@code needed} when clamped at the
     *     maximum)
     * @param needed the expected count the silence was sized for
     * @param perDay the source's leads a day over the rate days
     */
    public record SilenceWindow(Duration window, double expected, double needed, double perDay) {}

    /**
     * R3 source went silent: no lead from the source since {@code lastLead}, for at least the
     * silence window of business time (checked by the caller).
     */
    public Alert sourceSilent(
            String subject,
            DailyCounts counts,
            Instant lastLead,
            SilenceWindow window,
            Instant at) {
        AlertSettings.Silence rule = settings.silence();
        BusinessCalendar calendar = counts.calendar();
        Duration silent = calendar.businessTimeBetween(lastLead, at);
        String test =
                "no lead for "
                        + AlertTexts.hours(silent)
                        + " business h >= "
                        + AlertTexts.hours(window.window())
                        + " h, in which "
                        + AlertTexts.number(window.expected())
                        + " leads are expected at this time of day (needed: max("
                        + AlertTexts.number(rule.expectedCount())
                        + ", ln("
                        + AlertTexts.number(window.perDay())
                        + " a day / "
                        + AlertTexts.decimal(settings.mechanics().pValue())
                        + ")) = "
                        + AlertTexts.number(window.needed())
                        + "; clamped "
                        + AlertTexts.number(rule.minHours())
                        + "-"
                        + AlertTexts.number(rule.maxHours())
                        + " h); P(0) = "
                        + Statistics.showP(Math.exp(-window.expected())).replace("= ", "");
        String label = AlertTexts.label(subject);
        String message =
                Alert.nameOf(Alert.R3_SOURCE_SILENT)
                        + ", "
                        + label
                        + ": no lead for "
                        + AlertTexts.businessHours(silent)
                        + " (since "
                        + AlertTexts.dayTime(lastLead, calendar.zone())
                        + "), usually about "
                        + display.count(Math.round(window.expected()))
                        + " in that time.\n"
                        + Rarity.sentence(
                                Math.exp(-window.expected()), "a silence this long", display)
                        + " Check that the "
                        + label
                        + " form still sends its leads to Zoho.";
        return AlertTexts.alert(
                Alert.R3_SOURCE_SILENT,
                subject,
                Alert.WARNING,
                lastLead.toString(),
                at,
                lastLead,
                at,
                AlertTexts.hoursOf(silent),
                AlertTexts.hoursOf(window.window()),
                Math.round(window.perDay() * counts.leadRate(calendar.date(at)).days()),
                test,
                message);
    }
}
