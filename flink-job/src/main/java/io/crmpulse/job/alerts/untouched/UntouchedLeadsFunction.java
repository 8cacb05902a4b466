package io.crmpulse.job.alerts.untouched;

import io.crmpulse.job.alerts.CooldownState;
import io.crmpulse.job.alerts.OwnerState;
import io.crmpulse.job.alerts.UntouchedLeadState;
import io.crmpulse.job.alerts.common.AlertsFired;
import io.crmpulse.job.alerts.common.BusinessCalendar;
import io.crmpulse.job.alerts.common.Cooldown;
import io.crmpulse.job.alerts.common.DataFreshness;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.OwnerLeadChange;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by owner id: R5, leads left untouched past the speed-to-lead SLA ({@link
 * UntouchedLeadsRule}). Each untouched lead of the owner is followed, with processing-time timers
 * at its SLA deadline, its escalation time and its age limit; a lead that is touched (its status
 * leaves the untouched class), moves to another owner or is deleted is dropped at once.
 *
 * <p>At each timer the owner's leads are scanned. A deadline before the owner's data began is
 * history: it counts as an open breach but does not trigger an alert. While the data is stale (G10,
 * {@link DataFreshness}) nothing is judged: a lead touched in Zoho meanwhile is not known yet, so
 * the scan waits for the data to flow again. Cooldown per owner (G8).
 */
public class UntouchedLeadsFunction
        extends KeyedBroadcastProcessFunction<String, OwnerLeadChange, RecordChange, Alert> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(UntouchedLeadsFunction.class);

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "alerts-untouched-leads";

    public static final String NAME = "alerts: R5 untouched leads";

    private final AlertSettings settings;
    private final ZoneId zone;
    private final DisplayFormat display;

    private transient UntouchedLeadsRule rule;
    private transient MapState<String, UntouchedLeadState> leads;
    private transient ValueState<OwnerState> owner;
    private transient ValueState<CooldownState> cooldown;
    private transient AlertsFired alertsFired;

    /**
     * @param display how the messages' counts read ({@code PULSE_CURRENCY}'s locale)
     */
    public UntouchedLeadsFunction(AlertSettings settings, ZoneId zone, DisplayFormat display) {
        this.settings = settings;
        this.zone = zone;
        this.display = display;
    }

    @Override
    public void open(OpenContext openContext) {
        alertsFired = new AlertsFired(getRuntimeContext().getMetricGroup());
        rule =
                new UntouchedLeadsRule(
                        settings.untouched(),
                        BusinessCalendar.of(settings.businessHours(), zone),
                        display);
        leads =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "untouched-leads",
                                        Types.STRING,
                                        TypeInformation.of(UntouchedLeadState.class)));
        owner = getRuntimeContext().getState(new ValueStateDescriptor<>("owner", OwnerState.class));
        cooldown =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("cooldown", CooldownState.class));
    }

    @Override
    public void processElement(OwnerLeadChange change, ReadOnlyContext ctx, Collector<Alert> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        OwnerState o = owner.value();
        if (!change.isUntouched()) {
            leads.remove(change.getLeadId());
            return;
        }
        if (change.getCreatedTime() == null
                || rule.forgetAt(change.getCreatedTime()).toEpochMilli() <= now) {
            return; // too old to be an SLA breach: a stale lead, the daily summary's
        }
        if (o == null) {
            o = new OwnerState();
            o.setLiveSince(now);
        }
        if (change.getOwnerName() != null) {
            o.setOwnerName(change.getOwnerName());
        }
        owner.update(o);
        if (leads.contains(change.getLeadId())) {
            return;
        }
        Instant created = change.getCreatedTime();
        Instant forgetAt = rule.forgetAt(created);
        UntouchedLeadState lead = new UntouchedLeadState();
        lead.setLeadSource(change.getLeadSource());
        lead.setCreatedTime(created);
        lead.setSlaDue(rule.slaDue(created));
        lead.setEscalateDue(rule.escalateDue(created));
        leads.put(change.getLeadId(), lead);
        ctx.timerService().registerProcessingTimeTimer(lead.getSlaDue().toEpochMilli());
        ctx.timerService().registerProcessingTimeTimer(lead.getEscalateDue().toEpochMilli());
        ctx.timerService().registerProcessingTimeTimer(forgetAt.toEpochMilli());
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
        OwnerState o = owner.value();
        if (o == null) {
            return;
        }
        long now = ctx.timerService().currentProcessingTime();
        if (o.getRetryTimer() != null && o.getRetryTimer() <= now) {
            o.setRetryTimer(null);
        }
        ReadOnlyBroadcastState<String, Long> polls = ctx.getBroadcastState(DataFreshness.POLLS);
        if (!DataFreshness.fresh(polls.immutableEntries(), now, settings.health().maxPollLag())) {
            if (o.getRetryTimer() == null && !leads.isEmpty()) {
                o.setRetryTimer(now + settings.mechanics().checkpoint().toMillis());
                ctx.timerService().registerProcessingTimeTimer(o.getRetryTimer());
            }
            owner.update(o);
            return;
        }
        UntouchedLeadsRule.Scan scan = scan(now, o.getLiveSince());
        Instant at = Instant.ofEpochMilli(now);
        Optional<Alert> alert = rule.judge(ctx.getCurrentKey(), o.getOwnerName(), at, scan);
        CooldownState last = cooldown.value();
        if (alert.isPresent()
                && Cooldown.allows(
                        last, at, settings.noise().cooldown(), alert.get().getSeverity())) {
            cooldown.update(CooldownState.of(at, alert.get().getSeverity()));
            LOG.info("Alert {} fired", alert.get().getAlertId());
            alertsFired.count(alert.get());
            out.collect(alert.get());
            last = cooldown.value();
        }
        if (leads.isEmpty()
                && (last == null
                        || !at.isBefore(last.getFiredAt().plus(settings.noise().cooldown())))) {
            // Nothing left to follow for this owner: forget it.
            if (o.getRetryTimer() != null) {
                ctx.timerService().deleteProcessingTimeTimer(o.getRetryTimer());
            }
            leads.clear();
            owner.clear();
            cooldown.clear();
            return;
        }
        owner.update(o);
    }

    private UntouchedLeadsRule.Scan scan(long now, long liveSince) throws Exception {
        int open = 0;
        int breaches = 0;
        int overdue = 0;
        boolean liveBreach = false;
        boolean liveOverdue = false;
        String hotSource = null;
        Instant oldestBreach = null;
        List<String> forget = new ArrayList<>();
        List<Map.Entry<String, UntouchedLeadState>> changed = new ArrayList<>();
        for (Map.Entry<String, UntouchedLeadState> e : leads.entries()) {
            UntouchedLeadState lead = e.getValue();
            if (rule.forgetAt(lead.getCreatedTime()).toEpochMilli() <= now) {
                forget.add(e.getKey());
                continue;
            }
            boolean dirty = false;
            if (!lead.isBreached() && lead.getSlaDue().toEpochMilli() <= now) {
                lead.setBreached(true);
                dirty = true;
                if (lead.getSlaDue().toEpochMilli() >= liveSince) {
                    liveBreach = true;
                    if (rule.isHot(lead.getLeadSource())) {
                        hotSource = lead.getLeadSource();
                    }
                }
            }
            if (!lead.isOverdue() && lead.getEscalateDue().toEpochMilli() <= now) {
                lead.setOverdue(true);
                dirty = true;
                liveOverdue |= lead.getEscalateDue().toEpochMilli() >= liveSince;
            }
            if (dirty) {
                changed.add(Map.entry(e.getKey(), lead));
            }
            open++;
            if (lead.isBreached()) {
                breaches++;
                if (oldestBreach == null || lead.getCreatedTime().isBefore(oldestBreach)) {
                    oldestBreach = lead.getCreatedTime();
                }
            }
            if (lead.isOverdue()) {
                overdue++;
            }
        }
        for (String id : forget) {
            leads.remove(id);
        }
        for (Map.Entry<String, UntouchedLeadState> e : changed) {
            leads.put(e.getKey(), e.getValue());
        }
        return new UntouchedLeadsRule.Scan(
                open, breaches, overdue, liveBreach, liveOverdue, hotSource, oldestBreach);
    }
}
