package io.crmpulse.job.alerts.health;

import io.crmpulse.job.alerts.common.AlertsFired;
import io.crmpulse.job.alerts.common.DataFreshness;
import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.model.Alert;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * G10 ({@link DataHealth}): one key ({@link #KEY}) over the Zoho poll reports ({@code
 * SYNC_PROGRESS}). A timer at the moment the oldest module would turn stale sends one {@code
 * DATA_STALE} alert per stale episode; the next completed poll ends the episode. The rules it mutes
 * learn of staleness themselves, from the same reports ({@link DataFreshness}).
 *
 * <p>It needs one completed poll to know the modules: a job whose very first poll fails has no
 * report to be late after, and its source's own errors say why.
 */
public class DataHealthFunction extends KeyedProcessFunction<String, RecordChange, Alert> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(DataHealthFunction.class);

    /** Suggested {@code uid} and {@code name} of the operator. */
    public static final String UID = "alerts-data-health";

    public static final String NAME = "alerts: data health";

    /** The single key of the poll reports. */
    public static final String KEY = "zoho";

    private final AlertSettings settings;
    private final ZoneId zone;

    private transient DataHealth health;
    private transient MapState<String, Long> lastPolls;
    private transient ValueState<Long> timer;
    private transient ValueState<Long> alertedEpisode;

    /** When this run of the job began: not state, a restore starts a new run. */
    private transient Long runningSince;

    private transient AlertsFired alertsFired;

    public DataHealthFunction(AlertSettings settings, ZoneId zone) {
        this.settings = settings;
        this.zone = zone;
    }

    @Override
    public void open(OpenContext openContext) {
        alertsFired = new AlertsFired(getRuntimeContext().getMetricGroup());
        health = new DataHealth(settings.health(), zone);
        lastPolls =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>("last-polls", Types.STRING, Types.LONG));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
        alertedEpisode =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("alerted-episode", Types.LONG));
    }

    @Override
    public void processElement(RecordChange progress, Context ctx, Collector<Alert> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (runningSince == null) {
            runningSince = now;
        }
        if (progress.getOp() == ChangeOp.SYNC_FAILURE && progress.getModifiedTime() != null) {
            tokenRefreshFailed(progress, out);
            return;
        }
        if (progress.getOp() != ChangeOp.SYNC_PROGRESS || progress.getModifiedTime() == null) {
            return;
        }
        long completed = progress.getModifiedTime().toEpochMilli();
        Long before = lastPolls.get(progress.getModule());
        if (before == null || before < completed) {
            lastPolls.put(progress.getModule(), completed);
        }
        schedule(ctx.timerService());
    }

    /**
     * The data cannot flow until the token is refreshed: the episode's one alert goes now, not once
     * the poll lag is exceeded (which then finds the episode already alerted).
     */
    private void tokenRefreshFailed(RecordChange failure, Collector<Alert> out) throws Exception {
        Long lastPoll = lastPolls.get(failure.getModule());
        // The token is shared: every module stops, and the lag check will name the oldest poll.
        long episode = polls().values().stream().min(Long::compare).orElse(0L);
        sendOncePerEpisode(
                episode,
                () ->
                        health.tokenAlert(
                                failure.getModule(),
                                lastPoll == null ? null : Instant.ofEpochMilli(lastPoll),
                                failure.getModifiedTime()),
                out);
    }

    /** Sends the stale-data alert, unless this episode (its oldest last poll) already had one. */
    private void sendOncePerEpisode(long episode, Supplier<Alert> alert, Collector<Alert> out)
            throws Exception {
        Long alerted = alertedEpisode.value();
        if (alerted != null && alerted == episode) {
            return;
        }
        alertedEpisode.update(episode);
        Alert stale = alert.get();
        LOG.warn(
                "Zoho data is stale ({}); volume, silence and SLA alerts are muted until a poll"
                        + " completes",
                stale.getTest());
        alertsFired.count(stale);
        out.collect(stale);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        if (runningSince == null) {
            // The first call of this run is a timer restored from a checkpoint.
            runningSince = now;
        }
        timer.clear();
        Map<String, Long> polls = polls();
        Map<String, Long> stale = health.stale(polls, runningSince, now);
        if (stale.isEmpty()) {
            schedule(ctx.timerService());
            return;
        }
        long episode = stale.values().stream().min(Long::compare).orElseThrow();
        sendOncePerEpisode(episode, () -> health.alert(stale, Instant.ofEpochMilli(now)), out);
        // Fresh modules may still turn stale later; stale ones wait for their next poll.
        Map<String, Long> fresh = new HashMap<>(polls);
        fresh.keySet().removeAll(stale.keySet());
        Optional<Long> next = health.nextDue(fresh, runningSince);
        if (next.isPresent()) {
            timer.update(next.get());
            ctx.timerService().registerProcessingTimeTimer(next.get());
        }
    }

    private void schedule(TimerService timers) throws Exception {
        Optional<Long> due = health.nextDue(polls(), runningSince);
        Long current = timer.value();
        if (due.isEmpty() || (current != null && current.equals(due.get()))) {
            return;
        }
        if (current != null) {
            timers.deleteProcessingTimeTimer(current);
        }
        timer.update(due.get());
        timers.registerProcessingTimeTimer(due.get());
    }

    private Map<String, Long> polls() throws Exception {
        Map<String, Long> polls = new HashMap<>();
        for (Map.Entry<String, Long> e : lastPolls.entries()) {
            polls.put(e.getKey(), e.getValue());
        }
        return polls;
    }
}
