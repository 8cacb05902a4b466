package io.crmpulse.job;

import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.DotEnv;
import io.crmpulse.job.config.PulseConfig;
import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.zoho.ZohoSyncMode;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The entry point of the cluster job jar: {@code flink run crm-pulse-job.jar [--until-caught-up]
 * [--config pulse.yaml] [--source zoho|kafka] [--alerts-topic NAME]} submits CRM Pulse to a Flink
 * cluster.
 *
 * <p>It runs in the {@code flink} client: it reads the settings and {@code PULSE_JDBC_URL} there,
 * migrates the schema, and submits the job; the cluster keeps its checkpoints, and savepoints,
 * restores ({@code flink run -s}), cancellation and stopping are Flink's. With {@code flink run -d}
 * the client returns once the job is submitted; an attached client waits for the job, and stopping
 * the client leaves the job running.
 */
@Command(
        name = "flink run crm-pulse-job.jar",
        mixinStandardHelpOptions = true,
        version = "CRM Pulse 0.1.0",
        description = "Submits CRM Pulse to a Flink cluster: Zoho CRM in, metrics and alerts out.")
public final class CrmPulseJob implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CrmPulseJob.class);

    @Option(
            names = "--until-caught-up",
            description = "Poll until the CRM has no further changes, then finish (a bounded job).")
    boolean untilCaughtUp;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "pulse.yaml on the client's host (every key has a default).")
    Path configFile;

    @Mixin KafkaOptions kafkaOptions = new KafkaOptions();

    public static void main(String[] args) {
        System.exit(
                new CommandLine(new CrmPulseJob())
                        .setCaseInsensitiveEnumValuesAllowed(true)
                        .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            Map<String, String> environment = DotEnv.under(System.getenv(), Path.of(DotEnv.FILE));
            JdbcSettings db =
                    PulseEnvironment.database(environment)
                            .orElseThrow(
                                    () ->
                                            new ConfigException(
                                                    PulseEnvironment.JDBC_URL.name()
                                                            + " is not set: on a Flink cluster the"
                                                            + " job writes to the PostgreSQL it"
                                                            + " names, e.g."
                                                            + " jdbc:postgresql://db:5432/pulse"));
            PulseConfig config =
                    PulseConfig.fromEnvironment(environment, kafkaOptions.readsZoho(), configFile);
            PulseJob job =
                    kafkaOptions.applyTo(
                            new PulseJob(
                                    config,
                                    db,
                                    untilCaughtUp
                                            ? ZohoSyncMode.UNTIL_CAUGHT_UP
                                            : ZohoSyncMode.CONTINUOUS),
                            PulseEnvironment.kafka(environment));
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            job.migrateSchema();
            job.addTo(
                    env,
                    PulseEnvironment.checkpointInterval(environment),
                    PulseEnvironment.stateBackend(environment));
            JobExecutionResult result = env.execute(PulseJob.NAME);
            if (result.isJobExecutionResult()) {
                LOG.info("CRM Pulse finished: every module is caught up");
            } else {
                LOG.info(
                        "CRM Pulse is submitted as job {}; flink stop or flink cancel ends it",
                        result.getJobID());
            }
            return 0;
        } catch (ConfigException e) {
            System.err.println("crm-pulse: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            Optional<String> toFix = PulseJob.crmErrorToFix(e);
            if (toFix.isEmpty()) {
                throw e;
            }
            System.err.println("crm-pulse: " + toFix.get());
            return 1;
        }
    }
}
