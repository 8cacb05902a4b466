package io.crmpulse.job.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.TestJob;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.config.RepositoryFiles;
import io.crmpulse.job.config.SummarySettings;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.job.model.Alert;
import io.crmpulse.job.summary.DailySummaryStage;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.DemoTimings;
import io.crmpulse.simulator.scenario.Scenario;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana files under {@code deploy/grafana}: the job runs once against the Zoho simulator's
 * demo (its lost big deal moved to 20 s in, the daily summary due 90 s in, after the job caught up
 * on a busy machine, Ollama out of reach so the template stands in) until the summary is written,
 * then every panel's SQL, read out of the dashboard JSON with Grafana's macros expanded for the
 * dashboard's default time range, runs as {@code pulse_reader} and returns rows. The provisioned
 * data source is the one the panels name.
 */
class GrafanaDashboardsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    /** Noon in the business zone, so that "today" cannot end during the test. */
    private static final ZoneOffset ZONE = TestDatabase.zoneAtNoon(Instant.now());

    private static final long SECONDS_TO_SUMMARY = 90;
    private static final String READER_PASSWORD = "grafana-reader";
    private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\d+)([mhd]))?");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path stateDir;
    private static TestDatabase database;
    private static Instant caughtUpAt;

    @BeforeAll
    static void runTheJobUntilTheDailySummaryIsWritten() throws Exception {
        database = TestDatabase.start(stateDir, ZONE);
        database.execute("ALTER ROLE pulse_reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
        Instant start = Instant.now();
        try (ZohoSimulator zoho =
                ZohoSimulator.builder()
                        .scenario(
                                Scenario.demo(
                                        DemoTimings.DEFAULTS.withBigDealLostAt(
                                                Duration.ofSeconds(20))))
                        .userTimeZone(ZONE)
                        .port(0)
                        .start()) {
            JobClient job = startJob(zoho, start);
            try {
                awaitUntil(
                        job,
                        start.plusSeconds(SECONDS_TO_SUMMARY + 120),
                        "SELECT count(*) > 0 FROM ai_summaries"
                                + " WHERE EXISTS (SELECT FROM alerts WHERE rule = '"
                                + Alert.R4_BIG_DEAL_LOST
                                + "')");
            } finally {
                job.cancel().get();
            }
        }
        caughtUpAt = Instant.now();
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void everyPanelsSqlRunsAsTheReaderAndReturnsRows() throws Exception {
        Map<String, String> panels = panelSql();
        assertThat(panels)
                .containsKeys(
                        "Source quality, last 7 days",
                        "Source quality, last 30 days",
                        "Rep leaderboard",
                        "Leads per day",
                        "Deals won per day",
                        "Alerts today",
                        "Alerts this week",
                        "Data freshness",
                        "Latest daily summary: verdict",
                        "Latest daily summary");
        try (Connection reader = connectAsReader();
                Statement s = reader.createStatement()) {
            for (Map.Entry<String, String> panel : panels.entrySet()) {
                assertThat(table(s, panel.getValue()))
                        .as("rows of panel %s:%n%s", panel.getKey(), panel.getValue())
                        .isNotEmpty();
            }
        }
    }

    @Test
    void thePanelsShowWhatTheTablesHold() throws Exception {
        Map<String, String> panels = panelSql();
        try (Connection reader = connectAsReader();
                Statement s = reader.createStatement()) {
            assertThat(column(s, panels.get("Rep leaderboard"), "owner_id").get(0))
                    .as("the leaderboard's top rep")
                    .isEqualTo(
                            database.rows(
                                            "SELECT owner_id FROM rep_pipeline"
                                                    + " ORDER BY won_value DESC, owner_name,"
                                                    + " owner_id LIMIT 1")
                                    .get(0));
            assertThat(sum(column(s, panels.get("Source quality, last 7 days"), "leads")))
                    .as("leads of the 7 business days up to the newest")
                    .isEqualTo(
                            Long.parseLong(
                                    database.rows(
                                                    "SELECT count(*) FROM crm_leads WHERE"
                                                            + " cohort_day > (SELECT"
                                                            + " max(cohort_day) - 7 FROM"
                                                            + " crm_leads)")
                                            .get(0)));
            JsonNode range = dashboard().path("time");
            assertThat(sum(column(s, panels.get("Leads per day"), "leads created")))
                    .as("leads whose cohort day begins in the dashboard's time range")
                    .isEqualTo(
                            Long.parseLong(
                                    database.rows(
                                                    "SELECT count(*) FROM crm_leads WHERE"
                                                            + " cohort_day::timestamp AT TIME ZONE"
                                                            + " coalesce(nullif(current_setting("
                                                            + "'pulse.timezone', true), ''),"
                                                            + " current_setting('TimeZone'))"
                                                            + " BETWEEN '"
                                                            + instant(range.path("from").asText())
                                                            + "' AND '"
                                                            + instant(range.path("to").asText())
                                                            + "'")
                                            .get(0)));
            assertThat(column(s, panels.get("Alerts today"), "rule"))
                    .contains(Alert.R4_BIG_DEAL_LOST);
            assertThat(column(s, panels.get("Alerts this week"), "rule"))
                    .contains(Alert.R4_BIG_DEAL_LOST);
            assertThat(column(s, panels.get("Data freshness"), "module"))
                    .containsExactly("Deals", "Leads");
            assertThat(column(s, panels.get("Data freshness"), "status")).containsOnly("fresh");
            assertThat(column(s, panels.get("Latest daily summary: verdict"), "verdict"))
                    .containsExactly("fallback");
            assertThat(column(s, panels.get("Latest daily summary"), "dashboard_report"))
                    .singleElement()
                    .isEqualTo(database.rows("SELECT dashboard_report FROM ai_summaries").get(0));
        }
    }

    @Test
    void theProvisionedDataSourceIsThePanelsAndReadsAsPulseReader() throws Exception {
        JsonNode provisioning =
                new YAMLMapper()
                        .readTree(
                                RepositoryFiles.find(
                                                "deploy/grafana/provisioning/datasources/crm-pulse.yaml")
                                        .toFile());
        assertThat(provisioning.path("apiVersion").asInt()).isEqualTo(1);
        JsonNode source = provisioning.path("datasources").get(0);
        assertThat(source.path("type").asText()).isEqualTo("grafana-postgresql-datasource");
        assertThat(source.path("user").asText()).isEqualTo("pulse_reader");
        assertThat(source.path("secureJsonData").path("password").asText())
                .isEqualTo("$PULSE_READER_PASSWORD");

        List<JsonNode> references = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            references.add(panel.path("datasource"));
            panel.path("targets").forEach(t -> references.add(t.path("datasource")));
        }
        assertThat(references)
                .isNotEmpty()
                .allSatisfy(
                        ref -> {
                            assertThat(ref.path("uid").asText())
                                    .isEqualTo(source.path("uid").asText());
                            assertThat(ref.path("type").asText())
                                    .isEqualTo(source.path("type").asText());
                        });

        JsonNode provider =
                new YAMLMapper()
                        .readTree(
                                RepositoryFiles.find(
                                                "deploy/grafana/provisioning/dashboards/crm-pulse.yaml")
                                        .toFile());
        assertThat(provider.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(provider.path("providers").get(0).path("type").asText()).isEqualTo("file");
        assertThat(provider.path("providers").get(0).path("options").path("path").asText())
                .isEqualTo("/var/lib/grafana/dashboards/crm-pulse");
    }

    // ------------------------------------------------------------------------------ the files

    private static JsonNode dashboard() throws Exception {
        return JSON.readTree(
                RepositoryFiles.find("deploy/grafana/dashboards/crm-pulse.json").toFile());
    }

    /**
     * Every panel's SQL by panel title, its macros expanded for the dashboard's default time range
     * ending when the job was stopped.
     */
    private static Map<String, String> panelSql() throws Exception {
        JsonNode dashboard = dashboard();
        GrafanaMacros macros =
                new GrafanaMacros(
                        instant(dashboard.path("time").path("from").asText()),
                        instant(dashboard.path("time").path("to").asText()));
        Map<String, String> sql = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets")).as(panel.path("title").asText()).hasSize(1);
            JsonNode target = panel.path("targets").get(0);
            assertThat(target.path("rawQuery").asBoolean()).isTrue();
            String expanded = macros.expand(target.path("rawSql").asText());
            assertThat(expanded).as("a variable or macro left in %s", expanded).doesNotContain("$");
            sql.put(panel.path("title").asText(), expanded);
        }
        return sql;
    }

    /** A time of the dashboard's range: {@code now} or {@code now-<n><m|h|d>}. */
    private static Instant instant(String grafanaTime) {
        Matcher m = RELATIVE.matcher(grafanaTime);
        assertThat(m.matches()).as("a time range this test reads: %s", grafanaTime).isTrue();
        Instant now = caughtUpAt.truncatedTo(ChronoUnit.SECONDS);
        if (m.group(1) == null) {
            return now;
        }
        ChronoUnit unit =
                switch (m.group(2)) {
                    case "m" -> ChronoUnit.MINUTES;
                    case "h" -> ChronoUnit.HOURS;
                    default -> ChronoUnit.DAYS;
                };
        return now.minus(Long.parseLong(m.group(1)), unit);
    }

    // ------------------------------------------------------------------------------ the run

    private static JobClient startJob(ZohoSimulator zoho, Instant start) throws Exception {
        PulseSettings settings = PulseSettings.defaults();
        LocalTime summaryTime =
                LocalTime.ofInstant(start, ZONE)
                        .plusSeconds(SECONDS_TO_SUMMARY)
                        .truncatedTo(ChronoUnit.SECONDS);
        // No Ollama listens there: the summary is the template's, its verdict fallback.
        URI noOllama = URI.create("http://127.0.0.1:" + TestDatabase.freePort());
        DailySummaryStage summary =
                DailySummaryStage.of(
                                new SummarySettings(summaryTime, noOllama, "llama3.2:1b"),
                                database.settings())
                        .withReadTimeout(Duration.ofSeconds(5));
        return TestJob.start(
                new CrmPulsePipeline(
                                TestJob.source(zoho, settings, Duration.ofSeconds(2)),
                                settings,
                                ZONE,
                                MetricsTables.sinkOptions(database.settings()),
                                new DiscardingSink<>(),
                                DisplayFormat.parse("INR"),
                                DashboardLinks.NONE)
                        .withDailySummary(summary),
                TestJob.noRestarts(),
                "grafana dashboards");
    }

    private static void awaitUntil(JobClient job, Instant deadline, String condition)
            throws Exception {
        while (!database.rows(condition).equals(List.of("t"))) {
            assertThat(Instant.now())
                    .as(
                            "waiting for %s; alerts: %s; summaries: %s",
                            condition,
                            database.rows("SELECT alert_id FROM alerts"),
                            database.rows("SELECT day || ' ' || status FROM ai_summaries"))
                    .isBefore(deadline);
            assertThat(job.getJobStatus().get().isGloballyTerminalState())
                    .as("the job ended: %s", job.getJobStatus().get())
                    .isFalse();
            Thread.sleep(250);
        }
    }

    // ------------------------------------------------------------------------------ SQL

    private static Connection connectAsReader() throws SQLException {
        return DriverManager.getConnection(
                database.settings().url(), "pulse_reader", READER_PASSWORD);
    }

    /** The rows of {@code sql}, each a map of column label to value. */
    private static List<Map<String, Object>> table(Statement s, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** One column of {@code sql}'s rows, as strings. */
    private static List<String> column(Statement s, String sql, String label) throws SQLException {
        List<Map<String, Object>> rows = table(s, sql);
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(r).containsKey(label));
        return rows.stream().map(r -> String.valueOf(r.get(label))).toList();
    }

    private static long sum(List<String> values) {
        return values.stream().mapToLong(v -> new java.math.BigDecimal(v).longValueExact()).sum();
    }
}
