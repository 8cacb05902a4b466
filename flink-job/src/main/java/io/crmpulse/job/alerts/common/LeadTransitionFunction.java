package io.crmpulse.job.alerts.common;

import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.model.LeadSnapshot;
import io.crmpulse.job.model.LeadTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by lead id: turns the leads' changelog into transitions (the version before, the version
 * after), so that every count downstream subtracts what a lead was and adds what it is. It
 * remembers each lead's last version only while the lead is young enough to count in a baseline
 * (the retention, {@link AlertSettings#retentionDays()}); a timer forgets it then, and older leads
 * are not followed at all. Each transition is stamped with the processing time at which the job saw
 * it and whether it is live: its modified time is at most {@code alerts.live_horizon} old. Only
 * live changes may reveal an incident, so the backfill of an old CRM builds baselines and fires
 * nothing.
 */
public class LeadTransitionFunction extends KeyedProcessFunction<String, LeadRow, LeadTransition> {

    private static final long serialVersionUID = 1L;

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "alerts-lead-transitions";

    public static final String NAME = "alerts: lead transitions";

    private final Duration liveHorizon;
    private final Duration retention;

    private transient ValueState<LeadSnapshot> last;

    public LeadTransitionFunction(AlertSettings settings) {
        this.liveHorizon = settings.mechanics().liveHorizon();
        this.retention = Duration.ofDays(settings.retentionDays());
    }

    @Override
    public void open(OpenContext openContext) {
        last =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-version", LeadSnapshot.class));
    }

    @Override
    public void processElement(LeadRow row, Context ctx, Collector<LeadTransition> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        LeadSnapshot before = last.value();
        if (row.isDeleted()) {
            if (before != null) {
                out.collect(transition(row.getId(), before, null, row.getModifiedTime(), now));
                ctx.timerService().deleteProcessingTimeTimer(expiry(before));
                last.clear();
            }
            return;
        }
        if (row.getCreatedTime() == null || row.getModifiedTime() == null) {
            return;
        }
        LeadSnapshot after = LeadSnapshot.of(row);
        if (expiry(after) <= now) {
            // Too old for any baseline or SLA: nothing downstream keeps its day any more.
            if (before != null) {
                ctx.timerService().deleteProcessingTimeTimer(expiry(before));
                last.clear();
            }
            return;
        }
        if (before != null && after.getModifiedTime().isBefore(before.getModifiedTime())) {
            return; // an older version than the one counted
        }
        last.update(after);
        if (before == null) {
            ctx.timerService().registerProcessingTimeTimer(expiry(after));
        } else if (sameForTheRules(before, after)) {
            return;
        }
        out.collect(transition(row.getId(), before, after, row.getModifiedTime(), now));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LeadTransition> out)
            throws Exception {
        LeadSnapshot version = last.value();
        if (version != null && expiry(version) <= timestamp) {
            last.clear();
        }
    }

    private long expiry(LeadSnapshot version) {
        return version.getCreatedTime().plus(retention).toEpochMilli();
    }

    private LeadTransition transition(
            String id, LeadSnapshot before, LeadSnapshot after, Instant changedAt, long now) {
        LeadTransition t = new LeadTransition();
        t.setLeadId(id);
        t.setBefore(before);
        t.setAfter(after);
        t.setChangedAt(changedAt);
        t.setSeenAt(Instant.ofEpochMilli(now));
        t.setLive(
                changedAt != null
                        && !changedAt.isBefore(Instant.ofEpochMilli(now).minus(liveHorizon)));
        return t;
    }

    /** A change the rules cannot see (a name, a phone, an edit that changed no class). */
    private static boolean sameForTheRules(LeadSnapshot a, LeadSnapshot b) {
        return Objects.equals(a.getLeadSource(), b.getLeadSource())
                && Objects.equals(a.getStatusClass(), b.getStatusClass())
                && Objects.equals(a.getOwnerId(), b.getOwnerId())
                && Objects.equals(a.getCreatedTime(), b.getCreatedTime());
    }
}
