package io.crmpulse.bench;

import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.db.TestPostgres;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.source.ZohoSource;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * How long after a change in the CRM it shows in {@code lead_source_quality} (arguments: samples,
 * poll interval, checkpoint interval): the whole job in an embedded Flink, against the simulator
 * (live clock) and an embedded PostgreSQL. A benchmark, not a test: it prints what it measured and
 * asserts nothing.
 *
 * <pre>
 * mvn -B -q -Pbench install -DskipTests
 * bench/run ChangeLatencyBenchmark 20 2 5
 * </pre>
 */
public final class ChangeLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Duration pollInterval =
                Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1].replace("s", "")) : 2);
        // The tables show the last completed checkpoint: the job's default interval.
        Duration checkpointInterval =
                Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2].replace("s", "")) : 5);
        Path state = Files.createTempDirectory("crm-pulse-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TestPostgres postgres = new TestPostgres(state.resolve("postgres"), port);
                ZohoSimulator zoho =
                        ZohoSimulator.builder().scenario(Scenario.named("backfill")).start()) {
            JdbcSettings db = postgres.start();
            new SchemaMigrator(db, ZoneOffset.UTC).migrate();
            ZohoSource source =
                    ZohoSource.builder()
                            .setModules(List.of(ZohoModule.of("Leads"), ZohoModule.of("Deals")))
                            .setHttpClient(
                                    ZohoClientConfig.of(zoho.baseUrl(), null),
                                    ZohoCredentials.of(
                                            zoho.clientId(),
                                            zoho.clientSecret(),
                                            zoho.refreshToken()))
                            .setPollInterval(pollInterval)
                            .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(checkpointInterval.toMillis());
            new CrmPulsePipeline(
                            source,
                            PulseSettings.defaults(),
                            ZoneOffset.UTC,
                            MetricsTables.sinkOptions(db),
                            new DiscardingSink<>(),
                            DisplayFormat.parse("INR"),
                            DashboardLinks.NONE)
                    .build(env);
            JobClient job = env.executeAsync("latency benchmark");
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
                waitForRow(c, "Chat", 120_000); // the backfill is in
                List<Long> latencies = new ArrayList<>();
                List<Long> mirror = new ArrayList<>();
                java.util.Random random = new java.util.Random(1);
                for (int i = 0; i < samples; i++) {
                    // A change at a random moment of the poll cycle, not right after a poll.
                    Thread.sleep(random.nextInt((int) pollInterval.toMillis()));
                    String marker = "Bench " + i;
                    long start = System.nanoTime();
                    String id = zoho.world().createLeads(1, marker, "Not Contacted").get(0);
                    waitFor(c, "SELECT 1 FROM crm_leads WHERE id = ?", id, 60_000);
                    mirror.add((System.nanoTime() - start) / 1_000_000);
                    waitForRow(c, marker, 60_000);
                    latencies.add((System.nanoTime() - start) / 1_000_000);
                }
                Collections.sort(latencies);
                Collections.sort(mirror);
                System.out.printf(
                        "change -> crm_leads: median %d ms, max %d ms%n",
                        mirror.get(samples / 2), mirror.get(samples - 1));
                System.out.printf(
                        "change -> lead_source_quality, poll interval %s, checkpoint interval %s,"
                                + " %d samples: min %d ms, median %d ms, p95 %d ms, max %d ms%n",
                        pollInterval,
                        checkpointInterval,
                        samples,
                        latencies.get(0),
                        latencies.get(samples / 2),
                        latencies.get((int) Math.ceil(samples * 0.95) - 1),
                        latencies.get(samples - 1));
            } finally {
                job.cancel().get();
            }
        }
    }

    private static void waitForRow(Connection c, String leadSource, long timeoutMillis)
            throws Exception {
        waitFor(
                c,
                "SELECT 1 FROM lead_source_quality WHERE lead_source = ?",
                leadSource,
                timeoutMillis);
    }

    private static void waitFor(Connection c, String sql, String key, long timeoutMillis)
            throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, key);
            while (System.currentTimeMillis() < deadline) {
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException(key + " did not arrive in time: " + sql);
    }

    private ChangeLatencyBenchmark() {}
}
