package io.crmpulse.job.alerts.volume;

import io.crmpulse.job.alerts.CooldownState;
import io.crmpulse.job.alerts.SubjectDayState;
import io.crmpulse.job.alerts.SubjectState;
import io.crmpulse.job.alerts.common.AlertTexts;
import io.crmpulse.job.alerts.common.AlertsFired;
import io.crmpulse.job.alerts.common.BusinessCalendar;
import io.crmpulse.job.alerts.common.Cooldown;
import io.crmpulse.job.alerts.common.DataFreshness;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.LeadCountDelta;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by subject ({@code total} or {@code source:<lead source>}): keeps the subject's per-day
 * lead counts exactly (each {@link LeadCountDelta} subtracts a lead's old version and adds its new
 * one) and runs R1 (junk spike), R2 (volume drop) and R3 (source silent, sources only) on
 * processing-time timers.
 *
 * <ul>
 *   <li>A check every {@code alerts.checkpoint_minutes}, on the quarter hour: R1 at every check, R2
 *       at checks in business hours; each fires after {@code alerts.persistence_checkpoints}
 *       consecutive breaching checks (G7). The first check of a day also judges the previous day in
 *       full for R2 (the end-of-day check).
 *   <li>R3 arms a timer at the newest lead's creation plus the silence window of business time; a
 *       newer lead re-arms it.
 *   <li>History never alerts: a check or silence deadline before the subject first saw data (kept
 *       in state, so a restore does not move it) fires nothing, nor does R1 unless a live change
 *       touched today's leads. Nothing fires before the Zoho source has caught up once.
 *   <li>R2 and R3 are muted while the data is stale ({@link DataFreshness}, the broadcast input).
 *   <li>Cooldown per rule and subject (G8), in keyed state. A day a rule found anomalous stays out
 *       of later baselines (G3).
 *   <li>Day counts older than the retention are dropped; a subject without any is forgotten.
 * </ul>
 */
public class LeadVolumeRulesFunction
        extends KeyedBroadcastProcessFunction<String, LeadCountDelta, RecordChange, Alert> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(LeadVolumeRulesFunction.class);

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "alerts-lead-volume-rules";

    public static final String NAME = "alerts: R1 junk spike, R2 volume drop, R3 source silent";

    private final AlertSettings settings;
    private final ZoneId zone;
    private final DisplayFormat display;

    private transient BusinessCalendar calendar;
    private transient LeadVolumeRules rules;
    private transient MapState<Long, SubjectDayState> days;
    private transient ValueState<SubjectState> subject;
    private transient MapState<String, CooldownState> cooldowns;
    private transient AlertsFired alertsFired;

    /**
     * @param display how the messages' numbers read ({@code PULSE_CURRENCY})
     */
    public LeadVolumeRulesFunction(AlertSettings settings, ZoneId zone, DisplayFormat display) {
        this.settings = settings;
        this.zone = zone;
        this.display = display;
    }

    @Override
    public void open(OpenContext openContext) {
        alertsFired = new AlertsFired(getRuntimeContext().getMetricGroup());
        calendar = BusinessCalendar.of(settings.businessHours(), zone);
        rules = new LeadVolumeRules(settings, display);
        days =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "day-counts",
                                        Types.LONG,
                                        TypeInformation.of(SubjectDayState.class)));
        subject =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("subject", SubjectState.class));
        cooldowns =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "cooldowns",
                                        Types.STRING,
                                        TypeInformation.of(CooldownState.class)));
    }

    @Override
    public void processElement(LeadCountDelta delta, ReadOnlyContext ctx, Collector<Alert> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        SubjectState s = subject.value();
        if (s == null) {
            s = new SubjectState();
            s.setLiveSince(now);
        }
        LocalDate today = calendar.date(Instant.ofEpochMilli(now));
        LocalDate day = calendar.date(delta.getCreatedTime());
        long epochDay = day.toEpochDay();
        if (epochDay > today.toEpochDay() - settings.retentionDays()) {
            SubjectDayState counts = days.get(epochDay);
            if (counts == null) {
                counts = SubjectDayState.empty();
            }
            counts.setCreated(counts.getCreated() + delta.getCreated());
            counts.setTriaged(counts.getTriaged() + delta.getTriaged());
            counts.setJunk(counts.getJunk() + delta.getJunk());
            int slot = slotOf(delta.getCreatedTime());
            counts.getSlots()[slot] += delta.getCreated();
            if (counts.isEmpty()) {
                days.remove(epochDay);
            } else {
                days.put(epochDay, counts);
            }
            if (delta.getCreated() > 0 && (s.getFirstDay() == null || epochDay < s.getFirstDay())) {
                s.setFirstDay(epochDay);
            }
        }
        if (delta.isLive() && day.equals(today)) {
            s.setLastLiveDay(epochDay);
        }
        if (AlertTexts.isSource(ctx.getCurrentKey())
                && delta.getCreated() > 0
                && (s.getLastLeadCreated() == null
                        || delta.getCreatedTime().isAfter(s.getLastLeadCreated()))) {
            s.setLastLeadCreated(delta.getCreatedTime());
            armSilence(s, ctx.timerService(), now);
        }
        if (s.getNextCheck() == null) {
            s.setNextCheck(nextCheckAfter(now));
            ctx.timerService().registerProcessingTimeTimer(s.getNextCheck());
        }
        subject.update(s);
    }

    @Override
    public void processBroadcastElement(RecordChange progress, Context ctx, Collector<Alert> out)
            throws Exception {
        DataFreshness.record(
                progress,
                ctx.getBroadcastState(DataFreshness.POLLS),
                settings.mechanics().liveHorizon());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        SubjectState s = subject.value();
        if (s == null) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        ReadOnlyBroadcastState<String, Long> polls = ctx.getBroadcastState(DataFreshness.POLLS);
        boolean caughtUp = polls.contains(DataFreshness.CAUGHT_UP);
        boolean fresh =
                DataFreshness.fresh(polls.immutableEntries(), now, settings.health().maxPollLag());
        String key = ctx.getCurrentKey();
        if (s.getNextCheck() != null && timestamp == s.getNextCheck()) {
            if (!check(key, s, timestamp, caughtUp, fresh, out)) {
                clearSubject(ctx.timerService(), s);
                return;
            }
            s.setNextCheck(nextCheckAfter(Math.max(timestamp, now)));
            ctx.timerService().registerProcessingTimeTimer(s.getNextCheck());
        }
        if (s.getSilenceTimer() != null && timestamp == s.getSilenceTimer()) {
            s.setSilenceTimer(null);
            silence(key, s, ctx, now, caughtUp && fresh, out);
        }
        subject.update(s);
    }

    /** One check (R1, R2); false when the subject has no counts left and is done. */
    private boolean check(
            String key,
            SubjectState s,
            long timestamp,
            boolean caughtUp,
            boolean fresh,
            Collector<Alert> out)
            throws Exception {
        Instant at = Instant.ofEpochMilli(timestamp);
        LocalDate today = calendar.date(at);
        prune(today);
        if (days.isEmpty()) {
            return false;
        }
        boolean live = timestamp >= s.getLiveSince();
        DailyCounts counts = counts(s);
        if (s.getStreakDay() != today.toEpochDay()) {
            LocalDate yesterday = today.minusDays(1);
            if (s.getStreakDay() == yesterday.toEpochDay() && live && caughtUp && fresh) {
                Optional<Alert> endOfDay = rules.volumeDrop(key, counts, at, yesterday, true);
                if (endOfDay.isPresent()) {
                    flag(yesterday, false);
                    fire(endOfDay.get(), out);
                }
            }
            s.setStreakDay(today.toEpochDay());
            s.setJunkStreak(0);
            s.setVolumeStreak(0);
        }
        if (!live || !caughtUp) {
            s.setJunkStreak(0);
            s.setVolumeStreak(0);
            return true;
        }
        int persistence = settings.mechanics().persistenceCheckpoints();
        Optional<Alert> junk = rules.junkSpike(key, counts, at);
        s.setJunkStreak(junk.isPresent() ? s.getJunkStreak() + 1 : 0);
        if (junk.isPresent()
                && s.getJunkStreak() >= persistence
                && s.getLastLiveDay() != null
                && s.getLastLiveDay() == today.toEpochDay()) {
            flag(today, true);
            fire(junk.get(), out);
        }
        if (!fresh) {
            s.setVolumeStreak(0);
        } else if (calendar.isBusinessTime(at)) {
            Optional<Alert> drop = rules.volumeDrop(key, counts, at, today, false);
            s.setVolumeStreak(drop.isPresent() ? s.getVolumeStreak() + 1 : 0);
            if (drop.isPresent() && s.getVolumeStreak() >= persistence) {
                flag(today, false);
                fire(drop.get(), out);
            }
        }
        return true;
    }

    private void silence(
            String key,
            SubjectState s,
            OnTimerContext ctx,
            long now,
            boolean judge,
            Collector<Alert> out)
            throws Exception {
        Instant lastLead = s.getLastLeadCreated();
        if (lastLead == null || lastLead.equals(s.getSilenceAlerted())) {
            return;
        }
        if (!judge) {
            // Muted: look again when the data may flow again.
            s.setSilenceTimer(now + settings.mechanics().checkpoint().toMillis());
            ctx.timerService().registerProcessingTimeTimer(s.getSilenceTimer());
            return;
        }
        Instant at = Instant.ofEpochMilli(now);
        DailyCounts counts = counts(s);
        Optional<LeadVolumeRules.SilenceWindow> window =
                rules.silenceWindow(counts, lastLead, calendar.date(at));
        if (window.isEmpty()) {
            return;
        }
        Instant deadline = calendar.plusBusinessTime(lastLead, window.get().window());
        if (deadline.toEpochMilli() < s.getLiveSince()) {
            return;
        }
        if (at.isBefore(deadline)) {
            s.setSilenceTimer(deadline.toEpochMilli());
            ctx.timerService().registerProcessingTimeTimer(s.getSilenceTimer());
            return;
        }
        s.setSilenceAlerted(lastLead);
        fire(rules.sourceSilent(key, counts, lastLead, window.get(), at), out);
    }

    private void armSilence(SubjectState s, TimerService timers, long now) throws Exception {
        if (s.getSilenceTimer() != null) {
            timers.deleteProcessingTimeTimer(s.getSilenceTimer());
            s.setSilenceTimer(null);
        }
        Optional<LeadVolumeRules.SilenceWindow> window =
                rules.silenceWindow(
                        counts(s),
                        s.getLastLeadCreated(),
                        calendar.date(Instant.ofEpochMilli(now)));
        if (window.isEmpty()) {
            return;
        }
        long deadline =
                calendar.plusBusinessTime(s.getLastLeadCreated(), window.get().window())
                        .toEpochMilli();
        if (deadline < s.getLiveSince()) {
            return; // a silence that ended in history
        }
        s.setSilenceTimer(Math.max(deadline, now));
        timers.registerProcessingTimeTimer(s.getSilenceTimer());
    }

    private void fire(Alert alert, Collector<Alert> out) throws Exception {
        CooldownState last = cooldowns.get(alert.getRule());
        if (Cooldown.allows(
                last, alert.getFiredAt(), settings.noise().cooldown(), alert.getSeverity())) {
            cooldowns.put(
                    alert.getRule(), CooldownState.of(alert.getFiredAt(), alert.getSeverity()));
            LOG.info("Alert {} fired", alert.getAlertId());
            alertsFired.count(alert);
            out.collect(alert);
        }
    }

    private void flag(LocalDate day, boolean junk) throws Exception {
        SubjectDayState counts = days.get(day.toEpochDay());
        if (counts == null) {
            counts = SubjectDayState.empty();
        }
        if (junk) {
            counts.setJunkFlagged(true);
        } else {
            counts.setVolumeFlagged(true);
        }
        days.put(day.toEpochDay(), counts);
    }

    private void prune(LocalDate today) throws Exception {
        long oldest = today.toEpochDay() - settings.retentionDays() + 1;
        List<Long> expired = new ArrayList<>();
        for (Long day : days.keys()) {
            if (day < oldest) {
                expired.add(day);
            }
        }
        for (Long day : expired) {
            days.remove(day);
        }
    }

    private void clearSubject(TimerService timers, SubjectState s) {
        if (s.getSilenceTimer() != null) {
            timers.deleteProcessingTimeTimer(s.getSilenceTimer());
        }
        days.clear();
        cooldowns.clear();
        subject.clear();
    }

    private DailyCounts counts(SubjectState s) throws Exception {
        Map<Long, SubjectDayState> copy = new HashMap<>();
        for (Map.Entry<Long, SubjectDayState> e : days.entries()) {
            copy.put(e.getKey(), e.getValue());
        }
        return new DailyCounts(copy, s.getFirstDay(), calendar, settings.mechanics());
    }

    private int slotOf(Instant t) {
        LocalTime time = t.atZone(zone).toLocalTime();
        return time.getHour() * 4 + time.getMinute() / 15;
    }

    /** The next check after {@code t}: checks fall on multiples of the checkpoint interval. */
    private long nextCheckAfter(long t) {
        long period = settings.mechanics().checkpoint().toMillis();
        return (Math.floorDiv(t, period) + 1) * period;
    }
}
