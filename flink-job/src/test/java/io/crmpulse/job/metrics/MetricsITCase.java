package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.db.JdbcSettings;
import io.crmpulse.job.db.LocalPostgres;
import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.normalize.MetricClasses;
import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.truth.GroundTruth;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.source.ZohoSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job against the Zoho simulator and a real (embedded) PostgreSQL: every metrics table
 * must equal both METRICS.md's reference SQL over the mirror tables and the simulator's own ground
 * truth, row for row.
 */
class MetricsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    @TempDir static Path stateDir;
    private static LocalPostgres postgres;
    private static JdbcSettings db;

    private final SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private ZohoSimulator zoho;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = new LocalPostgres(stateDir.resolve("postgres"), freePort());
        db = postgres.start();
        new SchemaMigrator(db, ZONE).migrate();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @BeforeEach
    void startSimulator() throws Exception {
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(5)
                        .userTimeZone(ZoneId.of("America/Los_Angeles"))
                        .clock(clock)
                        .port(0)
                        .start();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(
                    "TRUNCATE crm_leads, crm_deals, lead_source_quality, rep_pipeline,"
                            + " daily_source_stats, daily_rep_stats, sync_state, dead_letters");
        }
    }

    @AfterEach
    void stopSimulator() {
        zoho.close();
    }

    @Test
    void tablesEqualTheReferenceSqlAndTheTruthAfterABackfillFullOfChanges() throws Exception {
        // While the Leads backfill pages, the CRM keeps changing: records already emitted get new
        // versions that move between statuses, owners and classes, or are deleted.
        zoho.faults()
                .afterRecordsPage(
                        "Leads",
                        3,
                        () -> {
                            zoho.world().editLeads(120);
                            zoho.world().convertLeads(30);
                            zoho.world().bulkEditLeads(250);
                            zoho.world().deleteLeads(40);
                            zoho.world().editDeals(60);
                            zoho.world().deleteDeals(15);
                        });

        runUntilCaughtUp();

        GroundTruth truth = zoho.truth();
        try (Connection c = connect()) {
            assertThat(MetricRows.query(c, "SELECT count(*) FROM crm_leads"))
                    .containsExactly(String.valueOf(truth.liveRecords("Leads").size()));
            assertThat(MetricRows.query(c, "SELECT count(*) FROM crm_deals"))
                    .containsExactly(String.valueOf(truth.liveRecords("Deals").size()));

            List<String> sources =
                    MetricRows.query(
                            c,
                            "SELECT lead_source, "
                                    + MetricRows.MATRIX_COLUMNS
                                    + " FROM lead_source_quality ORDER BY 1");
            assertThat(sources).hasSizeGreaterThan(5);
            assertThat(sources)
                    .as("lead_source_quality vs the reference SQL over the mirrors")
                    .containsExactlyElementsOf(
                            MetricRows.query(c, MetricRows.referenceMatrixSql("lead_source")));
            assertThat(sources)
                    .as("lead_source_quality vs the simulator's truth")
                    .containsExactlyElementsOf(
                            MetricRows.truthLeadSourceQuality(truth.leadSourceQuality()));

            List<String> reps =
                    MetricRows.query(
                            c,
                            "SELECT owner_id, "
                                    + MetricRows.MATRIX_COLUMNS
                                    + " FROM rep_pipeline ORDER BY 1");
            assertThat(reps).hasSizeGreaterThan(5);
            assertThat(reps)
                    .as("rep_pipeline vs the reference SQL over the mirrors")
                    .containsExactlyElementsOf(
                            MetricRows.query(c, MetricRows.referenceMatrixSql("owner_id")));
            assertThat(reps)
                    .as("rep_pipeline vs the simulator's truth")
                    .containsExactlyElementsOf(MetricRows.truthRepPipeline(truth.repPipeline()));

            assertThat(
                            MetricRows.query(
                                    c,
                                    "SELECT day, lead_source, "
                                            + MetricRows.DAILY_COLUMNS
                                            + " FROM daily_source_stats ORDER BY 1, 2"))
                    .as("daily_source_stats vs the simulator's truth")
                    .containsExactlyElementsOf(
                            MetricRows.truthDailySourceStats(truth.dailySourceStats(ZONE)));
            assertThat(
                            MetricRows.query(
                                    c,
                                    "SELECT day, owner_id, "
                                            + MetricRows.DAILY_COLUMNS
                                            + " FROM daily_rep_stats ORDER BY 1, 2"))
                    .as("daily_rep_stats vs the simulator's truth")
                    .containsExactlyElementsOf(
                            MetricRows.truthDailyRepStats(truth.dailyRepStats(ZONE)));

            assertThat(
                            MetricRows.query(
                                    c, "SELECT module, api_calls > 0 FROM sync_state ORDER BY 1"))
                    .containsExactly("Deals|true", "Leads|true");
        }
    }

    private void runUntilCaughtUp() throws Exception {
        ZohoSource source =
                ZohoSource.builder()
                        .setModules(List.of(ZohoModule.of("Leads"), ZohoModule.of("Deals")))
                        .setHttpClient(
                                ZohoClientConfig.of(zoho.baseUrl(), null),
                                ZohoCredentials.of(
                                        zoho.clientId(), zoho.clientSecret(), zoho.refreshToken()))
                        .setBounded(true)
                        .build();
        Configuration conf = new Configuration();
        // A failure must fail the test, not restart forever.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        new CrmPulsePipeline(source, MetricClasses.defaults(), ZONE, sinkOptions()).build(env);
        env.execute("metrics");
    }

    private static Map<String, String> sinkOptions() {
        return Map.of(
                "jdbc.url", db.url(),
                "jdbc.user", db.user(),
                "jdbc.password", db.password(),
                "jdbc.flush.interval", "200ms");
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
