package io.crmpulse.job;

import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.source.ZohoSource;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The whole job in a test's MiniCluster, against the Zoho simulator: the source the job builds for
 * a CRM (Leads and Deals, the settings' overlap), and a run of a {@link CrmPulsePipeline} at
 * parallelism 1 with a checkpoint every second, so that the tables commit within a test's wait.
 */
public final class TestJob {

    private TestJob() {}

    /** The job's Zoho source on {@code zoho}, polling every {@code pollInterval}. */
    public static ZohoSource source(
            ZohoSimulator zoho, PulseSettings settings, Duration pollInterval) {
        return ZohoSource.builder()
                .setModules(List.of(ZohoModule.of("Leads"), ZohoModule.of("Deals")))
                .setHttpClient(
                        ZohoClientConfig.of(zoho.baseUrl(), zoho.baseUrl()),
                        ZohoCredentials.of(
                                zoho.clientId(), zoho.clientSecret(), zoho.refreshToken()))
                .setPollInterval(pollInterval)
                .setOverlap(settings.zohoOverlap())
                .build();
    }

    /** A run that fails at its first error rather than hiding it behind restarts. */
    public static Configuration noRestarts() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return conf;
    }

    /**
     * Builds {@code pipeline} on the test's MiniCluster with {@code conf} (its restart strategy)
     * and starts it; the caller waits for the tables and cancels the returned job.
     */
    public static JobClient start(CrmPulsePipeline pipeline, Configuration conf, String name)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(1000);
        pipeline.build(env);
        return env.executeAsync(name);
    }
}
