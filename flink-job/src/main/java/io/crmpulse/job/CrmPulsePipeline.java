package io.crmpulse.job;

import io.crmpulse.job.alerts.wiring.AnomalyRules;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.deals.DealLifecycle;
import io.crmpulse.job.deals.DealLifecycleFunction;
import io.crmpulse.job.kafka.AlertsTopicMessages;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.DealStageEvent;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.normalize.NormalizeFunction;
import io.crmpulse.job.normalize.RecordNormalizer;
import io.crmpulse.job.source.CrmChangeSource;
import io.crmpulse.job.summary.DailySummaryStage;
import io.crmpulse.job.sync.SyncProgressLogger;
import io.crmpulse.sinks.kafka.TopicMessage;
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
 * CRM source ─► latest versions ─► normalize ─► leads ─────────────────────┬─────────────┐
 *     │                                  ├─► deals ─► won/lost, stage events ─┼─► Flink SQL ─┼─► PostgreSQL
 *     │                                  └─► dead letters ────────────────────┤             │
 *     └─► sync progress ──────────────────────────────────────────────────────┤             │
 *                                            anomaly rules ─► alerts ──────────┴─► outbox ──┘─► WhatsApp
 *     sync progress ─► daily summary trigger ─► async writer (Ollama) ─────────────┘
 * </pre>
 */
public final class CrmPulsePipeline {

    private final CrmChangeSource source;
    private final PulseSettings settings;
    private final ZoneId businessZone;
    private final Map<String, String> sinkOptions;
    private final Sink<OutboxMessage> notifications;
    @Nullable private final DailySummaryStage summary;
    @Nullable private final Sink<TopicMessage> alertsTopic;
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
            CrmChangeSource source,
            PulseSettings settings,
            ZoneId businessZone,
            Map<String, String> sinkOptions,
            Sink<OutboxMessage> notifications,
            DisplayFormat display,
            DashboardLinks dashboard) {
        this(
                source,
                settings,
                businessZone,
                sinkOptions,
                notifications,
                null,
                null,
                display,
                dashboard);
    }

    /** The dataflow over a Flink source that emits progress reports itself, as Zoho's does. */
    public CrmPulsePipeline(
            Source<RecordChange, ?, ?> source,
            PulseSettings settings,
            ZoneId businessZone,
            Map<String, String> sinkOptions,
            Sink<OutboxMessage> notifications,
            DisplayFormat display,
            DashboardLinks dashboard) {
        this(
                CrmChangeSource.zoho(source),
                settings,
                businessZone,
                sinkOptions,
                notifications,
                display,
                dashboard);
    }

    private CrmPulsePipeline(
            CrmChangeSource source,
            PulseSettings settings,
            ZoneId businessZone,
            Map<String, String> sinkOptions,
            Sink<OutboxMessage> notifications,
            @Nullable DailySummaryStage summary,
            @Nullable Sink<TopicMessage> alertsTopic,
            DisplayFormat display,
            DashboardLinks dashboard) {
        this.source = source;
        this.alertsTopic = alertsTopic;
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
                alertsTopic,
                display,
                dashboard);
    }

    /**
     * The same dataflow that also publishes every alert and daily summary to {@code topic} ({@code
     * --alerts-topic}), as {@link AlertsTopicMessages} shape them.
     */
    public CrmPulsePipeline withAlertsTopic(Sink<TopicMessage> topic) {
        return new CrmPulsePipeline(
                source,
                settings,
                businessZone,
                sinkOptions,
                notifications,
                summary,
                Objects.requireNonNull(topic, "topic"),
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
        // Single reader: Zoho's API credits and concurrency limits are per organization, and one
        // Kafka reader keeps each record's changes in their partition's order. One channel from it
        // to the normalizer, so that every record's versions stay in order.
        DataStream<RecordChange> changes = source.changes(env);
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
        DataStream<OutboxMessage> summaries = null;
        if (summary != null) {
            // The poll reports arrive every poll interval: the trigger's heartbeat.
            summaries = summary.attach(progress, businessZone, display, dashboard);
            messages = messages.union(summaries);
        }
        if (alertsTopic != null) {
            publish(alerts, summaries, links);
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

    /** Adds the alerts topic's sink, fed by the alerts and the summaries (when there are). */
    private void publish(
            DataStream<Alert> alerts,
            @Nullable DataStream<OutboxMessage> summaries,
            DashboardLinks links) {
        DataStream<TopicMessage> published =
                alerts.map(
                                alert ->
                                        AlertsTopicMessages.alert(
                                                alert,
                                                links.alert(alert.getAlertId()).orElse(null)))
                        .returns(TopicMessage.class)
                        .name("alerts as topic messages")
                        .uid("alerts-topic-messages")
                        .setParallelism(1);
        if (summaries != null) {
            published =
                    published.union(
                            summaries
                                    .filter(m -> OutboxMessage.SUMMARY.equals(m.getKind()))
                                    .name("summaries")
                                    .uid("summaries-for-topic")
                                    .setParallelism(1)
                                    .map(AlertsTopicMessages::summary)
                                    .returns(TopicMessage.class)
                                    .name("summaries as topic messages")
                                    .uid("summaries-topic-messages")
                                    .setParallelism(1));
        }
        published.sinkTo(alertsTopic).name("alerts topic").uid("alerts-topic").setParallelism(1);
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
