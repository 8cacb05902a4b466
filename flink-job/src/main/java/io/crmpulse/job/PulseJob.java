package io.crmpulse.job;

import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.PulseConfig;
import io.crmpulse.job.config.PulseStateBackend;
import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.job.summary.DailySummaryStage;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.outbox.DeliveryPolicy;
import io.crmpulse.sinks.outbox.OutboxDatabase;
import io.crmpulse.sinks.outbox.WhatsAppOutboxSink;
import io.crmpulse.zoho.ZohoSourceException;
import io.crmpulse.zoho.ZohoSyncMode;
import io.crmpulse.zoho.source.ZohoSource;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRM Pulse job as both launchers submit it, the cluster's ({@link CrmPulseJob}, {@code flink
 * run}) and the laptop's ({@code java -jar crm-pulse.jar}): the schema it needs, then the Zoho
 * source, the pipeline with its PostgreSQL and WhatsApp sinks, and the daily summary, added to the
 * environment the launcher gives. Only the launchers differ: where the database is, where
 * checkpoints go, how the job stops.
 */
public final class PulseJob {

    /** The job's name in Flink's web UI, its REST API and its logs. */
    public static final String NAME = "CRM Pulse";

    private static final Logger LOG = LoggerFactory.getLogger(PulseJob.class);

    private final PulseConfig config;
    private final JdbcSettings db;
    private final ZohoSyncMode mode;

    /**
     * @param mode {@link ZohoSyncMode#CONTINUOUS} for a job that runs until it is stopped; the
     *     daily summary is written only then, since a bounded run waits for no clock
     */
    public PulseJob(PulseConfig config, JdbcSettings db, ZohoSyncMode mode) {
        this.config = config;
        this.db = db;
        this.mode = mode;
    }

    /** Brings the database's schema up to date (Flyway), before any task writes to it. */
    public void migrateSchema() {
        new SchemaMigrator(db, config.timezone()).migrate();
    }

    /**
     * Adds the job to {@code env}, with checkpoints every {@code checkpointInterval}.
     *
     * @param stateBackend {@code PULSE_STATE_BACKEND}; as a job setting, it wins over a cluster's
     *     {@code state.backend.type}, which applies when it is empty
     */
    public void addTo(
            StreamExecutionEnvironment env,
            Duration checkpointInterval,
            Optional<PulseStateBackend> stateBackend) {
        ZohoSource source =
                ZohoSource.builder()
                        .setModules(config.modules())
                        .setHttpClient(config.zohoClient(), config.zohoCredentials())
                        .setPollInterval(config.pollInterval())
                        .setOverlap(config.settings().zohoOverlap())
                        .setSyncMode(mode)
                        .build();
        env.enableCheckpointing(checkpointInterval.toMillis());
        stateBackend.ifPresent(
                backend -> {
                    env.configure(backend.flinkSettings());
                    LOG.info("State backend: {} (PULSE_STATE_BACKEND)", backend.key());
                });
        boolean continuous = mode == ZohoSyncMode.CONTINUOUS;
        new CrmPulsePipeline(
                        source,
                        config.settings(),
                        config.timezone(),
                        MetricsTables.sinkOptions(db),
                        new WhatsAppOutboxSink(
                                new OutboxDatabase(db.url(), db.user(), db.password()),
                                config.whatsApp(),
                                deliveryPolicy(config)),
                        config.display(),
                        config.dashboard())
                // Always there, so that checkpoints restore across both kinds of run; a bounded
                // run waits for no clock, so its trigger stays quiet.
                .withDailySummary(DailySummaryStage.of(config.summary(), db).withActive(continuous))
                .build(env);
        logStart(continuous);
    }

    private void logStart(boolean continuous) {
        if (config.whatsApp().dryRun()) {
            LOG.info(
                    "WhatsApp: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM_NUMBER are"
                            + " unset, so alerts stay in the outbox (notifications) as dry_run and"
                            + " are printed in the log");
        }
        config.dashboard()
                .summary()
                .ifPresent(
                        link ->
                                LOG.info(
                                        "WhatsApp alerts and summaries end with a link to the"
                                                + " dashboard, e.g. {}",
                                        link));
        LOG.info(
                "CRM Pulse starts: modules {}, poll interval {}, business timezone {}, {},"
                        + " database {}",
                config.modules().stream().map(m -> m.name()).toList(),
                config.pollInterval(),
                config.timezone(),
                continuous ? "continuously" : "until caught up",
                db.redactedUrl());
        if (continuous) {
            LOG.info(
                    "Daily summary at {} {} by {} at {} (amounts in {})",
                    config.summary().time(),
                    config.timezone(),
                    config.summary().model(),
                    config.summary().ollamaBaseUrl(),
                    config.display().currency().getCurrencyCode());
        }
    }

    /** Grouping, the daily cap and quiet hours of {@code pulse.yaml}'s {@code noise} section. */
    public static DeliveryPolicy deliveryPolicy(PulseConfig config) {
        AlertSettings.Noise noise = config.settings().alerts().noise();
        return DeliveryPolicy.defaults()
                .withZone(config.timezone())
                .withGroupInterval(Duration.ofMinutes(noise.groupMinutes()))
                .withDailyCap(noise.dailyCapPerRecipient())
                .withQuietHours(noise.quietHours());
    }

    /**
     * The message of a CRM error that no restart can fix (a revoked refresh token, an unknown
     * module: {@link ZohoSourceException}) somewhere in {@code failure}'s causes; it says what to
     * fix, which a stack trace would bury.
     */
    public static Optional<String> crmErrorToFix(Throwable failure) {
        return ExceptionUtils.findThrowable(failure, ZohoSourceException.class)
                .map(Throwable::getMessage);
    }
}
