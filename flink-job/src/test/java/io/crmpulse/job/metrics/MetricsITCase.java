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
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.source.ZohoSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
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
                    "TRUNCATE crm_leads, crm_deals, deal_stage_events, lead_source_quality,"
                            + " rep_pipeline, daily_source_stats, daily_rep_stats, sync_state,"
                            + " dead_letters");
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

        runUntilCaughtUp(false);

        assertTablesEqualReferenceSqlAndTruth();
    }

    @Test
    void postgresDownInTheMiddleIsRetriedAndTheTablesStillEqualTheTruth() throws Exception {
        // The database stops while the Leads backfill pages and the CRM keeps changing; the job
        // fails, restarts from its last checkpoint until the database is back, then catches up.
        zoho.faults()
                .afterRecordsPage(
                        "Leads",
                        3,
                        () -> {
                            zoho.world().editLeads(80);
                            zoho.world().deleteLeads(20);
                            zoho.world().convertLeads(10);
                            postgres.close();
                            Thread restart =
                                    new Thread(
                                            () -> {
                                                sleep(Duration.ofSeconds(8));
                                                zoho.world().editDeals(30);
                                                postgres.start();
                                            },
                                            "postgres comes back");
                            restart.start();
                        });

        runUntilCaughtUp(true);

        assertTablesEqualReferenceSqlAndTruth();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void assertTablesEqualReferenceSqlAndTruth() throws Exception {
        try (Connection c = connect()) {
            MetricRows.assertTablesEqualReferenceSqlAndTruth(c, zoho.truth(), ZONE);
        }
    }

    @Test
    void unreadableRecordsLandInDeadLettersAndTheRestReachesTheTables() throws Exception {
        String t = "2026-11-20T10:00:00+05:30";
        List<RecordChange> changes =
                List.of(
                        lead("1", "Web", "Contacted", t),
                        lead("2", "Web", "Junk Lead", t),
                        lead("3", "Web", "Contacted", "yesterday"),
                        RecordChange.malformed(
                                "Leads", null, null, "{\"Lead_Source\":\"Web\"}", "no id"),
                        deal("10", "Closed Won", "1500.50", t),
                        deal("11", "Negotiation/Review", "\"abc\"", t));
        GeneratorFunction<Long, RecordChange> replay = i -> changes.get(i.intValue());
        Source<RecordChange, ?, ?> source =
                new DataGeneratorSource<>(
                        replay, changes.size(), TypeInformation.of(RecordChange.class));

        run(source);

        try (Connection c = connect()) {
            assertThat(MetricRows.query(c, "SELECT id FROM crm_leads ORDER BY id"))
                    .containsExactly("1", "2");
            assertThat(MetricRows.query(c, "SELECT id, amount_home FROM crm_deals"))
                    .containsExactly("10|1500.50");
            assertThat(
                            MetricRows.query(
                                    c,
                                    "SELECT lead_source, leads, junk_leads, junk_rate, won_value"
                                            + " FROM lead_source_quality"))
                    .containsExactly("Web|2|1|0.5000|1500.50");
            assertThat(
                            MetricRows.query(
                                    c,
                                    "SELECT id, module, record_id, reason FROM dead_letters ORDER BY"
                                            + " module, id"))
                    .hasSize(3)
                    .anySatisfy(
                            r -> assertThat(r).startsWith("Deals:11|Deals|11|").contains("Amount"))
                    .anySatisfy(
                            r ->
                                    assertThat(r)
                                            .startsWith("Leads:3|Leads|3|")
                                            .contains("Created_Time"))
                    .anySatisfy(r -> assertThat(r).contains("|Leads|null|no id"));
        }
    }

    private static RecordChange lead(String id, String source, String status, String created) {
        return RecordChange.upsert(
                "Leads",
                id,
                Instant.parse("2026-11-20T04:30:00Z"),
                "{\"id\":\""
                        + id
                        + "\",\"Lead_Source\":\""
                        + source
                        + "\",\"Lead_Status\":\""
                        + status
                        + "\",\"Owner\":{\"name\":\"Asha Rao\",\"id\":\"9001\"},"
                        + "\"Created_Time\":\""
                        + created
                        + "\",\"Modified_Time\":\"2026-11-20T10:00:00+05:30\"}");
    }

    private static RecordChange deal(String id, String stage, String amount, String created) {
        return RecordChange.upsert(
                "Deals",
                id,
                Instant.parse("2026-11-20T04:30:00Z"),
                "{\"id\":\""
                        + id
                        + "\",\"Deal_Name\":\"Deal "
                        + id
                        + "\",\"Stage\":\""
                        + stage
                        + "\",\"Amount\":"
                        + amount
                        + ",\"Exchange_Rate\":1,\"Probability\":50,\"Lead_Source\":\"Web\","
                        + "\"Owner\":{\"name\":\"Asha Rao\",\"id\":\"9001\"},"
                        + "\"Created_Time\":\""
                        + created
                        + "\",\"Modified_Time\":\"2026-11-20T10:00:00+05:30\"}");
    }

    private void runUntilCaughtUp(boolean restartOnFailure) throws Exception {
        run(
                ZohoSource.builder()
                        .setModules(List.of(ZohoModule.of("Leads"), ZohoModule.of("Deals")))
                        .setHttpClient(
                                ZohoClientConfig.of(zoho.baseUrl(), null),
                                ZohoCredentials.of(
                                        zoho.clientId(), zoho.clientSecret(), zoho.refreshToken()))
                        .setBounded(true)
                        .build(),
                restartOnFailure);
    }

    private void run(Source<RecordChange, ?, ?> source) throws Exception {
        run(source, false);
    }

    private void run(Source<RecordChange, ?, ?> source, boolean restartOnFailure) throws Exception {
        Configuration conf = new Configuration();
        if (restartOnFailure) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 60);
            conf.set(
                    RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                    Duration.ofSeconds(1));
        } else {
            // A failure must fail the test, not restart forever.
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        new CrmPulsePipeline(source, MetricClasses.defaults(), ZONE, sinkOptions()).build(env);
        env.execute("metrics");
    }

    private static Map<String, String> sinkOptions() {
        return MetricsTables.sinkOptions(db, Duration.ofMillis(200));
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
