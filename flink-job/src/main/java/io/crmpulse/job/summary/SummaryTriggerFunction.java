package io.crmpulse.job.summary;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the business day: emits a day once its summary is due ({@link SummarySchedule}), on a
 * processing-time timer. One key; its input is any steady stream (the source's poll reports), which
 * only starts the first timer.
 *
 * <ul>
 *   <li>Once per day: the last day emitted is keyed state, so a restore after the trigger does not
 *       emit it again (and {@link DailySummaryFunction} checks {@code ai_summaries} as well).
 *   <li>A trigger missed while the job was down (its restored timer fires late, or the first report
 *       after the restore finds the day due) emits the latest due day once, {@code catchUpDelay}
 *       later, so the source has caught up with the downtime and the tables have been written at a
 *       checkpoint first. Days before that are not summarized.
 *   <li>A job started without state does not summarize the days before its start.
 *   <li>Inactive (for {@code --until-caught-up}, which runs nothing that waits for the clock), it
 *       keeps its state and emits nothing.
 * </ul>
 *
 * @param <T> the input, of which only the arrival counts
 */
public final class SummaryTriggerFunction<T> extends KeyedProcessFunction<String, T, LocalDate> {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(SummaryTriggerFunction.class);

    /** The single key. */
    public static final String KEY = "daily-summary";

    public static final String UID = "daily-summary-trigger";

    /** A timer this late was missed while the job was down. */
    static final Duration ON_TIME = Duration.ofMinutes(1);

    public static final Duration DEFAULT_CATCH_UP_DELAY = Duration.ofMinutes(2);

    private final SummarySchedule schedule;
    private final Duration catchUpDelay;
    private final boolean active;

    private transient ValueState<LocalDate> lastDay;
    private transient ValueState<Long> catchUpAt;

    public SummaryTriggerFunction(SummarySchedule schedule, Duration catchUpDelay, boolean active) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.catchUpDelay = Objects.requireNonNull(catchUpDelay, "catchUpDelay");
        this.active = active;
    }

    @Override
    public void open(Configuration parameters) {
        lastDay =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "last-summarized-day", Types.LOCAL_DATE));
        catchUpAt =
                getRuntimeContext().getState(new ValueStateDescriptor<>("catch-up-at", Types.LONG));
    }

    @Override
    public void processElement(T value, Context ctx, Collector<LocalDate> out) throws Exception {
        check(ctx.timerService().currentProcessingTime(), ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LocalDate> out)
            throws Exception {
        check(ctx.timerService().currentProcessingTime(), ctx, out);
    }

    private void check(long nowMillis, Context ctx, Collector<LocalDate> out) throws Exception {
        if (!active) {
            return;
        }
        Instant now = Instant.ofEpochMilli(nowMillis);
        LocalDate due = schedule.lastDueDay(now);
        LocalDate last = lastDay.value();
        if (last == null) {
            lastDay.update(due);
            LOG.info(
                    "Daily summary: the first is of {}, at {}",
                    due.plusDays(1),
                    schedule.dueAt(due.plusDays(1)));
        } else if (due.isAfter(last)) {
            Instant dueAt = schedule.dueAt(due);
            Long deferred = catchUpAt.value();
            if (!now.isAfter(dueAt.plus(ON_TIME)) || deferred != null && nowMillis >= deferred) {
                LOG.info("The business day {} ends: writing its summary", due);
                out.collect(due);
                lastDay.update(due);
                catchUpAt.clear();
            } else if (deferred == null) {
                long at = nowMillis + catchUpDelay.toMillis();
                catchUpAt.update(at);
                ctx.timerService().registerProcessingTimeTimer(at);
                LOG.info(
                        "The summary of {} (due {}) was missed while the job was down: it is"
                                + " written at {}, once the job has caught up",
                        due,
                        dueAt,
                        Instant.ofEpochMilli(at));
            }
        }
        // Timers are deduplicated per key and time: registering on every report costs nothing.
        ctx.timerService()
                .registerProcessingTimeTimer(
                        schedule.dueAt(schedule.nextDueDay(now)).toEpochMilli());
    }
}
