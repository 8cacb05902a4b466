package io.crmpulse.job.alerts.volume;

import io.crmpulse.job.alerts.SubjectDayState;
import io.crmpulse.job.alerts.common.BusinessCalendar;
import io.crmpulse.job.alerts.common.Statistics;
import io.crmpulse.job.config.AlertSettings;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import javax.annotation.Nullable;

/**
 * The per-day lead counts of one subject over the days the rules keep, and the baselines built from
 * them (G2 warm-up, G3 same-weekday median, G4 time-of-day share, G11 dispersion). Plain Java: the
 * Flink function copies its keyed state into one of these for each check.
 */
public final class DailyCounts {

    private final NavigableMap<Long, SubjectDayState> days;
    @Nullable private final Long firstDay;
    private final BusinessCalendar calendar;
    private final AlertSettings.Mechanics mechanics;

    /**
     * @param days the day counts by epoch day (business-timezone dates)
     * @param firstDay the epoch day of the oldest lead the subject has seen; null for none
     */
    public DailyCounts(
            Map<Long, SubjectDayState> days,
            @Nullable Long firstDay,
            BusinessCalendar calendar,
            AlertSettings.Mechanics mechanics) {
        this.days = new TreeMap<>(days);
        this.firstDay = firstDay;
        this.calendar = calendar;
        this.mechanics = mechanics;
    }

    public BusinessCalendar calendar() {
        return calendar;
    }

    public AlertSettings.Mechanics mechanics() {
        return mechanics;
    }

    /** The counts of {@code day}; empty when nothing was created that day. */
    public SubjectDayState day(LocalDate day) {
        SubjectDayState state = days.get(day.toEpochDay());
        return state == null ? SubjectDayState.empty() : state;
    }

    /** Whole days of history before {@code today}. */
    public long historyDays(LocalDate today) {
        return firstDay == null ? 0 : Math.max(0, today.toEpochDay() - firstDay);
    }

    /** G2: enough history for a statistical rule. */
    public boolean warmedUp(LocalDate today) {
        return historyDays(today) >= mechanics.warmupDays()
                && sameWeekdays(today, false).size() >= mechanics.warmupSameWeekdayPoints();
    }

    /**
     * G3: the last {@code baseline_same_weekday_n} days with the weekday of {@code today} inside
     * the subject's history, skipping holidays (and, for the volume rule, days R2 flagged).
     */
    public List<LocalDate> sameWeekdays(LocalDate today, boolean skipVolumeFlagged) {
        List<LocalDate> out = new ArrayList<>();
        int weeks = (retainedDays() - 1) / 7;
        for (int k = 1; k <= weeks && out.size() < mechanics.baselineSameWeekdayN(); k++) {
            LocalDate d = today.minusWeeks(k);
            if (!inHistory(d)) {
                break;
            }
            if (calendar.isHoliday(d) || (skipVolumeFlagged && day(d).isVolumeFlagged())) {
                continue;
            }
            out.add(d);
        }
        return out;
    }

    /**
     * The days a rate is pooled over: the {@code baseline_rate_days} before {@code today} inside
     * the subject's history, without holidays (and, for R1, without days R1 flagged).
     */
    public List<LocalDate> rateDays(LocalDate today, boolean skipJunkFlagged) {
        List<LocalDate> out = new ArrayList<>();
        for (int k = 1; k <= mechanics.baselineRateDays(); k++) {
            LocalDate d = today.minusDays(k);
            if (!inHistory(d)) {
                break;
            }
            if (calendar.isHoliday(d) || (skipJunkFlagged && day(d).isJunkFlagged())) {
                continue;
            }
            out.add(d);
        }
        return out;
    }

    /** The slot of local wall time that {@code t} falls in (its day's 15-minute slot). */
    public int slotOf(Instant t) {
        LocalTime time = t.atZone(calendar.zone()).toLocalTime();
        return time.getHour() * 4 + time.getMinute() / 15;
    }

    /**
     * G3, G4: what is expected of {@code today} by the start of {@code slot} (or for the whole day
     * when {@code slot} is {@link SubjectDayState#SLOTS}).
     */
    public VolumeBaseline volumeBaseline(LocalDate today, int slot) {
        List<LocalDate> baseline = sameWeekdays(today, true);
        double[] full = new double[baseline.size()];
        double[] soFar = new double[baseline.size()];
        List<Double> shares = new ArrayList<>();
        for (int i = 0; i < baseline.size(); i++) {
            SubjectDayState d = day(baseline.get(i));
            full[i] = d.getCreated();
            soFar[i] = slot >= SubjectDayState.SLOTS ? d.getCreated() : d.createdBefore(slot);
            if (d.getCreated() > 0) {
                shares.add(soFar[i] / d.getCreated());
            }
        }
        double expectedDay = baseline.isEmpty() ? 0 : Statistics.median(full);
        double share;
        if (slot >= SubjectDayState.SLOTS) {
            share = 1;
        } else if (shares.isEmpty()) {
            share = 1;
        } else {
            share =
                    Math.max(
                            SHARE_FLOOR,
                            Statistics.median(
                                    shares.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return new VolumeBaseline(
                baseline, expectedDay, share, expectedDay * share, soFar, dispersion(today, slot));
    }

    /**
     * G4 for R3: the leads expected in each 15-minute slot of local wall time on {@code day}, the
     * mean of the same weekdays of the baseline (none on a holiday).
     */
    public double[] slotMeans(LocalDate day) {
        double[] means = new double[SubjectDayState.SLOTS];
        if (calendar.isHoliday(day)) {
            return means;
        }
        List<LocalDate> baseline = sameWeekdays(day, true);
        for (LocalDate d : baseline) {
            int[] slots = day(d).getSlots();
            for (int i = 0; i < means.length; i++) {
                means[i] += (double) slots[i] / baseline.size();
            }
        }
        return means;
    }

    /** G4: the share of a day's leads expected by a time is at least this. */
    static final double SHARE_FLOOR = 0.05;

    /** G11 for full days: {@link #dispersion(LocalDate, int)} at the end of the day. */
    public double dispersion(LocalDate today) {
        return dispersion(today, SubjectDayState.SLOTS);
    }

    /**
     * G11: the dispersion index of the counts by the start of {@code slot} over the rate days,
     * grouped by weekday so that weekday seasonality is not taken for over-dispersion. Measured on
     * the very count R2 tests (leads by this time of day), it holds both the day-to-day noise of
     * the volume and that of its time-of-day profile.
     */
    public double dispersion(LocalDate today, int slot) {
        Map<DayOfWeek, List<Double>> byWeekday = new EnumMap<>(DayOfWeek.class);
        for (LocalDate d : rateDays(today, false)) {
            SubjectDayState counts = day(d);
            if (counts.isVolumeFlagged()) {
                continue;
            }
            double value =
                    slot >= SubjectDayState.SLOTS
                            ? counts.getCreated()
                            : counts.createdBefore(slot);
            byWeekday.computeIfAbsent(d.getDayOfWeek(), w -> new ArrayList<>()).add(value);
        }
        List<double[]> groups = new ArrayList<>();
        for (List<Double> counts : byWeekday.values()) {
            groups.add(counts.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return Statistics.dispersionIndex(groups);
    }

    /** R1: junk and triaged leads pooled over the rate days before {@code today}. */
    public JunkBaseline junkBaseline(LocalDate today) {
        long junk = 0;
        long triaged = 0;
        List<LocalDate> rateDays = rateDays(today, true);
        for (LocalDate d : rateDays) {
            junk += day(d).getJunk();
            triaged += day(d).getTriaged();
        }
        return new JunkBaseline(rateDays.size(), junk, triaged);
    }

    /**
     * R3: leads over the rate days before {@code today} (holidays left out), per day and per
     * business hour of those days.
     */
    public LeadRate leadRate(LocalDate today) {
        long leads = 0;
        Duration business = Duration.ZERO;
        List<LocalDate> rateDays = rateDays(today, false);
        for (LocalDate d : rateDays) {
            leads += day(d).getCreated();
            business =
                    business.plus(
                            calendar.businessTimeBetween(calendar.startOf(d), calendar.endOf(d)));
        }
        return new LeadRate(rateDays.size(), leads, business);
    }

    private boolean inHistory(LocalDate d) {
        return firstDay != null && d.toEpochDay() >= firstDay;
    }

    private int retainedDays() {
        return Math.max(mechanics.baselineRateDays(), 7 * mechanics.baselineSameWeekdayN()) + 1;
    }

    /**
     * @param days the same weekdays the baseline uses
     * @param expectedDay their median count (G3)
     * @param share the median share of their leads created by the slot (G4, floored)
     * @param expected {@code expectedDay * share}: mu
     * @param soFar each baseline day's count by the slot (for the modified z-score)
     * @param dispersion the dispersion index (G11)
     */
    public record VolumeBaseline(
            List<LocalDate> days,
            double expectedDay,
            double share,
            double expected,
            double[] soFar,
            double dispersion) {}

    /**
     * @param days the rate days pooled
     * @param junk junk leads created on them
     * @param triaged triaged leads created on them
     */
    public record JunkBaseline(int days, long junk, long triaged) {

        /** p0; NaN when nothing was triaged. */
        public double rate() {
            return triaged == 0 ? Double.NaN : (double) junk / triaged;
        }
    }

    /**
     * @param days the rate days counted
     * @param leads leads created on them
     * @param businessTime the business time of those days
     */
    public record LeadRate(int days, long leads, Duration businessTime) {

        public double perDay() {
            return days == 0 ? 0 : (double) leads / days;
        }

        public double perBusinessHour() {
            double hours = businessTime.toMinutes() / 60.0;
            return hours <= 0 ? 0 : leads / hours;
        }
    }
}
