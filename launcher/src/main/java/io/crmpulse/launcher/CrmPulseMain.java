package io.crmpulse.launcher;

import io.crmpulse.dashboard.DashboardServer;
import io.crmpulse.dashboard.DashboardSettings;
import io.crmpulse.job.KafkaOptions;
import io.crmpulse.job.PulseJob;
import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.DotEnv;
import io.crmpulse.job.config.KafkaConnection;
import io.crmpulse.job.config.PulseConfig;
import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.config.PulseStateBackend;
import io.crmpulse.job.config.SummarySettings;
import io.crmpulse.job.sync.SyncProgressLogger;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.zoho.ZohoSyncMode;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.metrics.prometheus.PrometheusReporterFactory;
import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The laptop's command line: {@code java -jar crm-pulse.jar [--demo] [--until-caught-up]} runs the
 * job in an embedded Flink, with an embedded PostgreSQL unless {@code PULSE_JDBC_URL} names one,
 * checkpoints in {@code PULSE_STATE_DIR} from which the next start resumes, the dashboard next to
 * it unless {@code --until-caught-up}, and with {@code --demo} the Zoho simulator. A Flink cluster
 * runs the cluster job jar instead ({@code io.crmpulse.job.CrmPulseJob}), and {@code crm-pulse.jar
 * dashboard} ({@link DashboardCommand}) for its dashboard.
 */
@Command(
        name = "crm-pulse",
        mixinStandardHelpOptions = true,
        subcommands = DashboardCommand.class,
        version = "CRM Pulse 0.1.0",
        description =
                "Keeps a company's CRM numbers live: syncs Zoho CRM incrementally into Flink.")
public final class CrmPulseMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CrmPulseMain.class);

    private static final Duration DEMO_POLL_INTERVAL = Duration.ofSeconds(5);

    /** Unless PULSE_SUMMARY_TIME is set, the demo's business day ends this soon after the start. */
    static final Duration DEMO_SUMMARY_AFTER = Duration.ofMinutes(2);

    /** The classpath resource of {@link #demoSettings()}. */
    public static final String DEMO_SETTINGS = "demo-pulse.yaml";

    /** The process environment over {@code .env}, read once at start. */
    private Map<String, String> environment = Map.of();

    private Duration checkpointInterval;
    private Optional<PulseStateBackend> stateBackend = Optional.empty();
    private Optional<Integer> prometheusPort = Optional.empty();
    private Optional<KafkaConnection> kafka = Optional.empty();
    private Optional<DashboardSettings> dashboardSettings = Optional.empty();
    private volatile JobClient runningJob;
    private volatile DashboardServer dashboard;

    @Option(
            names = "--demo",
            description =
                    "No credentials needed: start the Zoho simulator with the demo scenario and run"
                            + " the job against it.")
    boolean demo;

    @Option(
            names = "--until-caught-up",
            description =
                    "Poll until the CRM has no further changes, then exit 0 (backfills, cron, tests).")
    boolean untilCaughtUp;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "pulse.yaml with status and stage classes and other settings (every key has a"
                            + " default).")
    Path configFile;

    @Option(
            names = "--demo-port",
            description = "Port of the demo's Zoho simulator (default: ${DEFAULT-VALUE}).",
            defaultValue = "8088")
    int demoPort;

    @Mixin KafkaOptions kafkaOptions = new KafkaOptions();

    public static void main(String[] args) {
        System.exit(
                new CommandLine(new CrmPulseMain())
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            environment = DotEnv.under(System.getenv(), Path.of(DotEnv.FILE));
            if (demo && !kafkaOptions.readsZoho()) {
                throw new ConfigException(
                        "--demo runs the Zoho simulator; it cannot be combined with --source"
                                + " kafka");
            }
            PulseConfig config =
                    PulseConfig.fromEnvironment(
                            environment, !demo && kafkaOptions.readsZoho(), configFile);
            kafka = PulseEnvironment.kafka(environment);
            kafkaOptions.check(kafka);
            // Every setting is checked before anything starts.
            checkpointInterval = PulseEnvironment.checkpointInterval(environment);
            stateBackend = PulseEnvironment.stateBackend(environment);
            prometheusPort = PulseEnvironment.prometheusPort(environment);
            // A run that ends once caught up (cron) has no one to show a page to.
            dashboardSettings = untilCaughtUp ? Optional.empty() : dashboardSettings(environment);
            dashboardSettings.ifPresent(DashboardStarter::checkCanListen);
            return run(config);
        } catch (ConfigException e) {
            System.err.println("crm-pulse: " + e.getMessage());
            return 2;
        }
    }

    private int run(PulseConfig config) throws Exception {
        ZohoSimulator simulator = null;
        try {
            if (demo) {
                try {
                    simulator =
                            ZohoSimulator.builder()
                                    .scenario(Scenario.named("demo"))
                                    .port(demoPort)
                                    .start();
                } catch (UncheckedIOException e) {
                    throw new ConfigException(
                            "--demo-port: " + e.getMessage() + " (e.g. --demo-port 8089)", e);
                }
                config =
                        config.withZoho(
                                ZohoClientConfig.of(simulator.baseUrl(), simulator.baseUrl()),
                                ZohoCredentials.of(
                                        simulator.clientId(),
                                        simulator.clientSecret(),
                                        simulator.refreshToken()));
                if (configFile == null) {
                    config = config.withSettings(demoSettings());
                }
                if (!environment.containsKey(PulseConfig.POLL_INTERVAL_ENV)) {
                    // The demo's CRM changes every few seconds; show them as they come.
                    config = config.withPollInterval(DEMO_POLL_INTERVAL);
                }
                if (!environment.containsKey(SummarySettings.TIME_VARIABLE)) {
                    // Show the daily summary within minutes, not at 19:00.
                    config =
                            config.withSummary(
                                    config.summary()
                                            .withTime(
                                                    LocalTime.now(config.timezone())
                                                            .plus(DEMO_SUMMARY_AFTER)
                                                            .truncatedTo(ChronoUnit.SECONDS)));
                }
                printDemoBanner(simulator, config.summary(), dashboardSettings);
            }
            runWithDatabase(config);
            return 0;
        } catch (Exception e) {
            Optional<String> toFix = PulseJob.crmErrorToFix(e);
            if (toFix.isEmpty()) {
                throw e;
            }
            System.err.println("crm-pulse: " + toFix.get());
            return 1;
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private void runWithDatabase(PulseConfig config) throws Exception {
        Map<String, String> env = environment;
        LocalPostgres localDatabase = null;
        try {
            Optional<JdbcSettings> given = PulseEnvironment.database(env);
            JdbcSettings db;
            if (given.isPresent()) {
                db = given.get();
            } else {
                localDatabase = LocalPostgres.fromEnvironment(env);
                db = localDatabase.start();
                LOG.info("Local PostgreSQL is up: {}", localDatabase.psqlCommand());
            }
            if (demo && localDatabase != null) {
                printWhereToLook(localDatabase.psqlCommand());
            }
            // Ctrl-C or SIGTERM skips the finally below: stop the dashboard (no page reads a
            // database going away), then the job (its checkpoint is kept), then the database,
            // which is a process of its own.
            LocalPostgres toStop = localDatabase;
            Runtime.getRuntime()
                    .addShutdownHook(
                            new Thread(
                                    () -> {
                                        stopDashboard();
                                        cancelRunningJob();
                                        if (toStop != null) {
                                            toStop.close();
                                        }
                                    },
                                    "stop CRM Pulse"));
            PulseJob job =
                    kafkaOptions.applyTo(
                            new PulseJob(
                                    config,
                                    db,
                                    untilCaughtUp
                                            ? ZohoSyncMode.CATCH_UP_THEN_CONTINUE
                                            : ZohoSyncMode.CONTINUOUS),
                            kafka);
            // The schema creates pulse_reader, as which the dashboard reads.
            job.migrateSchema();
            if (dashboardSettings.isPresent()) {
                DashboardSettings settings = dashboardSettings.get();
                if (localDatabase != null) {
                    localDatabase.allowLogin(
                            settings.database().user(), settings.database().password());
                }
                dashboard = DashboardStarter.start(settings);
            }
            runJob(job);
        } finally {
            stopDashboard();
            if (localDatabase != null) {
                localDatabase.close();
            }
        }
    }

    /**
     * The dashboard next to the job. On the local database the launcher lets {@code pulse_reader}
     * log in, with {@code PULSE_READER_PASSWORD} or else a password of this run that only this
     * process knows; on another database an administrator does (README, "The reader role"), and
     * without {@code PULSE_READER_PASSWORD} there is no dashboard.
     */
    static Optional<DashboardSettings> dashboardSettings(Map<String, String> env) {
        if (PulseEnvironment.database(env).isPresent()) {
            if (PulseEnvironment.READER_PASSWORD.get(env) == null) {
                LOG.info(
                        "No dashboard: {} is not set, and on {} the launcher leaves the reader"
                                + " role to an administrator",
                        PulseEnvironment.READER_PASSWORD.name(),
                        PulseEnvironment.JDBC_URL.name());
                return Optional.empty();
            }
            return Optional.of(DashboardSettings.fromEnvironment(env));
        }
        Map<String, String> local = new HashMap<>(env);
        local.put(PulseEnvironment.JDBC_URL.name(), LocalPostgres.fromEnvironment(env).jdbcUrl());
        // A blank PULSE_READER_PASSWORD= (as .env.example has it) is unset, as everywhere else.
        if (!PulseEnvironment.READER_PASSWORD.isSet(env)) {
            local.put(PulseEnvironment.READER_PASSWORD.name(), LocalPostgres.randomPassword());
        }
        return Optional.of(DashboardSettings.fromEnvironment(local));
    }

    private void runJob(PulseJob job) throws Exception {
        // The checkpoints stay in PULSE_STATE_DIR and the next start resumes from them.
        LocalCheckpoints checkpoints =
                LocalCheckpoints.in(PulseEnvironment.stateDirectory(environment));
        Configuration conf = checkpoints.configure(new Configuration());
        // Accumulators reach the launcher with the heartbeats: see "caught up" within a second.
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        prometheusPort.ifPresent(
                port -> {
                    conf.setString(
                            "metrics.reporter.prom.factory.class",
                            PrometheusReporterFactory.class.getName());
                    conf.setString("metrics.reporter.prom.port", String.valueOf(port));
                    LOG.info(
                            "Flink's and the job's metrics for Prometheus:"
                                    + " http://localhost:{}/metrics",
                            port);
                });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // A bounded job that finishes discards its checkpoints, so a run that is caught up stops
        // with a savepoint instead, from which the next run resumes: a cron-style run then reads
        // only what changed since the last one, and a record deleted in between is retracted.
        job.addTo(env, checkpointInterval, stateBackend);
        runningJob = env.executeAsync(PulseJob.NAME);
        if (untilCaughtUp) {
            stopWithSavepointOnceCaughtUp(runningJob, checkpoints);
        }
        runningJob.getJobExecutionResult().get();
        runningJob = null;
        LOG.info("CRM Pulse finished: every module is caught up");
    }

    /**
     * The settings of {@code --demo} without {@code --config}: {@value #DEMO_SETTINGS}, which makes
     * the demo scenario's three incidents (a junk spike, a silent source, a big deal lost) alert
     * within minutes of the start at any hour, and nothing else; the file says how.
     */
    public static PulseSettings demoSettings() {
        try (InputStream in = CrmPulseMain.class.getResourceAsStream("/" + DEMO_SETTINGS)) {
            if (in == null) {
                throw new IllegalStateException(DEMO_SETTINGS + " is missing from the jar");
            }
            return PulseSettings.parse(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), DEMO_SETTINGS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + DEMO_SETTINGS + " from the jar", e);
        }
    }

    /**
     * Waits until the source reports that it is caught up, then stops the job with a savepoint:
     * every sink flushes into the savepoint, and the next run resumes from it.
     */
    private static void stopWithSavepointOnceCaughtUp(JobClient job, LocalCheckpoints checkpoints)
            throws Exception {
        while (!job.getJobExecutionResult().isDone()) {
            Object reports =
                    job.getAccumulators()
                            .get(30, TimeUnit.SECONDS)
                            .get(SyncProgressLogger.CAUGHT_UP_ACCUMULATOR);
            if (reports instanceof Integer n && n > 0) {
                String savepoint = stopWithSavepoint(job, checkpoints);
                LOG.info("Caught up; the next run resumes from the savepoint {}", savepoint);
                return;
            }
            Thread.sleep(200);
        }
    }

    /**
     * Stops the job with a savepoint. A source that is caught up at once (nothing changed since the
     * last run) can report it before every task of the job is running, and Flink refuses a
     * savepoint until they are: that refusal is retried.
     */
    static String stopWithSavepoint(JobClient job, LocalCheckpoints checkpoints) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                return job.stopWithSavepoint(
                                false,
                                checkpoints.directory().toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
            } catch (ExecutionException e) {
                boolean starting =
                        ExceptionUtils.findThrowable(e, CheckpointException.class)
                                .map(
                                        c ->
                                                c.getCheckpointFailureReason()
                                                        == CheckpointFailureReason
                                                                .NOT_ALL_REQUIRED_TASKS_RUNNING)
                                .orElse(false);
                if (!starting || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("The job's tasks are still starting; the savepoint is tried again");
                Thread.sleep(500);
            }
        }
    }

    private void stopDashboard() {
        DashboardServer server = dashboard;
        dashboard = null;
        if (server != null) {
            server.close();
            LOG.info("Dashboard stopped");
        }
    }

    private void cancelRunningJob() {
        JobClient job = runningJob;
        if (job == null) {
            return;
        }
        LOG.info("Stopping: the job is cancelled and its last checkpoint kept for the next start");
        try {
            job.cancel().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("The job did not stop cleanly: {}", e.toString());
        }
    }

    private static void printDemoBanner(
            ZohoSimulator simulator,
            SummarySettings summary,
            Optional<DashboardSettings> dashboard) {
        System.out.println();
        System.out.println("CRM Pulse demo");
        dashboard.ifPresent(
                d ->
                        System.out.println(
                                "  The dashboard: http://" + d.host() + ":" + d.port() + "/"));
        System.out.println("  Zoho simulator (scenario 'demo'): " + simulator.baseUrl());
        System.out.println(
                "  The job syncs its Leads and Deals into PostgreSQL; stop with Ctrl-C.");
        System.out.println(
                "  The business day ends at "
                        + summary.time()
                        + ": the daily summary is written by "
                        + summary.model()
                        + " at "
                        + summary.ollamaBaseUrl()
                        + ", or by the template when Ollama is not running.");
        System.out.println(
                "  Within about five minutes the CRM's incidents raise alerts: a junk spike on"
                        + " Online Store, Partner gone silent, the biggest open deal lost. Without"
                        + " Twilio they are printed here as WhatsApp dry runs.");
        System.out.println();
    }

    private static void printWhereToLook(String psql) {
        System.out.println();
        System.out.println("Where to look (the tables fill within seconds and keep changing):");
        System.out.println("  " + psql);
        System.out.println(
                "    SELECT lead_source, leads, junk_rate, conversion_rate, won_value"
                        + " FROM lead_source_quality ORDER BY leads DESC;");
        System.out.println(
                "    SELECT owner_name, open_deals, pipeline_value, won_value FROM rep_pipeline;");
        System.out.println(
                "    SELECT * FROM daily_source_stats ORDER BY day DESC, leads_created DESC"
                        + " LIMIT 20;");
        System.out.println("    SELECT * FROM v_freshness;");
        System.out.println(
                "    SELECT fired_at, rule, subject, message FROM alerts ORDER BY fired_at;");
        System.out.println(
                "    SELECT day, status, verdict_reasons, whatsapp_report FROM ai_summaries;");
        System.out.println();
    }
}
