package io.crmpulse.job.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.DealPipeline;
import io.crmpulse.simulator.world.OrgCurrency;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.source.ZohoSource;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sql/flink/sql-client-init.sql}, as the Flink SQL client runs it: its statements through a
 * {@link TableEnvironment}, against a database that the whole job filled from the Zoho simulator,
 * then the README's two queries, whose rows must equal the same queries over JDBC as {@code
 * pulse_reader}.
 */
class SqlClientInitITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    /**
     * Noon in the business zone when the class loads, so that the alert and today's leads share a
     * business day.
     */
    private static final ZoneId ZONE = zoneAtNoon(Instant.now());

    private static final String READER_PASSWORD = "reader-s3cret";

    /** The README's queries, as typed into the SQL client. */
    static final String LEAD_SOURCE_QUALITY = "SELECT * FROM lead_source_quality";

    static final String ALERTS_WITH_THEIR_DAY =
            "SELECT s.`day`, a.rule, a.severity, a.subject, s.lead_source, s.leads_created,"
                    + " s.junk_leads\n"
                    + "FROM alerts AS a\n"
                    + "JOIN daily_source_stats AS s ON s.`day` = CAST(a.fired_at AS DATE)";

    @TempDir static Path stateDir;
    private static TestDatabase database;

    @BeforeAll
    static void startPostgres() throws Exception {
        database = TestDatabase.start(stateDir, ZONE);
        database.execute("ALTER ROLE pulse_reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
    }

    @AfterAll
    static void stopPostgres() {
        database.close();
    }

    @Test
    void theInitScriptReadsTheTablesTheJobFilledAsThePulseReaderSees() throws Exception {
        // The JDBC connector reads a timestamptz as wall-clock time in the TaskManager's zone;
        // the MiniCluster's is this JVM's, here the business zone.
        TimeZone jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone(ZONE));
        try {
            fillTheTablesWithTheJobAndQueryThem();
        } finally {
            TimeZone.setDefault(jvmZone);
        }
    }

    private void fillTheTablesWithTheJobAndQueryThem() throws Exception {
        fillTheTablesWithTheJob();

        TableEnvironment sqlClient = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        for (String statement :
                FlinkSqlScript.load("sql-client-init.sql").statements(placeholders())) {
            run(sqlClient, statement);
        }

        assertThat(rows(sqlClient.executeSql("SHOW TABLES")))
                .as("the catalog's tables are those pulse_reader may read")
                .containsExactlyInAnyOrder(
                        "alerts",
                        "daily_source_stats",
                        "lead_source_quality",
                        "public.ai_summaries",
                        "public.alerts",
                        "public.daily_rep_stats",
                        "public.daily_source_stats",
                        "public.deal_stage_events",
                        "public.lead_source_quality",
                        "public.rep_pipeline",
                        "public.sync_state");

        List<String> sources = rows(sqlClient.executeSql(LEAD_SOURCE_QUALITY));
        assertThat(sources).hasSizeGreaterThan(5);
        assertThat(sources)
                .as("lead_source_quality in the SQL client vs psql as pulse_reader")
                .containsExactlyInAnyOrderElementsOf(
                        readerRows("SELECT * FROM lead_source_quality"));

        List<String> alertDays = rows(sqlClient.executeSql(ALERTS_WITH_THEIR_DAY));
        assertThat(alertDays)
                .as("the big deal lost, next to its day's leads of each source")
                .isNotEmpty()
                .allMatch(row -> row.contains("R4_BIG_DEAL_LOST, critical, deal:"));
        assertThat(alertDays)
                .as(
                        "alerts joined with daily_source_stats in the SQL client vs psql as pulse_reader")
                .containsExactlyInAnyOrderElementsOf(
                        readerRows(
                                "SELECT s.day, a.rule, a.severity, a.subject, s.lead_source,"
                                        + " s.leads_created, s.junk_leads"
                                        + " FROM alerts AS a JOIN daily_source_stats AS s"
                                        + " ON s.day = (a.fired_at AT TIME ZONE INTERVAL '"
                                        + ZONE.getRules().getOffset(Instant.now()).getTotalSeconds()
                                        + " seconds')::date"));
    }

    /**
     * Runs the job until caught up with a backfill in which a big open deal, already read, is lost:
     * the metrics tables fill and R4 writes one alert.
     */
    private static void fillTheTablesWithTheJob() throws Exception {
        SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (ZohoSimulator zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(12)
                        .userTimeZone(ZONE)
                        .clock(clock)
                        .port(0)
                        .start()) {
            // Older than the scenario's 90 days of history, so the first page of deals has it.
            AtomicReference<String> bigDeal = new AtomicReference<>();
            zoho.world()
                    .writeHistory(
                            clock.instant().minus(Duration.ofDays(100)),
                            world ->
                                    bigDeal.set(
                                            world.createDeal(
                                                    "Big Accounts",
                                                    DealPipeline.NEGOTIATION,
                                                    new BigDecimal("900000000.00"),
                                                    OrgCurrency.INR,
                                                    world.reps().get(0))));
            zoho.world().createLeads(5);
            zoho.faults()
                    .afterRecordsPage(
                            "Deals",
                            1,
                            () ->
                                    zoho.world()
                                            .moveDealStage(
                                                    bigDeal.get(), DealPipeline.CLOSED_LOST));

            Configuration conf = new Configuration();
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(conf);
            env.setParallelism(2);
            env.enableCheckpointing(500);
            new CrmPulsePipeline(
                            ZohoSource.builder()
                                    .setModules(
                                            List.of(ZohoModule.of("Leads"), ZohoModule.of("Deals")))
                                    .setHttpClient(
                                            ZohoClientConfig.of(zoho.baseUrl(), null),
                                            ZohoCredentials.of(
                                                    zoho.clientId(),
                                                    zoho.clientSecret(),
                                                    zoho.refreshToken()))
                                    .setBounded(true)
                                    .build(),
                            PulseSettings.defaults(),
                            ZONE,
                            MetricsTables.sinkOptions(database.settings()),
                            new DiscardingSink<>(),
                            DisplayFormat.parse("INR"),
                            DashboardLinks.NONE)
                    .build(env);
            env.execute("sql client fill");
        }
    }

    /**
     * Runs {@code statement} as the SQL client does: a {@code SET} (which a TableEnvironment does
     * not execute) goes into the session's configuration, anything else is executed.
     */
    private static void run(TableEnvironment sqlClient, String statement) {
        Operation operation =
                ((TableEnvironmentInternal) sqlClient).getParser().parse(statement).get(0);
        if (operation instanceof SetOperation set) {
            sqlClient.getConfig().set(set.getKey().orElseThrow(), set.getValue().orElseThrow());
        } else {
            sqlClient.executeSql(statement);
        }
    }

    /** What the README's envsubst takes from the environment. */
    private static Map<String, String> placeholders() {
        String url = database.settings().url();
        int slash = url.lastIndexOf('/');
        return Map.of(
                "PULSE_READER_BASE_URL", url.substring(0, slash),
                "PULSE_READER_DATABASE", url.substring(slash + 1),
                "PULSE_READER_PASSWORD", READER_PASSWORD);
    }

    private static List<String> rows(TableResult result) throws Exception {
        List<String> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row row = it.next();
                List<String> fields = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) {
                    fields.add(String.valueOf(row.getField(i)));
                }
                rows.add(String.join(", ", fields));
            }
        }
        return rows;
    }

    /** The rows of {@code sql} read over JDBC as pulse_reader, formatted as {@link #rows}. */
    private static List<String> readerRows(String sql) throws SQLException {
        try (Connection c =
                        DriverManager.getConnection(
                                database.settings().url(), "pulse_reader", READER_PASSWORD);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> fields = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    fields.add(
                            value instanceof Timestamp t
                                    ? t.toLocalDateTime().toString()
                                    : value instanceof java.sql.Date d
                                            ? d.toLocalDate().toString()
                                            : String.valueOf(value));
                }
                rows.add(String.join(", ", fields));
            }
            return rows;
        }
    }

    /** The whole-hour offset at which {@code now} is between 11:00 and 12:59. */
    private static ZoneId zoneAtNoon(Instant now) {
        int hour = LocalTime.ofInstant(now, ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(12 - hour + 11, 24) - 11;
        return offset == 0 ? ZoneId.of("UTC") : ZoneOffset.ofHours(offset);
    }
}
