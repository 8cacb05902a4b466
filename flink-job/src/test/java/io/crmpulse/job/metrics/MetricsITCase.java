package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.simulator.world.OrgCurrency;
import io.crmpulse.simulator.world.Rep;
import io.crmpulse.sinks.testing.JobMetrics;
import io.crmpulse.zoho.ZohoClientFactory;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.DeletedPage;
import io.crmpulse.zoho.client.DeletedRequest;
import io.crmpulse.zoho.client.HttpZohoCrmClient;
import io.crmpulse.zoho.client.RecordsPage;
import io.crmpulse.zoho.client.RecordsRequest;
import io.crmpulse.zoho.client.ZohoCallListener;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.client.ZohoCrmClient;
import io.crmpulse.zoho.model.RecordChange;
import io.crmpulse.zoho.source.ZohoSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job against the Zoho simulator and a real (embedded) PostgreSQL: every metrics table
 * must equal both docs/METRICS.md's reference SQL over the mirror tables and the simulator's own
 * ground truth, row for row.
 */
class MetricsITCase {

    private static final JobMetrics METRICS = new JobMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(METRICS.configuration())
                            .build());

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    @TempDir static Path stateDir;
    private static TestDatabase database;

    private final SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private ZohoSimulator zoho;

    @BeforeAll
    static void startPostgres() throws IOException {
        database = TestDatabase.start(stateDir, ZONE);
    }

    @AfterAll
    static void stopPostgres() {
        database.close();
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
        database.truncate(
                "crm_leads",
                "crm_deals",
                "deal_stage_events",
                "lead_source_quality",
                "rep_pipeline",
                "daily_source_stats",
                "daily_rep_stats",
                "sync_state",
                "dead_letters");
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
    void anExceptionMidStreamRestartsFromACheckpointAndTheTablesStillEqualTheTruth(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        // Slow calls spread the backfill over many checkpoints; the job fails in the middle of the
        // Leads backfill, right after the CRM changed, and restarts from its last checkpoint.
        zoho.faults().slowNextCalls(60, Duration.ofMillis(150));
        running = zoho;
        FailingClient.reset();

        JobExecutionResult result =
                run(
                        ZohoSource.builder()
                                .setModules(List.of(ZohoModule.of("Leads"), ZohoModule.of("Deals")))
                                .setClientFactory(
                                        new FailingClientFactory(
                                                zoho.baseUrl(),
                                                zoho.clientId(),
                                                zoho.clientSecret(),
                                                zoho.refreshToken()))
                                .setBounded(true)
                                .build(),
                        true);

        assertThat(FailingClient.FAILED).as("the failure was injected").isTrue();
        assertThat(restoredCheckpoint(flink, result).path("id").asLong(-1))
                .as("restored from a checkpoint")
                .isPositive();
        assertTablesEqualReferenceSqlAndTruth();
    }

    @Test
    void postgresDownForAMinuteIsRetriedAndTheTablesStillEqualTheTruth(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        // The database stops for a minute while the Leads backfill pages and the CRM keeps
        // changing; the job fails and restarts with Flink's default back-off (as in production)
        // until the database is back, then restores its last checkpoint and catches up. Slow
        // calls make sure that checkpoints completed before the database went away.
        zoho.faults().slowNextCalls(30, Duration.ofMillis(100));
        zoho.faults()
                .afterRecordsPage(
                        "Leads",
                        10,
                        () -> {
                            zoho.world().editLeads(80);
                            zoho.world().deleteLeads(20);
                            zoho.world().convertLeads(10);
                            database.postgres().close();
                            // More changes while it is down: the job reads them and holds them
                            // for the database. (They all come before the sync can be caught up,
                            // since an --until-caught-up run ends once it is.)
                            zoho.world().editDeals(30);
                            zoho.world().createLeads(15);
                            Thread restart =
                                    new Thread(
                                            () -> {
                                                sleep(Duration.ofSeconds(60));
                                                database.postgres().start();
                                            },
                                            "postgres comes back");
                            restart.start();
                        });

        JobExecutionResult result = runUntilCaughtUp(true);

        assertThat(restoredCheckpoint(flink, result).path("id").asLong(-1))
                .as("restored from a checkpoint")
                .isPositive();
        assertTablesEqualReferenceSqlAndTruth();
    }

    @Test
    void postgresDownForTenRestartsCostsNoSecondAccessTokenAndTheTablesEqualTheTruthAfterwards(
            @InjectClusterClient ClusterClient<?> flink) throws Exception {
        // Every restart builds new Zoho clients on the task manager. Zoho allows 10 tokens per
        // refresh token in 10 minutes (so does the simulator, whose clock stands still here): a
        // token per restart would lock the job out of Zoho long after the database came back.
        zoho.faults().slowNextCalls(30, Duration.ofMillis(100));
        CountDownLatch databaseDown = new CountDownLatch(1);
        zoho.faults()
                .afterRecordsPage(
                        "Leads",
                        10,
                        () -> {
                            zoho.world().editLeads(80);
                            zoho.world().deleteLeads(20);
                            database.postgres().close();
                            zoho.world().editDeals(30);
                            zoho.world().createLeads(15);
                            databaseDown.countDown();
                        });
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));

        JobClient job = pipeline(zohoSource(), conf).executeAsync("metrics");
        JobExecutionResult result;
        boolean databaseBack = false;
        try {
            databaseDown.await();
            // The database stays down until the job has restarted ten times.
            awaitMintingAtMostOneToken(() -> restarts(flink, job.getJobID()) >= 10);
            database.postgres().start();
            databaseBack = true;
            CompletableFuture<JobExecutionResult> finished = job.getJobExecutionResult();
            awaitMintingAtMostOneToken(finished::isDone);
            result = finished.get();
        } finally {
            // A failure here must not leave the next tests without a cluster slot or a database.
            if (!job.getJobStatus().get().isTerminalState()) {
                job.cancel().get();
            }
            if (databaseDown.getCount() == 0 && !databaseBack) {
                database.postgres().start();
            }
        }

        assertThat(restarts(flink, result.getJobID())).isGreaterThanOrEqualTo(10);
        assertThat(zoho.stats().tokenCalls()).as("token requests over the whole run").isEqualTo(1);
        assertTablesEqualReferenceSqlAndTruth();
    }

    /**
     * Waits for {@code condition}, failing as soon as the job asked Zoho for a second access token:
     * after ten of them the simulator, like Zoho, refuses more and the job would never finish.
     */
    private void awaitMintingAtMostOneToken(Callable<Boolean> condition) throws Exception {
        while (!condition.call()) {
            assertThat(zoho.stats().tokenCalls())
                    .as("token requests so far")
                    .isLessThanOrEqualTo(1);
            sleep(Duration.ofMillis(200));
        }
    }

    /**
     * The checkpoint the job last restored, from Flink's REST API ({@code latest.restored} of
     * {@code /jobs/:id/checkpoints}), or a missing node if it never restored one.
     */
    private static JsonNode restoredCheckpoint(ClusterClient<?> flink, JobExecutionResult result)
            throws Exception {
        return rest(flink, "/jobs/" + result.getJobID() + "/checkpoints")
                .path("latest")
                .path("restored");
    }

    /**
     * How often the job restarted: its exception history ({@code /jobs/:id/exceptions}) holds one
     * entry per failure it restarted from, up to 16.
     */
    private static int restarts(ClusterClient<?> flink, JobID job) throws Exception {
        return rest(flink, "/jobs/" + job + "/exceptions")
                .path("exceptionHistory")
                .path("entries")
                .size();
    }

    /** GETs {@code path} from Flink's REST API. */
    private static JsonNode rest(ClusterClient<?> flink, String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(flink.getWebInterfaceURL() + path))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void assertTablesEqualReferenceSqlAndTruth() throws Exception {
        try (Connection c = database.connect()) {
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

        JobID job = run(source, false).getJobID();

        try (Connection c = database.connect()) {
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
        assertThat(METRICS.count(job, "crmpulse.deadLetters")).isEqualTo(3);
        assertThat(METRICS.count(job, "crmpulse.table.dead_letters.rowsCommitted")).isEqualTo(3);
        assertThat(METRICS.count(job, "crmpulse.table.crm_leads.rowsCommitted")).isEqualTo(2);
        assertThat(METRICS.count(job, "crmpulse.table.crm_leads.deadLetters")).isZero();
    }

    /**
     * Values that the CRM accepts and JSON carries but the tables cannot hold, each in a record of
     * its own: the job runs through them without a failure (a restart would not help, since a
     * refused row would be committed again from the checkpoint), they land in dead_letters, and
     * once the CRM corrects them they reach the tables like any record. Sums far above one deal's
     * largest amount fit too.
     */
    @Test
    void hostileValuesAreDeadLettersAndOnceTheCrmCorrectsThemTheTablesEqualTheTruth()
            throws Exception {
        zoho.close();
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("empty"))
                        .seed(7)
                        .userTimeZone(ZoneId.of("America/Los_Angeles"))
                        .clock(clock)
                        .port(0)
                        .start();
        CrmWorld world = zoho.world();
        world.createLeads(60);
        world.createDeals(30);
        Rep rep = world.reps().get(0);
        BigDecimal largestish = new BigDecimal("9000000000000000");
        for (String stage : List.of("Qualification", "Qualification", "Closed Won", "Closed Won")) {
            world.createDeal("Big Accounts", stage, largestish, OrgCurrency.INR, rep);
        }
        Map<String, String> hostileLeads = new LinkedHashMap<>();
        List<String> leads = world.createLeads(5);
        hostileLeads.put(leads.get(0), "Lead_Source|\"Web\\u0000\"");
        hostileLeads.put(
                leads.get(1), "Owner|{\"name\":\"Asha\\u0000\",\"id\":\"" + rep.id() + "\"}");
        hostileLeads.put(leads.get(2), "Lead_Status|\"Contacted\\ud800\"");
        hostileLeads.put(leads.get(3), "id|\"" + leads.get(3) + "\\u0000\"");
        hostileLeads.put(leads.get(4), "Modified_Time|\"2026\\u0000\"");
        Map<String, String> hostileDeals = new LinkedHashMap<>();
        List<String> deals = world.createDeals(7);
        hostileDeals.put(deals.get(0), "Amount|1e16");
        hostileDeals.put(deals.get(1), "Amount|1e100000000");
        hostileDeals.put(deals.get(2), "Exchange_Rate|1e-7");
        hostileDeals.put(deals.get(3), "Deal_Name|\"Acme\\u0000 Corp\"");
        hostileDeals.put(deals.get(4), "Stage|\"Closed Won\\u0000\"");
        hostileDeals.put(
                deals.get(5), "Owner|{\"name\":\"Asha\\u0000\",\"id\":\"" + rep.id() + "\"}");
        hostileDeals.put(deals.get(6), "Lead_Source|\"Web\\u0000\"");
        clock.advance(Duration.ofMinutes(1));
        hostileLeads.forEach((id, raw) -> setRaw(world, "Leads", id, raw));
        hostileDeals.forEach((id, raw) -> setRaw(world, "Deals", id, raw));
        // Right after the job read the hostile versions, the CRM's users correct them.
        zoho.faults()
                .afterRecordsPage("Leads", 1, () -> correct(world, "Leads", hostileLeads.keySet()));
        zoho.faults()
                .afterRecordsPage("Deals", 1, () -> correct(world, "Deals", hostileDeals.keySet()));

        runUntilCaughtUp(false);

        try (Connection c = database.connect()) {
            assertThat(MetricRows.query(c, "SELECT id, reason FROM dead_letters ORDER BY id"))
                    .satisfiesExactlyInAnyOrder(
                            letter(leads.get(0), "Lead_Source contains a NUL character"),
                            letter(leads.get(1), "Owner.name contains a NUL character"),
                            letter(leads.get(2), "Lead_Status contains an unpaired UTF-16"),
                            letter(leads.get(3) + "\uFFFD", "id contains a NUL character"),
                            letter(leads.get(4), "Modified_Time '2026\uFFFD' is not an ISO-8601"),
                            letter(deals.get(0), "Amount must be below 10^16"),
                            letter(deals.get(1), "Amount must be below 10^16"),
                            letter(deals.get(2), "Exchange_Rate rounds to 0"),
                            letter(deals.get(3), "Deal_Name contains a NUL character"),
                            letter(deals.get(4), "Stage contains a NUL character"),
                            letter(deals.get(5), "Owner.name contains a NUL character"),
                            letter(deals.get(6), "Lead_Source contains a NUL character"));
            assertThat(
                            MetricRows.query(
                                    c,
                                    "SELECT pipeline_value, won_value FROM lead_source_quality"
                                            + " WHERE lead_source = 'Big Accounts'"))
                    .singleElement()
                    .asString()
                    .startsWith("18000000000000000.00|18000000000000000.00");
        }
        assertTablesEqualReferenceSqlAndTruth();
    }

    private static void setRaw(CrmWorld world, String module, String id, String fieldAndJson) {
        String[] parts = fieldAndJson.split("\\|", 2);
        world.setRawField(module, id, parts[0], parts[1]);
    }

    private void correct(CrmWorld world, String module, Collection<String> ids) {
        clock.advance(Duration.ofMinutes(1));
        ids.forEach(id -> world.clearRawFields(module, id));
    }

    /** A dead letter of the normalizer: {@code <module>:<record id>|<reason>}. */
    private static ThrowingConsumer<String> letter(String recordId, String reasonStart) {
        return row ->
                assertThat(row)
                        .matches("(Leads|Deals):\\Q" + recordId + "|" + reasonStart + "\\E.*");
    }

    /**
     * 01:30 on 1 November 2026 happens twice in New York (EDT, then EST): the two leads created
     * then, an hour apart, keep their own instants whatever the time zone of the JVM that writes
     * them.
     */
    @Test
    void timesInTheDstFallBackHourKeepTheirInstantsWhateverTheJvmZone() throws Exception {
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
        try {
            List<RecordChange> changes =
                    List.of(
                            lead("1", "Web", "Contacted", "2026-11-01T01:30:00-04:00"),
                            lead("2", "Web", "Contacted", "2026-11-01T01:30:00-05:00"));
            GeneratorFunction<Long, RecordChange> replay = i -> changes.get(i.intValue());

            run(
                    new DataGeneratorSource<>(
                            replay, changes.size(), TypeInformation.of(RecordChange.class)));
        } finally {
            TimeZone.setDefault(jvmZone);
        }

        List<String> stored = new ArrayList<>();
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT id, created_time FROM crm_leads ORDER BY id")) {
            while (rs.next()) {
                stored.add(
                        rs.getString(1) + "|" + rs.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
        assertThat(stored).containsExactly("1|2026-11-01T05:30:00Z", "2|2026-11-01T06:30:00Z");
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

    private JobExecutionResult runUntilCaughtUp(boolean restartOnFailure) throws Exception {
        return run(zohoSource(), restartOnFailure);
    }

    private ZohoSource zohoSource() {
        return ZohoSource.builder()
                .setModules(List.of(ZohoModule.of("Leads"), ZohoModule.of("Deals")))
                .setHttpClient(
                        ZohoClientConfig.of(zoho.baseUrl(), null),
                        ZohoCredentials.of(
                                zoho.clientId(), zoho.clientSecret(), zoho.refreshToken()))
                .setBounded(true)
                .build();
    }

    private void run(Source<RecordChange, ?, ?> source) throws Exception {
        run(source, false);
    }

    /**
     * @param restartOnFailure restart as the job does in production (Flink's default with
     *     checkpointing: exponential back-off, forever); otherwise a failure fails the test
     */
    private JobExecutionResult run(Source<RecordChange, ?, ?> source, boolean restartOnFailure)
            throws Exception {
        Configuration conf = new Configuration();
        if (!restartOnFailure) {
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        }
        return pipeline(source, conf).execute("metrics");
    }

    /** The job over {@code source}, checkpointing every 500 ms, configured by {@code conf}. */
    private StreamExecutionEnvironment pipeline(
            Source<RecordChange, ?, ?> source, Configuration conf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        new CrmPulsePipeline(
                        source,
                        PulseSettings.defaults(),
                        ZONE,
                        sinkOptions(),
                        new DiscardingSink<>(),
                        DisplayFormat.parse("INR"),
                        DashboardLinks.NONE)
                .build(env);
        return env;
    }

    private static Map<String, String> sinkOptions() {
        return MetricsTables.sinkOptions(database.settings());
    }

    /** The simulator of the running test, for the failing client to change the CRM. */
    private static volatile ZohoSimulator running;

    /** Makes {@link FailingClient}s on the task manager (the factory must be serializable). */
    private record FailingClientFactory(
            String url, String clientId, String clientSecret, String refreshToken)
            implements ZohoClientFactory {
        @Override
        public ZohoCrmClient create(ZohoCallListener listener) {
            return new FailingClient(
                    new HttpZohoCrmClient(
                            ZohoClientConfig.of(url, null),
                            ZohoCredentials.of(clientId, clientSecret, refreshToken),
                            Clock.systemUTC(),
                            listener));
        }
    }

    /**
     * The real client, except that its 20th Leads page fails once with an exception the job does
     * not expect, right after the CRM changed.
     */
    private static final class FailingClient implements ZohoCrmClient {
        static final AtomicInteger LEADS_PAGES = new AtomicInteger();
        static volatile boolean FAILED;

        private final ZohoCrmClient delegate;

        FailingClient(ZohoCrmClient delegate) {
            this.delegate = delegate;
        }

        static void reset() {
            LEADS_PAGES.set(0);
            FAILED = false;
        }

        @Override
        public RecordsPage getRecords(RecordsRequest request) {
            if (request.module().equals("Leads")
                    && LEADS_PAGES.incrementAndGet() == 20
                    && !FAILED) {
                FAILED = true;
                running.world().editLeads(60);
                running.world().deleteLeads(15);
                running.world().convertLeads(8);
                running.world().editDeals(20);
                running.world().deleteDeals(5);
                throw new IllegalStateException("Injected failure in the middle of the stream");
            }
            return delegate.getRecords(request);
        }

        @Override
        public DeletedPage getDeletedRecords(DeletedRequest request) {
            return delegate.getDeletedRecords(request);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
