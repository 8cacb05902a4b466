package io.crmpulse.job.summary;

import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.SummarySettings;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.outbox.OutboxMessage;
import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The daily summary's part of the dataflow (README, "The daily summary"):
 *
 * <pre>
 * heartbeat ─► key "daily-summary" ─► {@link SummaryTriggerFunction} (a day ends)
 *           ─► async {@link DailySummaryFunction} (numbers, Ollama, validate, ai_summaries)
 *           ─► {@link OutboxMessage#summary} for the WhatsApp outbox
 * </pre>
 *
 * @param settings {@code PULSE_SUMMARY_TIME}, Ollama, the model
 * @param database where the metrics tables and {@code ai_summaries} are
 * @param readTimeout how long one chat may take (a cold model's load included)
 * @param catchUpDelay how long after the restart a missed summary is written
 * @param active false for {@code --until-caught-up}: the operators are there (so a checkpoint of
 *     either kind of run restores into the other) but nothing is triggered
 */
public record DailySummaryStage(
        SummarySettings settings,
        JdbcSettings database,
        Duration readTimeout,
        Duration catchUpDelay,
        boolean active)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String WRITER_UID = "daily-summary-writer";

    public DailySummaryStage {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(catchUpDelay, "catchUpDelay");
    }

    /** Active, with the client's default read timeout and the default catch-up delay. */
    public static DailySummaryStage of(SummarySettings settings, JdbcSettings database) {
        return new DailySummaryStage(
                settings,
                database,
                HttpOllamaClient.DEFAULT_READ_TIMEOUT,
                SummaryTriggerFunction.DEFAULT_CATCH_UP_DELAY,
                true);
    }

    public DailySummaryStage withActive(boolean newActive) {
        return new DailySummaryStage(settings, database, readTimeout, catchUpDelay, newActive);
    }

    public DailySummaryStage withReadTimeout(Duration newReadTimeout) {
        return new DailySummaryStage(settings, database, newReadTimeout, catchUpDelay, active);
    }

    /**
     * The summaries' outbox messages, triggered by the arrivals of {@code heartbeat}.
     *
     * @param display how the summary's numbers read ({@code PULSE_CURRENCY})
     * @param dashboard where the WhatsApp report's closing link points ({@code
     *     PULSE_DASHBOARD_URL})
     */
    public <T> DataStream<OutboxMessage> attach(
            DataStream<T> heartbeat, ZoneId zone, DisplayFormat display, DashboardLinks dashboard) {
        SummarySchedule schedule = new SummarySchedule(settings.time(), zone);
        DataStream<java.time.LocalDate> days =
                heartbeat
                        .keyBy(x -> SummaryTriggerFunction.KEY, Types.STRING)
                        .process(new SummaryTriggerFunction<T>(schedule, catchUpDelay, active))
                        .returns(Types.LOCAL_DATE)
                        .name("daily summary trigger")
                        .uid(SummaryTriggerFunction.UID)
                        .setParallelism(1);
        // Capacity 1: one summary at a time, and Ollama serves one request at a time anyway.
        return AsyncDataStream.unorderedWait(
                        days,
                        new DailySummaryFunction(
                                database, zone, settings, display, dashboard, readTimeout),
                        DailySummaryFunction.operatorTimeout(readTimeout).toMillis(),
                        TimeUnit.MILLISECONDS,
                        1)
                .returns(OutboxMessage.class)
                .name("daily summary writer")
                .uid(WRITER_UID)
                .setParallelism(1);
    }
}
