package io.crmpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.summary.DailyNumbers;
import io.crmpulse.job.summary.DailyNumbersQuery;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API against a real (embedded) PostgreSQL whose tables were filled with SQL, read by the
 * server as pulse_reader: each endpoint's JSON equals the SQL of its table or view run by the test,
 * and holds the numbers the rows were made with.
 */
class DashboardApiITCase {

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final String READER_PASSWORD = "reader-pw";
    private static final String TOKEN = "a-long-random-token-of-42-characters-here";
    private static final DisplayFormat FORMAT = DisplayFormat.parse("INR");
    private static final String R1_TODAY = "R1_JUNK_SPIKE/source:Web/today/warning";
    private static final String R2_TODAY = "R2_VOLUME_DROP/total/today/warning";
    private static final String R5_TODAY = "R5_UNTOUCHED_LEADS/owner:o2/today/critical";

    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir static Path stateDir;
    private static TestDatabase database;
    private static DashboardServer server;
    private static DashboardServer guarded;
    private static LocalDate today;

    @BeforeAll
    static void fill() throws Exception {
        database = TestDatabase.start(stateDir, ZONE);
        database.execute("ALTER ROLE pulse_reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
        today = LocalDate.now(ZONE);

        // Leads of the last days: the 7-day window ends at the newest cohort day (today).
        lead("l1", "Web", "junk", today);
        lead("l2", "Web", "converted", today);
        lead("l3", "Web", "untouched", today.minusDays(3));
        lead("l4", "Web", "junk", today.minusDays(20));
        lead("l5", "Partner", "contacted", today.minusDays(1));
        lead("l6", "Partner", "converted", today.minusDays(10));
        lead("l7", "Referral", "junk", today.minusDays(40));
        database.execute(
                "INSERT INTO crm_deals (id, stage, stage_class, amount, exchange_rate, amount_home,"
                        + " probability, owner_id, owner_name, lead_source, created_time,"
                        + " modified_time, won_at, won_day) VALUES ('d1', 'Closed Won', 'won',"
                        + " 120000.50, 1, 120000.50, 100, 'o1', 'Priya Sharma', 'Partner', now(),"
                        + " now(), now(), DATE '"
                        + today.minusDays(2)
                        + "')");

        // Today's cohort and the week before, as the job's daily buckets hold them.
        source(today, "Web", 2, 1, 1, 0, "0");
        source(today, "Partner", 3, 0, 0, 1, "120000.50");
        source(today.minusDays(1), "Partner", 10, 5, 1, 0, "0");
        sourceMatrix("Web", 4, "1000000.40");
        sourceMatrix("Partner", 2, "250000.00");

        rep("o1", "Priya Sharma", 3, "120000.50");
        rep("o2", "Arjun Rao", 5, "0");
        rep("o3", "Meera Iyer", 0, "120000.50");

        // Alerts: one today, one three days ago (this week), one ten days ago (neither).
        alert("R1_JUNK_SPIKE/source:Web/today/warning", "R1_JUNK_SPIKE", "now()");
        alert(
                "R3_SOURCE_SILENT/source:Partner/x/warning",
                "R3_SOURCE_SILENT",
                "now() - interval '3 days'");
        alert("R2_VOLUME_DROP/total/y/warning", "R2_VOLUME_DROP", "now() - interval '10 days'");
        // R2's expected count is a mean of past days; R5's are counts of leads.
        alert(R2_TODAY, "R2_VOLUME_DROP", "now()", "9", "16.5");
        alert(R5_TODAY, "R5_UNTOUCHED_LEADS", "now()", "1200", "10");
        notification("R1_JUNK_SPIKE/source:Web/today/warning", "+919812345678", "sent");
        notification("R1_JUNK_SPIKE/source:Web/today/warning", "+14155550123", "capped");

        database.execute(
                "INSERT INTO sync_state (module, cursor, records_synced, api_calls,"
                        + " last_successful_poll, lag_seconds) VALUES"
                        + " ('Leads', now(), 7, 3, now() - interval '1 minute', 12.5),"
                        + " ('Deals', now(), 1, 2, now() - interval '1 hour', 3600)");

        summary(today.minusDays(2), "fallback", "1100000.00", false);
        summary(today.minusDays(1), "grounded", "1300000.00", true);

        JdbcSettings reader =
                new JdbcSettings(database.settings().url(), "pulse_reader", READER_PASSWORD);
        server =
                DashboardServer.start(
                        new DashboardSettings(
                                "127.0.0.1", 0, Optional.empty(), reader, ZONE, FORMAT));
        guarded =
                DashboardServer.start(
                        new DashboardSettings(
                                "127.0.0.1", 0, Optional.of(TOKEN), reader, ZONE, FORMAT));
    }

    @AfterAll
    static void stop() {
        if (guarded != null) {
            guarded.close();
        }
        if (server != null) {
            server.close();
        }
        database.close();
    }

    @Test
    void sourcesEqualTheSourceQualityViewOfEachWindow() throws Exception {
        JsonNode week = get("/api/v1/sources?window=7");
        assertThat(week.path("window_days").asInt()).isEqualTo(7);
        assertSameJson(
                week.path("sources"),
                sql("SELECT * FROM v_source_quality_7d ORDER BY leads DESC, lead_source"));
        // Web: l1, l2, l3 in the window (l4 is 20 days old); Partner: l5, and d1 won.
        JsonNode web = week.path("sources").get(0);
        assertThat(web.path("lead_source").asText()).isEqualTo("Web");
        assertThat(web.path("leads").asLong()).isEqualTo(3);
        assertThat(web.path("junk_rate").decimalValue()).isEqualTo(new BigDecimal("0.3333"));
        JsonNode partner = week.path("sources").get(1);
        assertThat(partner.path("won_value").decimalValue()).isEqualTo(new BigDecimal("120000.50"));
        assertDisplays(week.path("sources"));
        assertThat(web.path("display").path("junk_rate").asText()).isEqualTo("33%");
        assertThat(partner.path("display").path("won_value").asText()).isEqualTo("₹1,20,001");
        assertThat(partner.path("display").path("junk_rate").isNull())
                .as("Partner's one lead in the week is contacted: a rate, 0%%")
                .isFalse();

        JsonNode month = get("/api/v1/sources?window=30");
        assertSameJson(
                month.path("sources"),
                sql("SELECT * FROM v_source_quality_30d ORDER BY leads DESC, lead_source"));
        assertThat(month.path("sources"))
                .extracting(s -> s.path("lead_source").asText() + " " + s.path("leads").asLong())
                .containsExactly("Web 4", "Partner 2");
        assertDisplays(month.path("sources"));
        assertThat(get("/api/v1/sources").path("window_days").asInt())
                .as("7 days when no window is asked for")
                .isEqualTo(7);
    }

    @Test
    void repsEqualTheLeaderboard() throws Exception {
        JsonNode reps = get("/api/v1/reps").path("reps");
        assertSameJson(reps, sql("SELECT * FROM v_rep_leaderboard"));
        assertThat(reps)
                .extracting(
                        r ->
                                r.path("rank").asLong()
                                        + " "
                                        + r.path("owner_name").asText()
                                        + " "
                                        + r.path("untouched_leads").asLong())
                .containsExactly("1 Meera Iyer 0", "1 Priya Sharma 3", "3 Arjun Rao 5");
        assertDisplays(reps);
        assertThat(reps.get(0).path("display").path("won_value").asText()).isEqualTo("₹1,20,001");
    }

    @Test
    void alertsOfTodayAndOfTheWeekWithTheirDelivery() throws Exception {
        JsonNode todays = get("/api/v1/alerts?range=today");
        assertThat(todays.path("range").asText()).isEqualTo("today");
        assertThat(todays.path("alerts"))
                .extracting(a -> a.path("alert_id").asText())
                .containsExactlyElementsOf(database.rows("SELECT alert_id FROM v_alerts_today"));
        JsonNode alert = byId(todays.path("alerts"), R1_TODAY);
        assertSameJson(
                strip(strip(strip(alert, "delivery"), "display"), "rule_name"),
                sql("SELECT alert_id, rule, subject, severity, observed, expected,"
                                + " message, fired_at, window_start, window_end, n, test,"
                                + " details FROM alerts WHERE alert_id = '"
                                + alert.path("alert_id").asText()
                                + "'")
                        .get(0));
        // The delivery counts have their texts too; the rule its name in words.
        assertThat(alert.path("delivery").toString())
                .isEqualTo(
                        "{\"sent\":1,\"capped\":1,\"display\":{\"sent\":\"1\",\"capped\":\"1\"}}");
        assertThat(alert.path("rule_name").asText()).isEqualTo("Junk spike");
        // R1's observed and expected are junk rates.
        assertThat(alert.path("display").toString())
                .isEqualTo("{\"observed\":\"45%\",\"expected\":\"19%\",\"n\":\"34\"}");

        // R2's expected count is a mean, with its decimal; R5's counts are grouped.
        assertThat(byId(todays.path("alerts"), R2_TODAY).path("display").toString())
                .isEqualTo("{\"observed\":\"9\",\"expected\":\"16.5\",\"n\":\"34\"}");
        assertThat(byId(todays.path("alerts"), R5_TODAY).path("display").toString())
                .isEqualTo("{\"observed\":\"1,200\",\"expected\":\"10\",\"n\":\"34\"}");
        assertDisplays(todays.path("alerts"));

        JsonNode week = get("/api/v1/alerts?range=week").path("alerts");
        assertThat(week)
                .as("newest first")
                .extracting(a -> a.path("rule").asText())
                .containsExactly(
                        "R5_UNTOUCHED_LEADS",
                        "R2_VOLUME_DROP",
                        "R1_JUNK_SPIKE",
                        "R3_SOURCE_SILENT");
        assertThat(week)
                .extracting(a -> a.path("rule_name").asText())
                .containsExactly(
                        "Speed-to-lead", "Lead volume drop", "Junk spike", "Source silent");
        assertThat(week.get(3).path("delivery").toString()).isEqualTo("{\"display\":{}}");
        assertDisplays(week);
        assertThat(get("/api/v1/alerts").path("range").asText()).isEqualTo("today");
    }

    @Test
    void freshnessEqualsTheViewAndSaysStale() throws Exception {
        JsonNode freshness = get("/api/v1/freshness");
        // The view counts the seconds since the last poll up to its now(), which for the API was
        // as_of and for this test's query a moment later (a second boundary may lie between).
        List<JsonNode> view =
                sql(
                        "SELECT f.*, round(extract(epoch FROM TIMESTAMPTZ '"
                                + freshness.path("as_of").asText()
                                + "' - f.last_successful_poll))::bigint AS at_as_of FROM v_freshness f");
        for (JsonNode row : view) {
            ObjectNode module = (ObjectNode) row;
            module.set("seconds_since_last_poll", module.remove("at_as_of"));
        }
        assertSameJson(freshness.path("modules"), view);
        assertThat(freshness.path("modules"))
                .extracting(m -> m.path("module").asText() + " " + m.path("status").asText())
                .containsExactly("Deals stale", "Leads fresh");
        assertDisplays(freshness.path("modules"));
        assertThat(freshness.path("modules").get(0).path("display").path("lag_seconds").asText())
                .isEqualTo("3600");
        assertThat(freshness.path("stale").asBoolean()).isTrue();
    }

    @Test
    void summaryIsTheLatestDay() throws Exception {
        JsonNode summary = get("/api/v1/summary").path("summary");
        assertSameJson(
                summary,
                sql("SELECT day, status, dashboard_report, whatsapp_report, facts,"
                                + " dashboard_marks AS marks, model, created_at FROM ai_summaries"
                                + " WHERE day = DATE '"
                                + today.minusDays(1)
                                + "'")
                        .get(0));
        assertThat(summary.path("status").asText()).isEqualTo("grounded");
        assertThat(summary.path("facts").path("facts").get(0).path("value").decimalValue())
                .isEqualTo(new BigDecimal("1300000.00"));
        // The page slices the report with each mark and finds the fact's display text.
        String report = summary.path("dashboard_report").asText();
        assertThat(summary.path("marks")).hasSize(1);
        JsonNode mark = summary.path("marks").get(0);
        assertThat(mark.path("fact").asText()).isEqualTo("open_pipeline");
        assertThat(report.substring(mark.path("start").asInt(), mark.path("end").asInt()))
                .isEqualTo(FORMAT.money(new BigDecimal("1300000.00")))
                .isEqualTo(summary.path("facts").path("facts").get(0).path("display").asText());
    }

    @Test
    void aSummaryWrittenBeforeMarksWereKeptHasNone() throws Exception {
        assertThat(
                        sql("SELECT dashboard_marks FROM ai_summaries WHERE day = DATE '"
                                        + today.minusDays(2)
                                        + "'")
                                .get(0)
                                .path("dashboard_marks")
                                .isNull())
                .isTrue();
    }

    @Test
    void todayHasTheDailySummarysNumbers() throws Exception {
        JsonNode cards = get("/api/v1/today");
        LocalDate day = LocalDate.ofInstant(Instant.parse(cards.path("as_of").asText()), ZONE);
        DailyNumbers n;
        try (Connection c = database.connect()) {
            n = new DailyNumbersQuery(ZONE).numbers(c, day);
        }
        assertThat(cards.path("day").asText()).isEqualTo(n.day().toString());
        assertThat(cards.path("leads").asLong()).isEqualTo(n.leadsCreated()).isEqualTo(5);
        assertThat(cards.path("junk_rate").decimalValue())
                .isEqualTo(n.junkRateToday())
                .isEqualTo(new BigDecimal("0.2000"));
        assertThat(cards.path("junk_rate_7d_avg").decimalValue())
                .isEqualTo(n.junkRate7dAvg())
                .isEqualTo(new BigDecimal("0.5000"));
        assertThat(cards.path("conversion_rate").decimalValue()).isEqualTo(n.conversionRateToday());
        assertThat(cards.path("conversion_rate_7d_avg").decimalValue())
                .isEqualTo(n.conversionRate7dAvg());
        assertThat(cards.path("deals_won").asLong()).isEqualTo(n.dealsWon()).isEqualTo(1);
        assertThat(cards.path("won_value").decimalValue())
                .isEqualTo(n.wonValue())
                .isEqualByComparingTo("120000.50");
        assertThat(cards.path("open_pipeline").decimalValue())
                .isEqualTo(n.openPipeline())
                .isEqualByComparingTo("1250000.40");
        assertThat(cards.path("open_pipeline_yesterday").decimalValue())
                .isEqualTo(n.openPipelineYesterday())
                .isEqualByComparingTo("1300000.00");
        assertThat(cards.path("top_sources"))
                .extracting(s -> s.path("lead_source").asText() + " " + s.path("leads").asLong())
                .containsExactly("Partner 3", "Web 2");

        assertThat(cards.path("currency").asText()).isEqualTo("INR");
        JsonNode display = cards.path("display");
        assertThat(display.path("won_value").asText()).isEqualTo("₹1,20,001");
        assertThat(display.path("open_pipeline").asText()).isEqualTo("₹12,50,000");
        assertThat(display.path("open_pipeline_yesterday").asText()).isEqualTo("₹13,00,000");
        assertThat(display.path("junk_rate").asText()).isEqualTo("20%");
        assertThat(display.path("junk_rate_7d_avg").asText()).isEqualTo("50%");
        assertThat(display.path("leads").asText()).isEqualTo("5");
        // The pipeline's change since yesterday's summary: 12,50,000.40 - 13,00,000.00.
        assertThat(cards.path("open_pipeline_change").decimalValue())
                .isEqualTo(n.openPipeline().subtract(n.openPipelineYesterday()))
                .isEqualTo(new BigDecimal("-49999.60"));
        assertThat(display.path("open_pipeline_change").asText()).isEqualTo("-₹50,000");
        assertDisplays(List.of(cards));
        assertDisplays(cards.path("top_sources"));
    }

    @Test
    void withoutYesterdaysSummaryThePipelineHasNoChange() throws Exception {
        LocalDate yesterday = today.minusDays(1);
        database.execute(
                "UPDATE ai_summaries SET day = day - 100 WHERE day = DATE '" + yesterday + "'");
        try {
            JsonNode cards = get("/api/v1/today");
            assertThat(cards.path("open_pipeline_yesterday").isNull()).isTrue();
            assertThat(cards.path("open_pipeline_change").isNull()).isTrue();
            assertThat(cards.path("display").path("open_pipeline_change").isNull()).isTrue();
            assertThat(cards.path("display").path("open_pipeline").asText())
                    .isEqualTo("₹12,50,000");
        } finally {
            database.execute(
                    "UPDATE ai_summaries SET day = day + 100 WHERE day = DATE '"
                            + yesterday.minusDays(100)
                            + "'");
        }
    }

    @Test
    void trendsAreTheDailySourceStatsOfEveryDayOfTheRange() throws Exception {
        JsonNode trends = get("/api/v1/trends?days=7");
        LocalDate last = LocalDate.ofInstant(Instant.parse(trends.path("as_of").asText()), ZONE);
        List<String> days = new ArrayList<>();
        last.minusDays(6).datesUntil(last.plusDays(1)).forEach(d -> days.add(d.toString()));
        assertThat(trends.path("days"))
                .extracting(JsonNode::asText)
                .containsExactlyElementsOf(days);

        // Partner has 13 leads in the range, Web 2: Partner first; Referral, 40 days ago, is not
        // in.
        assertThat(trends.path("sources"))
                .extracting(s -> s.path("lead_source").asText())
                .containsExactly("Partner", "Web");
        for (JsonNode series : trends.path("sources")) {
            String source = series.path("lead_source").asText();
            for (int i = 0; i < days.size(); i++) {
                List<JsonNode> row =
                        sql(
                                "SELECT coalesce(sum(leads_created), 0) AS leads,"
                                        + " round(sum(junk_leads)::numeric / nullif(sum(leads_created), 0),"
                                        + " 4) AS junk_rate, coalesce(sum(converted_leads), 0) AS converted"
                                        + " FROM daily_source_stats WHERE day = DATE '"
                                        + days.get(i)
                                        + "' AND lead_source = '"
                                        + source
                                        + "'");
                assertPoint(series, i, row.get(0));
            }
        }
        for (int i = 0; i < days.size(); i++) {
            List<JsonNode> row =
                    sql(
                            "SELECT coalesce(sum(leads_created), 0) AS leads,"
                                    + " round(sum(junk_leads)::numeric / nullif(sum(leads_created), 0), 4)"
                                    + " AS junk_rate, coalesce(sum(converted_leads), 0) AS converted"
                                    + " FROM daily_source_stats WHERE day = DATE '"
                                    + days.get(i)
                                    + "'");
            assertPoint(trends.path("total"), i, row.get(0));
        }
        // The literal numbers: today Web 2 leads (1 junk, 1 converted), Partner 3; yesterday
        // Partner 10 (5 junk, 1 converted); nothing before.
        JsonNode partner = trends.path("sources").get(0);
        assertThat(partner.path("leads").toString()).isEqualTo("[0,0,0,0,0,10,3]");
        assertThat(partner.path("junk_rate").toString())
                .isEqualTo("[null,null,null,null,null,0.5000,0.0000]");
        assertThat(partner.path("display").path("junk_rate").toString())
                .isEqualTo("[null,null,null,null,null,\"50%\",\"0%\"]");
        assertThat(trends.path("total").path("leads").toString()).isEqualTo("[0,0,0,0,0,10,5]");
        assertThat(trends.path("total").path("junk_rate").get(6).decimalValue())
                .isEqualTo(new BigDecimal("0.2000"));
        assertThat(trends.path("total").path("converted").toString()).isEqualTo("[0,0,0,0,0,1,1]");
        assertThat(trends.path("total").path("display").path("converted").get(6).asText())
                .isEqualTo("1");

        JsonNode month = get("/api/v1/trends");
        assertThat(month.path("days")).hasSize(30);
        assertThat(month.path("sources").get(0).path("leads")).hasSize(30);
        assertThat(get("/api/v1/trends?days=90").path("days")).hasSize(90);
    }

    @Test
    void anAlertIsFoundByItsEncodedIdWithItsEvidence() throws Exception {
        String id = "R1_JUNK_SPIKE/source:Web/today/warning";
        JsonNode answer = get("/api/v1/alerts/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        JsonNode alert = answer.path("alert");
        assertSameJson(
                strip(strip(strip(alert, "delivery"), "display"), "rule_name"),
                sql("SELECT alert_id, rule, subject, severity, observed, expected,"
                                + " message, fired_at, window_start, window_end, n, test,"
                                + " details FROM alerts WHERE alert_id = '"
                                + id
                                + "'")
                        .get(0));
        assertThat(alert.path("test").asText()).isEqualTo("binomial");
        assertThat(alert.path("details").toString()).isEqualTo("{\"p_value\":0.0002}");
        assertThat(alert.path("delivery").toString())
                .isEqualTo(
                        "{\"sent\":1,\"capped\":1,\"display\":{\"sent\":\"1\",\"capped\":\"1\"}}");
        assertThat(alert.path("rule_name").asText()).isEqualTo("Junk spike");
        assertThat(alert.path("display").path("observed").asText()).isEqualTo("45%");

        JsonNode volumeDrop =
                get("/api/v1/alerts/" + URLEncoder.encode(R2_TODAY, StandardCharsets.UTF_8))
                        .path("alert");
        assertThat(volumeDrop.path("expected").decimalValue()).isEqualTo(new BigDecimal("16.5"));
        assertThat(volumeDrop.path("display").path("expected").asText()).isEqualTo("16.5");
        assertThat(volumeDrop.path("display").path("observed").asText()).isEqualTo("9");

        HttpResponse<String> unknown =
                send(
                        server,
                        "/api/v1/alerts/" + URLEncoder.encode("R9/x", StandardCharsets.UTF_8),
                        null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"no alert has the id 'R9/x'\"}");
        HttpResponse<String> unencoded = send(server, "/api/v1/alerts/R9/x", null);
        assertThat(unencoded.statusCode()).isEqualTo(404);
        assertThat(unencoded.body()).startsWith("{\"error\":");
    }

    @Test
    void everyAnswerSaysAsOfTheDatabasesTimeOfItsSnapshot() throws Exception {
        Instant before = databaseNow();
        for (String path :
                List.of(
                        "/api/v1/sources",
                        "/api/v1/reps",
                        "/api/v1/alerts",
                        "/api/v1/freshness",
                        "/api/v1/summary",
                        "/api/v1/today",
                        "/api/v1/trends")) {
            Instant asOf = Instant.parse(get(path).path("as_of").asText());
            assertThat(asOf).as(path).isBetween(before, databaseNow());
        }
    }

    @Test
    void aMalformedParameterIsA400WithAMessage() throws Exception {
        HttpResponse<String> window = send(server, "/api/v1/sources?window=14", null);
        assertThat(window.statusCode()).isEqualTo(400);
        assertThat(window.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(JSON.readTree(window.body()).path("error").asText())
                .isEqualTo("window must be one of [7, 30] (days), not '14'");

        HttpResponse<String> range = send(server, "/api/v1/alerts?range=month", null);
        assertThat(range.statusCode()).isEqualTo(400);
        assertThat(range.body())
                .isEqualTo("{\"error\":\"range must be today or week, not 'month'\"}");

        for (String days : List.of("6", "91", "thirty", "", "30.5")) {
            HttpResponse<String> trends = send(server, "/api/v1/trends?days=" + days, null);
            assertThat(trends.statusCode()).as(days).isEqualTo(400);
            assertThat(trends.body())
                    .isEqualTo(
                            "{\"error\":\"days must be a whole number from 7 to 90, not '"
                                    + days
                                    + "'\"}");
        }
    }

    @Test
    void theTokenIsEnforcedWhenConfigured() throws Exception {
        HttpResponse<String> none = send(guarded, "/api/v1/reps", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(JSON.readTree(none.body()).path("error").asText())
                .contains("Authorization: Bearer <token>");
        assertThat(send(guarded, "/api/v1/reps", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(send(guarded, "/", null).statusCode()).as("the page too").isEqualTo(401);

        HttpResponse<String> ok = send(guarded, "/api/v1/reps", "Bearer " + TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertSameJson(
                JSON.readTree(ok.body()).path("reps"), sql("SELECT * FROM v_rep_leaderboard"));
        assertThat(send(server, "/api/v1/reps", null).statusCode())
                .as("on loopback without a token, none is asked")
                .isEqualTo(200);
    }

    @Test
    void aLinkWithTheTokenSetsACookieAndLeavesTheAddressWithoutIt() throws Exception {
        HttpResponse<String> link = send(guarded, "/?view=alerts&token=" + TOKEN + "&day=1", null);
        assertThat(link.statusCode()).isEqualTo(303);
        assertThat(link.headers().firstValue("Location")).contains("/?view=alerts&day=1");
        String setCookie = link.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith(
                        DashboardServer.TOKEN_COOKIE
                                + "="
                                + DashboardServer.cookieValue(TOKEN)
                                + ";")
                .doesNotContain(TOKEN);
        Map<String, String> attributes = cookieAttributes(setCookie);
        assertThat(attributes)
                .containsEntry("path", "/")
                .containsEntry("max-age", "2592000")
                .containsEntry("httponly", "")
                .doesNotContainKey("secure");
        // Lax: the link is opened from another site, and the redirect's request must carry it.
        assertThat(attributes.get("samesite")).isEqualToIgnoringCase("Lax");
        assertThat(send(guarded, "/?token=" + TOKEN, null).headers().firstValue("Location"))
                .contains("/");
        assertThat(
                        send(guarded, "/api/v1/reps?a=%3D&to%6Ben=" + TOKEN, null)
                                .headers()
                                .firstValue("Location"))
                .as("an encoded name is the name; other parameters stay as they were")
                .contains("/api/v1/reps?a=%3D");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> withCookie = sendWithCookie(guarded, "/api/v1/reps", cookie, null);
        assertThat(withCookie.statusCode()).isEqualTo(200);
        assertSameJson(
                JSON.readTree(withCookie.body()).path("reps"),
                sql("SELECT * FROM v_rep_leaderboard"));
        assertThat(sendWithCookie(guarded, "/", cookie, null).statusCode()).isEqualTo(200);
        assertThat(send(guarded, "/api/v1/reps", null).statusCode()).isEqualTo(401);
        assertThat(
                        sendWithCookie(
                                        guarded,
                                        "/api/v1/reps",
                                        DashboardServer.TOKEN_COOKIE + "=" + TOKEN,
                                        null)
                                .statusCode())
                .as("the token itself is not the cookie's value")
                .isEqualTo(401);

        HttpResponse<String> wrong = send(guarded, "/?token=wrong", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        // An old link opened in a browser that holds the cookie: the cookie lets it in, the
        // wrong token leaves the address and sets nothing.
        HttpResponse<String> oldLink =
                sendWithCookie(guarded, "/?token=an-old-token&day=1", cookie, null);
        assertThat(oldLink.statusCode()).isEqualTo(303);
        assertThat(oldLink.headers().firstValue("Location")).contains("/?day=1");
        assertThat(oldLink.headers().firstValue("Set-Cookie")).isEmpty();

        // Behind a proxy that ends TLS the cookie is Secure (the last attribute, or any).
        HttpResponse<String> proxied = sendWithCookie(guarded, "/?token=" + TOKEN, null, "https");
        assertThat(cookieAttributes(proxied.headers().firstValue("Set-Cookie").orElseThrow()))
                .containsKey("secure")
                .containsEntry("httponly", "");
    }

    @Test
    void aBrowserAskingForAPageWithoutTheTokenIsToldToOpenTheLink() throws Exception {
        HttpResponse<String> page = sendAccepting(guarded, "/", "text/html,*/*;q=0.8");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body())
                .contains("<title>CRM Pulse: sign in</title>")
                .contains("<code>?token=&hellip;</code> once in this browser")
                .contains("for 30 days");

        HttpResponse<String> api = sendAccepting(guarded, "/api/v1/reps", "text/html");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(api.body()).path("error").asText())
                .as("the API answers JSON, whatever the client accepts")
                .contains("Authorization: Bearer <token>");
    }

    @Test
    void theRedirectStaysOnThisSite() throws Exception {
        HttpResponse<String> link = send(guarded, "//evil.example?token=" + TOKEN, null);
        assertThat(link.statusCode()).isEqualTo(303);
        assertThat(link.headers().firstValue("Location")).contains("/evil.example");
        assertThat(DashboardServer.sameSitePath("/\\/evil.example")).isEqualTo("/evil.example");
        assertThat(DashboardServer.sameSitePath("/api/v1/reps")).isEqualTo("/api/v1/reps");
    }

    @Test
    void aMalformedEscapeInTheQueryIsA400() throws Exception {
        for (DashboardServer to : List.of(server, guarded)) {
            for (String target : List.of("/api/v1/sources?window=%zz", "/?token=%", "/?a=%e")) {
                String response = rawGet(to, target);
                assertThat(response).as(target).startsWith("HTTP/1.1 400 ");
                assertThat(response)
                        .as(target)
                        .endsWith(
                                "{\"error\":\"the query string is not valid URL encoding (a %"
                                        + " must start two hex digits)\"}");
            }
        }
    }

    @Test
    void aStatementPastTheTimeoutIsA503() throws Exception {
        try (Connection admin = database.connect();
                Statement s = admin.createStatement()) {
            admin.setAutoCommit(false);
            // v_freshness reads sync_state: the reader's query waits for the lock.
            s.execute("LOCK TABLE sync_state IN ACCESS EXCLUSIVE MODE");
            HttpResponse<String> slow = send(server, "/api/v1/freshness", null);
            admin.rollback();
            assertThat(slow.statusCode()).isEqualTo(503);
            assertThat(slow.body())
                    .isEqualTo(
                            "{\"error\":\"the database did not answer in time; try again in a"
                                    + " moment\"}");
        }
        assertThat(send(server, "/api/v1/freshness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aJdbcUrlThatLogsInAsAnotherRoleStopsTheStart() {
        JdbcSettings admin = database.settings();
        String url =
                admin.url()
                        + (admin.url().contains("?") ? "&" : "?")
                        + "user="
                        + admin.user()
                        + "&password="
                        + admin.password();
        assertThatThrownBy(
                        () ->
                                DashboardServer.start(
                                        new DashboardSettings(
                                                "127.0.0.1",
                                                0,
                                                Optional.empty(),
                                                new JdbcSettings(
                                                        url, "pulse_reader", READER_PASSWORD),
                                                ZONE,
                                                FORMAT)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "PULSE_JDBC_URL logs the dashboard in as '"
                                + admin.user()
                                + "', not pulse_reader: remove user= and password= from it, the"
                                + " dashboard logs in as pulse_reader with PULSE_READER_PASSWORD");
    }

    @Test
    void thePageIsServedAtTheRoot() throws Exception {
        HttpResponse<String> page = send(server, "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>CRM Pulse</title>");
    }

    // ------------------------------------------------------------------------------ helpers

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send(server, path, null);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> sendAccepting(
            DashboardServer to, String path, String accept)
            throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
                        .header("Accept", accept)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A request as written, for targets that java.net.URI refuses (a bad % escape). */
    private static String rawGet(DashboardServer to, String target) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", to.port())) {
            socket.getOutputStream()
                    .write(
                            ("GET "
                                            + target
                                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                            + "Connection: close\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * A Set-Cookie header's attributes by lower-case name, a flag such as HttpOnly as "", wherever
     * it stands (the last one has no ';' after it).
     */
    private static Map<String, String> cookieAttributes(String setCookie) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String[] parts = setCookie.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].trim().split("=", 2);
            attributes.put(pair[0].toLowerCase(Locale.ROOT), pair.length > 1 ? pair[1] : "");
        }
        return attributes;
    }

    private static HttpResponse<String> sendWithCookie(
            DashboardServer to, String path, String cookie, String forwardedProto)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (forwardedProto != null) {
            request.header("X-Forwarded-Proto", forwardedProto);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Every object has {@code display}, with a text for each of its numeric fields (the same
     * fields, a null for a null), and each text is DisplayFormat's for the field's kind, checked
     * here by the values it can be: money, a rate, a count or the plain number.
     */
    private static void assertDisplays(Iterable<JsonNode> objects) {
        assertThat(objects).isNotEmpty();
        for (JsonNode object : objects) {
            JsonNode display = object.path("display");
            assertThat(display.isObject()).as("display of %s", object).isTrue();
            object.fieldNames()
                    .forEachRemaining(
                            name -> {
                                JsonNode value = object.get(name);
                                if (value.isNumber()) {
                                    assertThat(display.get(name))
                                            .as(name + " of " + object)
                                            .isNotNull();
                                    assertThat(display.get(name).asText())
                                            .as(name)
                                            .isIn(
                                                    FORMAT.money(value.decimalValue()),
                                                    FORMAT.moneyChange(value.decimalValue()),
                                                    FORMAT.percent(value.decimalValue()),
                                                    FORMAT.count(value.decimalValue()),
                                                    value.decimalValue().toPlainString());
                                } else if (value.isNull() && display.has(name)) {
                                    assertThat(display.get(name).isNull()).as(name).isTrue();
                                }
                            });
        }
    }

    private static void assertPoint(JsonNode series, int i, JsonNode expected) {
        assertThat(series.path("leads").get(i).longValue())
                .isEqualTo(expected.path("leads").longValue());
        assertSameJson(series.path("junk_rate").get(i), expected.path("junk_rate"));
        assertThat(series.path("converted").get(i).longValue())
                .isEqualTo(expected.path("converted").longValue());
        assertThat(series.path("display").path("leads").get(i).asText())
                .isEqualTo(FORMAT.count(expected.path("leads").longValue()));
        assertThat(series.path("display").path("junk_rate").get(i).isNull())
                .isEqualTo(expected.path("junk_rate").isNull());
        if (!expected.path("junk_rate").isNull()) {
            assertThat(series.path("display").path("junk_rate").get(i).asText())
                    .isEqualTo(FORMAT.percent(expected.path("junk_rate").decimalValue()));
        }
    }

    private static HttpResponse<String> send(DashboardServer to, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The rows of {@code sql} as PostgreSQL itself writes them in JSON (to_jsonb). */
    private static List<JsonNode> sql(String sql) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_jsonb(t)::text FROM (" + sql + ") t")) {
            while (rs.next()) {
                rows.add(JSON.readTree(rs.getString(1)));
            }
        }
        return rows;
    }

    private static void assertSameJson(JsonNode actual, List<JsonNode> expected) {
        assertThat(actual.size()).as("rows of %s", actual).isEqualTo(expected.size());
        assertThat(expected).as("no rows to compare").isNotEmpty();
        for (int i = 0; i < expected.size(); i++) {
            // The display texts are not the database's: assertDisplays checks them.
            assertSameJson(strip(actual.get(i), "display"), expected.get(i));
        }
    }

    /**
     * Equal as JSON, where PostgreSQL writes a timestamptz with its offset ({@code
     * 2026-06-01T18:30:00+00:00}) and the API as an instant ({@code 2026-06-01T18:30:00Z}).
     */
    private static void assertSameJson(JsonNode actual, JsonNode expected) {
        if (expected.isObject()) {
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertThat(actualNames).containsExactlyInAnyOrderElementsOf(names);
            for (String name : names) {
                assertSameJson(actual.get(name), expected.get(name));
            }
        } else if (expected.isArray()) {
            assertThat(actual.size()).isEqualTo(expected.size());
            Iterator<JsonNode> a = actual.elements();
            expected.elements().forEachRemaining(e -> assertSameJson(a.next(), e));
        } else if (expected.isNumber()) {
            assertThat(actual.isNumber()).as("%s is a number", actual).isTrue();
            assertThat(actual.decimalValue()).isEqualTo(expected.decimalValue());
        } else if (expected.isTextual() && instant(expected.asText()) != null) {
            assertThat(instant(actual.asText())).isEqualTo(instant(expected.asText()));
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static JsonNode strip(JsonNode row, String field) {
        ObjectNode copy = row.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static void lead(String id, String source, String statusClass, LocalDate cohortDay)
            throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO crm_leads (id, lead_source, lead_status, status_class,"
                                + " owner_id, owner_name, created_time, modified_time, converted,"
                                + " cohort_day) VALUES ('%s', '%s', 's', '%s', 'o1', 'Priya"
                                + " Sharma', now(), now(), false, DATE '%s')",
                        id, source, statusClass, cohortDay));
    }

    private static void source(
            LocalDate day,
            String source,
            long leads,
            long junk,
            long converted,
            long won,
            String wonValue)
            throws Exception {
        database.insertDailySourceStats(day, source, leads, junk, converted, won, wonValue);
    }

    private static void sourceMatrix(String source, long leads, String pipelineValue)
            throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO lead_source_quality (lead_source, leads, junk_leads,"
                                + " untouched_leads, attempted_leads, contacted_leads,"
                                + " converted_leads, deals, open_deals, won_deals, lost_deals,"
                                + " pipeline_value, weighted_pipeline, won_value) VALUES ('%s',"
                                + " %d, 0, 0, 0, 0, 0, 1, 1, 0, 0, %s, 0, 0)",
                        source, leads, pipelineValue));
    }

    private static void rep(String id, String name, long untouched, String wonValue)
            throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO rep_pipeline (owner_id, owner_name, leads, junk_leads,"
                                + " untouched_leads, attempted_leads, contacted_leads,"
                                + " converted_leads, deals, open_deals, won_deals, lost_deals,"
                                + " pipeline_value, weighted_pipeline, won_value, junk_rate)"
                                + " VALUES ('%s', '%s', %d, 0, %d, 0, 0, 0, 0, 0, 0, 0, 0, 0,"
                                + " %s, 0.0000)",
                        id, name, untouched, untouched, wonValue));
    }

    private static void alert(String id, String rule, String firedAt) throws Exception {
        alert(id, rule, firedAt, "0.4500", "0.1875");
    }

    private static void alert(
            String id, String rule, String firedAt, String observed, String expected)
            throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO alerts (alert_id, rule, subject, severity, observed,"
                                + " expected, message, details, fired_at, n, test) VALUES ('%s',"
                                + " '%s', 'total', 'warning', %s, %s, 'm',"
                                + " '{\"p_value\": 0.0002}', %s, 34, 'binomial')",
                        id, rule, observed, expected, firedAt));
    }

    private static JsonNode byId(JsonNode alerts, String id) {
        for (JsonNode alert : alerts) {
            if (alert.path("alert_id").asText().equals(id)) {
                return alert;
            }
        }
        throw new AssertionError("no alert " + id + " in " + alerts);
    }

    /** The database's clock, which as_of is read from. */
    private static Instant databaseNow() throws Exception {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
    }

    private static void notification(String ref, String to, String status) throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO notifications (dedup_key, kind, ref, severity, recipient,"
                                + " body, status, next_attempt_at) VALUES ('alert:%s:%s',"
                                + " 'alert', '%s', 'warning', 'whatsapp:%s', 'b', '%s', now())",
                        ref, to, ref, to, status));
    }

    /** A summary whose report states the open pipeline, with its mark when {@code marked}. */
    private static void summary(LocalDate day, String status, String openPipeline, boolean marked)
            throws Exception {
        String display = FORMAT.money(new BigDecimal(openPipeline));
        String report = "Open pipeline: " + display;
        database.execute(
                "INSERT INTO ai_summaries (day, facts, dashboard_report, whatsapp_report, model,"
                        + " status, dashboard_marks) VALUES (DATE '"
                        + day
                        + "', '{\"day\":\""
                        + day
                        + "\",\"facts\":[{\"id\":\"open_pipeline\",\"value\":"
                        + openPipeline
                        + ",\"display\":\""
                        + display
                        + "\"}]}', '"
                        + report
                        + "', 'whatsapp of "
                        + day
                        + "', 'llama3.2:1b', '"
                        + status
                        + "', "
                        + (marked
                                ? "'[{\"start\": 15, \"end\": "
                                        + report.length()
                                        + ", \"fact\": \"open_pipeline\"}]'"
                                : "NULL")
                        + ")");
    }
}
