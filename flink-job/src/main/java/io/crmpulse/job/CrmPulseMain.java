package io.crmpulse.job;

import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.PulseConfig;
import io.crmpulse.job.db.JdbcSettings;
import io.crmpulse.job.db.LocalPostgres;
import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.zoho.ZohoSourceException;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.source.ZohoSource;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line: {@code java -jar crm-pulse.jar [--demo] [--until-caught-up]} runs the job in an
 * embedded Flink; {@code flink run crm-pulse.jar [...]} submits it to a Flink cluster.
 */
@Command(
        name = "crm-pulse",
        mixinStandardHelpOptions = true,
        version = "CRM Pulse 0.1.0",
        description =
                "Keeps a company's CRM numbers live: syncs Zoho CRM incrementally into Flink.")
public final class CrmPulseMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CrmPulseMain.class);

    private static final Duration DEMO_POLL_INTERVAL = Duration.ofSeconds(5);

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
            names = "--demo-port",
            description = "Port of the demo's Zoho simulator (default: ${DEFAULT-VALUE}).",
            defaultValue = "8088")
    int demoPort;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CrmPulseMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PulseConfig config;
        try {
            config = PulseConfig.fromEnvironment(System.getenv(), !demo);
        } catch (ConfigException e) {
            System.err.println("crm-pulse: " + e.getMessage());
            return 2;
        }
        ZohoSimulator simulator = null;
        try {
            if (demo) {
                simulator =
                        ZohoSimulator.builder()
                                .scenario(Scenario.named("demo"))
                                .port(demoPort)
                                .start();
                config =
                        config.withZoho(
                                ZohoClientConfig.of(simulator.baseUrl(), simulator.baseUrl()),
                                ZohoCredentials.of(
                                        simulator.clientId(),
                                        simulator.clientSecret(),
                                        simulator.refreshToken()));
                if (!System.getenv().containsKey(PulseConfig.POLL_INTERVAL_ENV)) {
                    // The demo's CRM changes every few seconds; show them as they come.
                    config = config.withPollInterval(DEMO_POLL_INTERVAL);
                }
                printDemoBanner(simulator);
            }
            run(config);
            return 0;
        } catch (Exception e) {
            Optional<ZohoSourceException> stop =
                    ExceptionUtils.findThrowable(e, ZohoSourceException.class);
            if (stop.isEmpty()) {
                throw e;
            }
            // A fatal CRM error: its message says what to fix; the stack trace would bury it.
            System.err.println("crm-pulse: " + stop.get().getMessage());
            return 1;
        } finally {
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private void run(PulseConfig config) throws Exception {
        Map<String, String> env = System.getenv();
        LocalPostgres localDatabase = null;
        try {
            JdbcSettings db;
            String url = env.get(JdbcSettings.URL_ENV);
            if (url != null && !url.isBlank()) {
                db =
                        new JdbcSettings(
                                url.trim(),
                                env.getOrDefault(JdbcSettings.USER_ENV, ""),
                                env.getOrDefault(JdbcSettings.PASSWORD_ENV, ""));
            } else {
                localDatabase = LocalPostgres.fromEnvironment(env);
                db = localDatabase.start();
                LOG.info("Local PostgreSQL is up: {}", localDatabase.psqlCommand());
            }
            new SchemaMigrator(db, config.timezone()).migrate();
            runJob(config, db);
        } finally {
            if (localDatabase != null) {
                localDatabase.close();
            }
        }
    }

    private void runJob(PulseConfig config, JdbcSettings db) throws Exception {
        ZohoSource source =
                ZohoSource.builder()
                        .setModules(config.modules())
                        .setHttpClient(config.zohoClient(), config.zohoCredentials())
                        .setPollInterval(config.pollInterval())
                        .setOverlap(config.settings().zohoOverlap())
                        .setBounded(untilCaughtUp)
                        .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(10_000);
        new CrmPulsePipeline(
                        source,
                        config.settings().metricClasses(),
                        config.timezone(),
                        Map.of(
                                "jdbc.url", db.url(),
                                "jdbc.user", db.user(),
                                "jdbc.password", db.password(),
                                "jdbc.flush.interval", "1s"))
                .build(env);
        LOG.info(
                "CRM Pulse starts: modules {}, poll interval {}, business timezone {}, {}",
                config.modules().stream().map(m -> m.name()).toList(),
                config.pollInterval(),
                config.timezone(),
                untilCaughtUp ? "until caught up" : "continuously");
        env.execute("CRM Pulse");
        LOG.info("CRM Pulse finished: every module is caught up");
    }

    private static void printDemoBanner(ZohoSimulator simulator) {
        System.out.println();
        System.out.println("CRM Pulse demo");
        System.out.println("  Zoho simulator (scenario 'demo'): " + simulator.baseUrl());
        System.out.println("  The job syncs its Leads and Deals and logs its progress below.");
        System.out.println("  Stop with Ctrl-C.");
        System.out.println();
    }
}
