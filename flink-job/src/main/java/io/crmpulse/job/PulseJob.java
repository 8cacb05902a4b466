package io.crmpulse.job;

import io.crmpulse.job.config.AlertSettings;
import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.Durations;
import io.crmpulse.job.config.KafkaConnection;
import io.crmpulse.job.config.KafkaSettings;
import io.crmpulse.job.config.PulseConfig;
import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.job.config.PulseOptions;
import io.crmpulse.job.config.PulseStateBackend;
import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.kafka.KafkaCrmSource;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.job.source.CrmChangeSource;
import io.crmpulse.job.summary.DailySummaryStage;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.kafka.AlertsTopicSink;
import io.crmpulse.sinks.outbox.DeliveryPolicy;
import io.crmpulse.sinks.outbox.OutboxDatabase;
import io.crmpulse.sinks.outbox.WhatsAppOutboxSink;
import io.crmpulse.zoho.ZohoSourceException;
import io.crmpulse.zoho.ZohoSyncMode;
import io.crmpulse.zoho.source.ZohoSource;
import java.time.Duration;
import java.util.Optional;
import javax.annotation.Nullable;
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

    /** Where the CRM's changes come from ({@code --source}). */
    public enum Source {
        /** Zoho CRM's API, polled. */
        ZOHO,
        /** Debezium's topics of a CRM's database ({@code kafka_leads}, {@code kafka_deals}). */
        KAFKA
    }

    private final PulseConfig config;
    private final JdbcSettings db;
    private final ZohoSyncMode mode;
    private final Source source;
    @Nullable private final KafkaConnection kafka;
    @Nullable private final String alertsTopic;

    /**
     * A job that reads Zoho and publishes to no topic.
     *
     * @param mode {@link ZohoSyncMode#CONTINUOUS} for a job that runs until it is stopped; the
     *     daily summary is written only then, since a bounded run waits for no clock
     */
    public PulseJob(PulseConfig config, JdbcSettings db, ZohoSyncMode mode) {
        this(config, db, mode, Source.ZOHO, null, null);
    }

    private PulseJob(
            PulseConfig config,
            JdbcSettings db,
            ZohoSyncMode mode,
            Source source,
            @Nullable KafkaConnection kafka,
            @Nullable String alertsTopic) {
        this.config = config;
        this.db = db;
        this.mode = mode;
        this.source = source;
        this.kafka = kafka;
        this.alertsTopic = alertsTopic;
    }

    /**
     * The same job with its Kafka edges: {@code --source} and {@code --alerts-topic}.
     *
     * @param kafka the brokers ({@code PULSE_KAFKA_BOOTSTRAP_SERVERS}), if named
     * @param alertsTopic the topic that also gets every alert and summary, or null for none
     * @throws ConfigException when an edge needs brokers and none are named, or the alerts topic's
     *     name is not a Kafka topic's
     */
    public PulseJob withKafka(
            Source source, Optional<KafkaConnection> kafka, @Nullable String alertsTopic) {
        checkKafka(source, kafka, alertsTopic);
        return new PulseJob(config, db, mode, source, kafka.orElse(null), alertsTopic);
    }

    /**
     * Stops a launcher at start when a Kafka edge cannot run, as {@link #withKafka} would.
     *
     * @throws ConfigException when an edge needs brokers and none are named, or the alerts topic's
     *     name is not a Kafka topic's
     */
    public static void checkKafka(
            Source source, Optional<KafkaConnection> kafka, @Nullable String alertsTopic) {
        boolean needed = source == Source.KAFKA || alertsTopic != null;
        if (needed && kafka.isEmpty()) {
            throw new ConfigException(
                    PulseEnvironment.KAFKA_BOOTSTRAP_SERVERS.name()
                            + " is not set: "
                            + (source == Source.KAFKA ? "--source kafka" : "--alerts-topic")
                            + " needs the Kafka brokers, e.g. localhost:9092");
        }
        if (alertsTopic != null && !alertsTopic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new ConfigException(
                    "--alerts-topic '"
                            + alertsTopic
                            + "' is not a Kafka topic name: 1 to 249 letters, digits, '.', '_'"
                            + " or '-'");
        }
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
        KafkaSettings kafkaSettings = config.settings().kafka();
        if (alertsTopic != null) {
            checkTransactionTimeout(kafkaSettings.transactionTimeout(), checkpointInterval);
        }
        CrmChangeSource changes =
                switch (source) {
                    case ZOHO ->
                            CrmChangeSource.zoho(
                                    ZohoSource.builder()
                                            .setModules(config.modules())
                                            .setHttpClient(
                                                    config.zohoClient(), config.zohoCredentials())
                                            .setPollInterval(config.pollInterval())
                                            .setOverlap(config.settings().zohoOverlap())
                                            .setSyncMode(mode)
                                            .build());
                    case KAFKA ->
                            new KafkaCrmSource(
                                    kafka.bootstrapServers(),
                                    kafkaSettings.groupId(),
                                    kafka.clientProperties(),
                                    kafkaSettings.mapping(),
                                    mode == ZohoSyncMode.UNTIL_CAUGHT_UP,
                                    config.pollInterval());
                };
        env.enableCheckpointing(checkpointInterval.toMillis());
        stateBackend.ifPresent(
                backend -> {
                    env.configure(backend.flinkSettings());
                    LOG.info("State backend: {} (PULSE_STATE_BACKEND)", backend.key());
                });
        boolean continuous = mode == ZohoSyncMode.CONTINUOUS;
        CrmPulsePipeline pipeline =
                new CrmPulsePipeline(
                                changes,
                                config.settings(),
                                config.timezone(),
                                MetricsTables.sinkOptions(db),
                                new WhatsAppOutboxSink(
                                        new OutboxDatabase(db.url(), db.user(), db.password()),
                                        config.whatsApp(),
                                        deliveryPolicy(config)),
                                config.display(),
                                config.dashboard())
                        // Always there, so that checkpoints restore across both kinds of run;
                        // a bounded run waits for no clock, so its trigger stays quiet.
                        .withDailySummary(
                                DailySummaryStage.of(config.summary(), db).withActive(continuous));
        if (alertsTopic != null) {
            pipeline =
                    pipeline.withAlertsTopic(
                            AlertsTopicSink.create(
                                    kafka.bootstrapServers(),
                                    kafka.clientProperties(),
                                    alertsTopic,
                                    kafkaSettings.transactionTimeout()));
        }
        pipeline.build(env);
        logStart(continuous);
    }

    /**
     * Stops the job at start when the alerts topic's transactions cannot work: their timeout must
     * be longer than a checkpoint interval, and the brokers refuse a producer that asks for more
     * than {@code transaction.max.timeout.ms} (the job would restart for ever). Brokers that do not
     * answer within 30 s are not judged.
     */
    private void checkTransactionTimeout(Duration timeout, Duration checkpointInterval) {
        if (checkpointInterval.compareTo(timeout) >= 0) {
            throw new ConfigException(
                    PulseOptions.KAFKA_TRANSACTION_TIMEOUT.key()
                            + " ("
                            + Durations.format(timeout)
                            + ") must be longer than "
                            + PulseEnvironment.CHECKPOINT_INTERVAL.name()
                            + " ("
                            + Durations.format(checkpointInterval)
                            + "): the alerts topic commits a transaction with each checkpoint");
        }
        Optional<Duration> brokerMax =
                AlertsTopicSink.brokerMaxTransactionTimeout(
                        kafka.bootstrapServers(), kafka.clientProperties(), Duration.ofSeconds(30));
        if (brokerMax.isEmpty()) {
            LOG.warn(
                    "Kafka at {} did not say its transaction.max.timeout.ms; {} ({}) is not"
                            + " checked against it",
                    kafka.bootstrapServers(),
                    PulseOptions.KAFKA_TRANSACTION_TIMEOUT.key(),
                    Durations.format(timeout));
        } else if (timeout.compareTo(brokerMax.get()) > 0) {
            throw new ConfigException(
                    PulseOptions.KAFKA_TRANSACTION_TIMEOUT.key()
                            + " ("
                            + Durations.format(timeout)
                            + ") must be at most the brokers' transaction.max.timeout.ms ("
                            + Durations.format(brokerMax.get())
                            + "), or they refuse the alerts topic's transactions");
        }
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
        if (source == Source.KAFKA) {
            LOG.info(
                    "CRM changes from Kafka at {}: topics {} (consumer group {}), progress"
                            + " reported every {}",
                    kafka.bootstrapServers(),
                    config.settings().kafka().mapping().topics(),
                    config.settings().kafka().groupId(),
                    config.pollInterval());
        }
        if (alertsTopic != null) {
            LOG.info(
                    "Alerts and summaries are also published, exactly once, to the Kafka topic {}"
                            + " at {}",
                    alertsTopic,
                    kafka.bootstrapServers());
        }
        LOG.info(
                "CRM Pulse starts: {} modules {}, poll interval {}, business timezone {}, {},"
                        + " database {}",
                source == Source.KAFKA ? "Kafka" : "Zoho",
                source == Source.KAFKA
                        ? config.settings().kafka().mapping().modules()
                        : config.modules().stream().map(m -> m.name()).toList(),
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
