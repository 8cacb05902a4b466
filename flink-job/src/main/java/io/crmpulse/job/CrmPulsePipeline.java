package io.crmpulse.job;

import io.crmpulse.job.alerts.wiring.AnomalyRules;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.deals.DealLifecycle;
import io.crmpulse.job.deals.DealLifecycleFunction;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.normalize.NormalizeFunction;
import io.crmpulse.job.normalize.RecordNormalizer;
import io.crmpulse.job.summary.DailySummaryStage;
import io.crmpulse.job.sync.SyncProgressLogger;
import io.crmpulse.sinks.outbox.OutboxMessage;
import io.crmpulse.sinks.postgres.DeadLetter;
import io.crmpulse.zoho.model.ChangeOp;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.source.LatestVersionFilter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * The CRM Pulse dataflow. It takes its source and its sinks in the constructor, so that tests can
 * hand it others.
 *
 * <pre>
 * Zoho source ─► latest versions ─► normalize ─► leads ─────────────────────┬─────────────┐
 *     │                                  ├─► deals ─► won/lost, stage events ─┼─► Flink SQL ─┼─► PostgreSQL
 *     │                                  └─► dead letters ────────────────────┤             │
 *     └─► sync progress ──────────────────────────────────────────────────────┤             │
 *                                            anomaly rules ─► alerts ──────────┴─► outbox ──┘─► WhatsApp
 *     sync progress ─► daily summary trigger ─► async writer (Ollama) ─────────────┘
 * </pre>
 */
public final class CrmPulsePipeline {

    private final Source<RecordChange, ?, ?> source;
    private final PulseSettings settings;
    private final ZoneId businessZone;
    private final Map<String, String> sinkOptions;
    private final Sink<OutboxMessage> notifications;
    @Nullable private final DailySummaryStage summary;
    private final DisplayFormat display;
    private final DashboardLinks dashboard;

    /**
     * A dataflow without the daily summary ({@link #withDailySummary} adds it).
     *
     * @param settings the {@code pulse.yaml} settings: status and stage classes, alert rules
     * @param sinkOptions the placeholders of {@code sql/flink/sinks.sql} ({@code jdbc.url}, ...)
     * @param notifications where alerts go to be sent (the WhatsApp outbox)
     * @param display how alerts and the summary write amounts and rates ({@code PULSE_CURRENCY})
     * @param dashboard the links their WhatsApp texts end with ({@code PULSE_DASHBOARD_URL})
     */
    public CrmPulsePipeline(
            Source<RecordChange, ?, ?> source,
            PulseSettings settings,
            ZoneId businessZone,
            Map<String, String> sinkOptions,
            Sink<OutboxMessage> notifications,
            DisplayFormat display,
            DashboardLinks dashboard) {
        this(source, settings, businessZone, sinkOptions, notifications, null, display, dashboard);
    }

    private CrmPulsePipeline(
            Source<RecordChange, ?, ?> source,
            PulseSettings settings,
            ZoneId businessZone,
            Map<String, String> sinkOptions,
            Sink<OutboxMessage> notifications,
            @Nullable DailySummaryStage summary,
            DisplayFormat display,
            DashboardLinks dashboard) {
        this.source = source;
        this.settings = settings;
        this.businessZone = businessZone;
        this.sinkOptions = Map.copyOf(sinkOptions);
        this.notifications = notifications;
        this.summary = summary;
        this.display = Objects.requireNonNull(display, "display");
        this.dashboard = Objects.requireNonNull(dashboard, "dashboard");
    }

    /** The same dataflow with the daily summary, which goes to the same notifications sink. */
    public CrmPulsePipeline withDailySummary(DailySummaryStage dailySummary) {
        return new CrmPulsePipeline(
                source,
                settings,
                businessZone,
                sinkOptions,
                notifications,
                dailySummary,
                display,
                dashboard);
    }

    /** Adds the dataflow to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        // Every record type has a Flink serializer of its own; a Kryo fallback is a bug (and
        // breaks on Java 17 without --add-opens), so fail when the job is built, not when it runs.
        env.getConfig().disableGenericTypes();
        // Chained operators pass records without a copy: every operator here builds new output
        // objects and none changes or keeps an input object it did not copy (the audit:
        // BENCHMARKS.md, "Speed-ups"). A new operator must keep it so.
        env.getConfig().enableObjectReuse();
        // Single reader: Zoho's API credits and concurrency limits are per organization. One
        // channel from it to the normalizer, so that every record's versions stay in order.
        DataStream<RecordChange> changes =
                env.fromSource(source, WatermarkStrategy.noWatermarks(), "Zoho CRM")
                        .uid("zoho-crm-source")
                        .setParallelism(1);
        changes.process(new SyncProgressLogger(Duration.ofSeconds(5)))
                .name("sync progress log")
                .uid("sync-progress")
                // One line per report with the totals, not one per subtask.
                .setParallelism(1)
                .sinkTo(new DiscardingSink<>())
                .name("end of log")
                .uid("end")
                .setParallelism(1);

        SingleOutputStreamOperator<LeadRow> leads =
                changes.filter(
                                c ->
                                        c.getOp() != ChangeOp.SYNC_PROGRESS
                                                && c.getOp() != ChangeOp.SYNC_FAILURE)
                        .name("records")
                        .uid("records")
                        .setParallelism(1)
                        // The source re-emits what a rewind or a restore reads again; each version
                        // passes once.
                        .keyBy(RecordChange::recordKey, Types.STRING)
                        .process(new LatestVersionFilter())
                        .name(LatestVersionFilter.NAME)
                        .uid(LatestVersionFilter.UID)
                        .setParallelism(1)
                        .process(
                                new NormalizeFunction(
                                        new RecordNormalizer(
                                                settings.metricClasses(), businessZone)))
                        .name("normalize")
                        .uid(NormalizeFunction.UID)
                        .setParallelism(1);
        SingleOutputStreamOperator<DealRow> deals =
                leads.getSideOutput(NormalizeFunction.DEALS)
                        .keyBy(DealRow::getId)
                        .process(new DealLifecycleFunction(new DealLifecycle(businessZone)))
                        .name("deal won/lost lifecycle")
                        .uid(DealLifecycleFunction.UID);
        DataStream<DeadLetter> deadLetters = leads.getSideOutput(NormalizeFunction.DEAD_LETTERS);
        DataStream<RecordChange> progress =
                changes.filter(
                                c ->
                                        c.getOp() == ChangeOp.SYNC_PROGRESS
                                                || c.getOp() == ChangeOp.SYNC_FAILURE)
                        .name("sync progress")
                        .uid("sync-progress-filter")
                        .setParallelism(1);

        DataStream<DealStageEvent> stageEvents =
                deals.getSideOutput(DealLifecycleFunction.STAGE_EVENTS);

        DataStream<Alert> alerts =
                AnomalyRules.attach(
                        leads,
                        deals,
                        stageEvents,
                        progress,
                        settings.alerts(),
                        settings.metricClasses(),
                        businessZone,
                        display);
        DashboardLinks links = dashboard;
        DataStream<OutboxMessage> messages =
                alerts.map(alert -> message(alert, links))
                        .returns(OutboxMessage.class)
                        .name("alert messages")
                        .uid("alert-messages")
                        .setParallelism(1);
        if (summary != null) {
            // The poll reports arrive every poll interval: the trigger's heartbeat.
            messages = messages.union(summary.attach(progress, businessZone, display, dashboard));
        }
        // One writer: the outbox's grouping and daily cap are per recipient, across all alerts.
        messages.sinkTo(notifications)
                .name("WhatsApp outbox")
                .uid("whatsapp-outbox")
                .setParallelism(1);

        MetricsTables.attach(
                StreamTableEnvironment.create(env),
                leads,
                deals,
                progress,
                deadLetters,
                stageEvents,
                alerts,
                sinkOptions);
    }

    /**
     * An alert's WhatsApp text: its plain message, then the link to its view on the dashboard when
     * there is one. The test's evidence stays in the {@code alerts} row and on that view.
     */
    static OutboxMessage message(Alert alert, DashboardLinks links) {
        String body =
                alert.getMessage()
                        + links.alert(alert.getAlertId()).map(link -> "\n" + link).orElse("");
        return OutboxMessage.alert(
                alert.getAlertId(), alert.getSeverity(), body, alert.getFiredAt());
    }
}
