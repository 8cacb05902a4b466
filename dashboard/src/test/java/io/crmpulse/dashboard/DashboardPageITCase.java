package io.crmpulse.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.browser.HeadlessChromium;
import io.crmpulse.browser.Viewport;
import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.TestJob;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.job.summary.DailyNumbers;
import io.crmpulse.job.summary.DailyNumbersQuery;
import io.crmpulse.job.summary.DailySummary;
import io.crmpulse.job.summary.FactSheet;
import io.crmpulse.job.summary.OllamaClient;
import io.crmpulse.job.summary.SummaryDraft;
import io.crmpulse.job.summary.SummaryStore;
import io.crmpulse.job.summary.SummaryVerdict;
import io.crmpulse.job.summary.SummaryWriter;
import io.crmpulse.job.summary.TemplateSummary;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmWorld;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The page in a real browser (Debian's headless Chromium) at desktop and phone width, against a
 * database the job filled: the whole pipeline runs in a MiniCluster against the Zoho simulator, and
 * the dashboard reads what it wrote as {@code pulse_reader}. The numbers on the page equal the SQL
 * this test runs on the job's tables; a lead created in the CRM appears on the open page without a
 * reload. The job writes the summary only at the day's end and R1 alerts after weeks of history:
 * the summary is written here by the job's own writer and store (a fake model answering), the
 * alerts are inserted as the job writes them.
 */
class DashboardPageITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static final ZoneId ZONE = TestDatabase.zoneAtNoon(Instant.now());
    private static final String READER_PASSWORD = "reader-pw";
    private static final String ALERT_ID = "R1_JUNK_SPIKE/source:Web Form/today/critical";

    /** Fired three days ago: in this week's alerts, not today's. */
    private static final String OLD_ALERT_ID = "R1_JUNK_SPIKE/source:Expo Stand/old/critical";

    /** Leads of earlier days: in the 7-day averages and both windows. */
    private static final String RECENT_SOURCE = "Expo Stand";

    /** Leads of 12 days ago: in the 30-day window only. */
    private static final String OLD_SOURCE = "Old Mailing";

    private static final int HISTORY_LEADS = 10;

    private static final DisplayFormat FORMAT = DisplayFormat.parse("INR");

    /** How much the open pipeline grew since yesterday's summary, once that is stored. */
    private static final BigDecimal PIPELINE_GROWTH = new BigDecimal("20000");

    /** The model's headline and action in today's summary. */
    private static final String HEADLINE = "{leads_today} leads came in today";

    private static final String ACTION = "Call the *Web Form* leads back first";

    /** The model's points (the template's), with placeholders; set by {@link #summary()}. */
    private static List<String> modelPoints;

    /** The job's summary writer with the test's model; set by {@link #summary()}. */
    private static SummaryWriter writer;

    /** The panels asked every few seconds: Trends asks every 30 s, too seldom to wait for. */
    private static final List<String> POLLED =
            List.of("today", "summary", "sources", "reps", "alerts", "freshness");

    /** The trend charts' line of all sources together. */
    private static final String TOTAL = "All sources";

    private static final Duration LOADED = Duration.ofSeconds(30);
    private static final Duration JOB_CATCHES_UP = Duration.ofSeconds(90);

    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir static Path stateDir;
    private static TestDatabase database;
    private static ZohoSimulator zoho;
    private static JobClient job;
    private static DashboardServer server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.start(stateDir, ZONE);
        database.execute("ALTER ROLE pulse_reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("empty"))
                        .seed(13)
                        .userTimeZone(ZONE)
                        .port(0)
                        .start();
        CrmWorld world = zoho.world();
        Instant now = Instant.now();
        world.writeHistory(
                now.minus(Duration.ofDays(3)), w -> w.createLeads(6, RECENT_SOURCE, "Junk Lead"));
        world.writeHistory(
                now.minus(Duration.ofDays(12)),
                w -> w.createLeads(HISTORY_LEADS - 6, OLD_SOURCE, "Not Contacted"));
        world.createLeads(30);
        world.createLeads(9, "Web Form", "Junk Lead");
        world.convertLeads(4);
        List<String> deals = world.createDeals(10);
        world.moveDealStage(deals.get(0), "Closed Won");
        world.moveDealStage(deals.get(1), "Closed Won");
        world.moveDealStage(deals.get(2), "Closed Lost");
        job = startJob();
        awaitTables(world.liveCount(CrmModule.LEADS));

        summary();
        alert(ALERT_ID, "Web Form", "now()");
        alert(OLD_ALERT_ID, RECENT_SOURCE, "now() - interval '3 days'");
        notification(ALERT_ID, "whatsapp:+919800000001", "sent");
        notification(ALERT_ID, "whatsapp:+919800000002", "sent");
        notification(OLD_ALERT_ID, "log", "dry_run");
        server = DashboardServer.start(settings());
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (job != null) {
            job.cancel().get();
        }
        if (zoho != null) {
            zoho.close();
        }
        if (database != null) {
            database.close();
        }
    }

    private static DashboardSettings settings() {
        return settings(Optional.empty());
    }

    private static DashboardSettings settings(Optional<String> token) {
        return new DashboardSettings(
                "127.0.0.1",
                0,
                token,
                new JdbcSettings(database.settings().url(), "pulse_reader", READER_PASSWORD),
                ZONE,
                FORMAT);
    }

    static Stream<Viewport> viewports() {
        return Stream.of(Viewport.DESKTOP, Viewport.PHONE);
    }

    @ParameterizedTest
    @MethodSource("viewports")
    void thePageShowsTheJobsNumbersAndFollowsTheCrm(Viewport viewport) throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.start(viewport)) {
            browser.open(base + "/");
            awaitPanels(browser);

            everyAssetLoaded(browser);
            todayShowsTheSql(browser);
            theOpenPipelineShowsItsChange(browser);
            aSourceRowShowsTheSql(browser);
            theSourcesTooltipWritesTheServersTexts(browser);
            theWindowToggleStaysAcrossRefreshes(browser);
            aRepRowShowsTheSql(browser);
            theSummaryMarksItsFacts(browser);
            theTrendsDrawTheDailyStats(browser);
            theTrendsTooltipWritesTheServersTexts(browser);
            freshnessSaysHowLongAgo(browser);

            if (viewport.mobile()) {
                assertThat(browser.pageWidth().hasNoHorizontalScroll())
                        .as("no horizontal scroll at %s: %s", viewport, browser.pageWidth())
                        .isTrue();
                aPhoneShowsWholeNumbersAndTheFirstColumns(browser);
            }
            Path shot = browser.screenshot("dashboard");
            assertThat(Files.size(shot)).isPositive();

            aNewLeadAppearsWithoutAReload(browser);
            aDeepLinkOpensTheAlert(browser);
            aDeepLinkScrollsToTheSummary(browser);
            aMalformedAlertLinkLeavesThePageWorking(browser);
            aFailedRefreshKeepsTheNumbersQuietly(browser);

            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    /**
     * A server with a token, opened from a message's {@code ?token=} link on a phone: the link
     * leaves the address bar, and the page's polls, which carry no header, pass on the cookie.
     */
    @Test
    void aTokenLinkOpensThePageAndItsPollsPassOnTheCookie() throws Exception {
        String token = "page-test-token-13-of-32-characters";
        try (DashboardServer guarded = DashboardServer.start(settings(Optional.of(token)));
                HeadlessChromium browser = HeadlessChromium.start(Viewport.PHONE)) {
            String root = "http://127.0.0.1:" + guarded.port() + "/";
            assertThat(
                            HTTP.send(
                                            HttpRequest.newBuilder(
                                                            URI.create(root + "api/v1/today"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode())
                    .isEqualTo(401);
            browser.open(root + "?token=" + token);
            awaitPanels(browser);
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(root);
            String asOf = text(browser.driver(), "#today .as-of");
            browser.waitUntil(
                    "the next poll answers", LOADED, d -> !asOf.equals(text(d, "#today .as-of")));
            assertThat(text(browser.driver(), "#today .as-of")).doesNotContain("couldn't refresh");
            assertThat(text(browser.driver(), "[data-kpi=leads] .value"))
                    .isEqualTo(api("/api/v1/today").path("display").path("leads").asText());
            everyAssetLoaded(browser);
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ the checks

    /**
     * The page, its stylesheet, its script and the charts' WebJar answered 200, and so did every
     * answer of the API it asked; no favicon asked.
     */
    @SuppressWarnings("unchecked")
    private static void everyAssetLoaded(HeadlessChromium browser) {
        List<String> loaded =
                (List<String>)
                        ((JavascriptExecutor) browser.driver())
                                .executeScript(
                                        "return performance.getEntriesByType('navigation')"
                                                + ".concat(performance.getEntriesByType('resource'))"
                                                + ".map(e => new URL(e.name).pathname + ' '"
                                                + " + e.responseStatus);");
        assertThat(loaded.stream().filter(e -> !e.startsWith("/api/")))
                .hasSize(4)
                .contains("/ 200", "/pulse.css 200", "/pulse.js 200")
                .anyMatch(e -> e.matches("/webjars/echarts/[0-9.]+/dist/echarts\\.min\\.js 200"));
        assertThat(loaded.stream().filter(e -> e.startsWith("/api/")))
                .contains(
                        "/api/v1/today 200",
                        "/api/v1/summary 200",
                        "/api/v1/sources 200",
                        "/api/v1/reps 200",
                        "/api/v1/trends 200",
                        "/api/v1/alerts 200",
                        "/api/v1/freshness 200")
                .allMatch(e -> e.endsWith(" 200"));
    }

    private static void todayShowsTheSql(HeadlessChromium browser) throws Exception {
        JsonNode today = api("/api/v1/today");
        LocalDate day = LocalDate.parse(today.path("day").asText());
        Map<String, BigDecimal> sql =
                row(
                        "SELECT count(*) FILTER (WHERE cohort_day = ?) AS leads,"
                                + " round(count(*) FILTER (WHERE cohort_day = ? AND status_class ="
                                + " 'junk')::numeric / nullif(count(*) FILTER (WHERE cohort_day ="
                                + " ?), 0), 4) AS junk_rate,"
                                + " round(count(*) FILTER (WHERE cohort_day = ? AND status_class ="
                                + " 'converted')::numeric / nullif(count(*) FILTER (WHERE"
                                + " cohort_day = ?), 0), 4) AS conversion_rate"
                                + " FROM crm_leads",
                        day,
                        day,
                        day,
                        day,
                        day);
        sql.putAll(
                row(
                        "SELECT round(count(*) FILTER (WHERE status_class = 'junk')::numeric"
                                + " / nullif(count(*), 0), 4) AS junk_rate_7d_avg,"
                                + " round(count(*) FILTER (WHERE status_class = 'converted')::numeric"
                                + " / nullif(count(*), 0), 4) AS conversion_rate_7d_avg"
                                + " FROM crm_leads WHERE cohort_day >= ? AND cohort_day < ?",
                        day.minusDays(7),
                        day));
        sql.putAll(
                row(
                        "SELECT count(*) FILTER (WHERE won_day = ?) AS deals_won,"
                                + " coalesce(sum(amount_home) FILTER (WHERE won_day = ?), 0) AS"
                                + " won_value, coalesce(sum(amount_home) FILTER (WHERE"
                                + " stage_class = 'open'), 0) AS open_pipeline FROM crm_deals",
                        day,
                        day));
        // Every lead the simulator made is today's, so the card cannot be right by chance.
        assertThat(sql.get("leads"))
                .isEqualByComparingTo(BigDecimal.valueOf(allLeads() - HISTORY_LEADS));
        assertThat(sql.get("junk_rate_7d_avg")).isEqualByComparingTo("1");
        assertThat(sql.get("deals_won")).isEqualByComparingTo("2");

        WebDriver driver = browser.driver();
        for (var kpi :
                List.of("leads", "junk_rate", "conversion_rate", "deals_won", "open_pipeline")) {
            String value =
                    driver.findElement(By.cssSelector("[data-kpi=" + kpi + "] .value")).getText();
            assertThat(value).as(kpi).isEqualTo(shown(today, kpi, sql.get(kpi)));
        }
        for (var kpi : List.of("junk_rate", "conversion_rate")) {
            assertThat(driver.findElement(By.cssSelector("[data-kpi=" + kpi + "] .note")).getText())
                    .as(kpi + "_7d_avg")
                    .isEqualTo(
                            "7-day avg " + shown(today, kpi + "_7d_avg", sql.get(kpi + "_7d_avg")));
        }
        // The change against yesterday (none until a summary of yesterday is stored).
        assertThat(text(driver, "[data-kpi=open_pipeline] .note"))
                .isEqualTo(pipelineNote(today, yesterdaysSummaries(day) == 0));
        assertThat(driver.findElement(By.cssSelector("[data-kpi=deals_won] .note")).getText())
                .isEqualTo(shown(today, "won_value", sql.get("won_value")));
        // Every card shows the API's own text; amounts in rupees with Indian grouping.
        for (var kpi : List.of("leads", "junk_rate", "conversion_rate", "deals_won")) {
            assertThat(today.path("display").path(kpi).isTextual()).as(kpi).isTrue();
        }
        for (var kpi : List.of("won_value", "open_pipeline")) {
            assertThat(today.path("display").path(kpi).asText())
                    .as(kpi)
                    .isEqualTo(FORMAT.money(sql.get(kpi)))
                    .matches("₹(\\d{1,3}|\\d{1,2}(,\\d{2})*,\\d{3})");
        }
        assertThat(sql.get("open_pipeline")).isGreaterThanOrEqualTo(new BigDecimal("100000"));
    }

    /**
     * Once yesterday's summary is stored (the day's numbers with an open pipeline {@link
     * #PIPELINE_GROWTH} lower), the open pipeline card shows its change on the open page.
     */
    private static void theOpenPipelineShowsItsChange(HeadlessChromium browser) throws Exception {
        LocalDate day = LocalDate.parse(api("/api/v1/today").path("day").asText());
        if (yesterdaysSummaries(day) == 0) {
            try (Connection c = database.connect()) {
                DailyNumbers n = new DailyNumbersQuery(ZONE).numbers(c, day.minusDays(1));
                DailyNumbers yesterday =
                        new DailyNumbers(
                                n.day(),
                                n.leadsCreated(),
                                n.topSources(),
                                n.junkRateToday(),
                                n.junkRate7dAvg(),
                                n.conversionRateToday(),
                                n.conversionRate7dAvg(),
                                n.dealsWon(),
                                n.wonValue(),
                                n.openPipeline().subtract(PIPELINE_GROWTH),
                                n.openPipelineYesterday(),
                                n.repsMostUntouched(),
                                n.alertsFiredByRule(),
                                n.alertsCapped());
                assertThat(
                                SummaryStore.insert(
                                        c,
                                        writer.fallback(yesterday, "test: no model yesterday"),
                                        Instant.now()))
                        .isTrue();
            }
        }
        JsonNode today = api("/api/v1/today");
        assertThat(today.path("open_pipeline_yesterday").decimalValue())
                .isEqualByComparingTo(openPipeline().subtract(PIPELINE_GROWTH));
        assertThat(today.path("open_pipeline_change").decimalValue())
                .isEqualByComparingTo(PIPELINE_GROWTH);
        assertThat(today.path("display").path("open_pipeline_change").asText())
                .isEqualTo("+₹20,000");
        String note = "+₹20,000 since yesterday";
        assertThat(pipelineNote(today, false)).isEqualTo(note);
        browser.waitUntil(
                "the open pipeline card says " + note,
                LOADED,
                d -> note.equals(text(d, "[data-kpi=open_pipeline] .note")));
    }

    /** The open pipeline card's note: the API's change since yesterday, or that there is none. */
    private static String pipelineNote(JsonNode today, boolean noYesterday) {
        JsonNode change = today.path("open_pipeline_change");
        if (noYesterday) {
            assertThat(today.path("open_pipeline_yesterday").isNull()).isTrue();
            assertThat(change.isNull()).isTrue();
        }
        return change.isNull()
                ? "no figure for yesterday"
                : today.path("display").path("open_pipeline_change").asText() + " since yesterday";
    }

    private static long yesterdaysSummaries(LocalDate day) throws Exception {
        return count(
                "SELECT count(*) FROM ai_summaries WHERE day = DATE '" + day.minusDays(1) + "'");
    }

    /**
     * The sources chart's tooltip writes a source's numbers as the server wrote them, not ECharts'
     * raw floats.
     */
    private static void theSourcesTooltipWritesTheServersTexts(HeadlessChromium browser)
            throws Exception {
        JsonNode rows = api("/api/v1/sources?window=7").path("sources");
        int i = 0;
        while (rows.get(i).path("junk_rate").isNull()) {
            i++;
        }
        JsonNode row = rows.get(i);
        assertThat(tooltip(browser, "sources-chart", 0, i))
                .contains(
                        row.path("lead_source").asText(),
                        "Leads " + row.path("display").path("leads").asText(),
                        "Junk rate " + row.path("display").path("junk_rate").asText(),
                        "Conversion " + row.path("display").path("conversion_rate").asText())
                .doesNotContainPattern("\\d\\.\\d{3}");
    }

    /** A trend chart's tooltip writes the day's numbers as the server wrote them. */
    private static void theTrendsTooltipWritesTheServersTexts(HeadlessChromium browser)
            throws Exception {
        JsonNode total = api("/api/v1/trends?days=30").path("total");
        int day = 29;
        while (total.path("junk_rate").get(day).isNull()) {
            day--;
        }
        String rate = total.path("display").path("junk_rate").get(day).asText();
        assertThat(rate).endsWith("%");
        assertThat(tooltip(browser, "trends-junk", 0, day))
                .contains(TOTAL + " " + rate)
                .doesNotContainPattern("\\d\\.\\d{3}");
        assertThat(tooltip(browser, "trends-leads", 0, day))
                .contains(TOTAL + " " + total.path("display").path("leads").get(day).asText());
    }

    /** The text of the tooltip of chart {@code id} at a series' point. */
    private static String tooltip(HeadlessChromium browser, String id, int series, int point) {
        ((JavascriptExecutor) browser.driver())
                .executeScript(
                        "echarts.getInstanceByDom(document.getElementById(arguments[0]))"
                                + ".dispatchAction({type: 'showTip', seriesIndex: arguments[1],"
                                + " dataIndex: arguments[2]});",
                        id,
                        series,
                        point);
        return browser.waitUntil(
                id + "'s tooltip is shown",
                LOADED,
                d -> {
                    Object text =
                            ((JavascriptExecutor) d)
                                    .executeScript(
                                            "const t = document.querySelector('#' + arguments[0]"
                                                    + " + ' .chart-tip');"
                                                    + " return t ? t.textContent : null;",
                                            id);
                    return text == null || text.toString().isEmpty() ? null : text.toString();
                });
    }

    private static void aSourceRowShowsTheSql(HeadlessChromium browser) throws Exception {
        Map<String, BigDecimal> sql = new LinkedHashMap<>();
        String source;
        try (Connection c = database.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT lead_source, leads, junk_rate, conversion_rate"
                                        + " FROM v_source_quality_7d WHERE lead_source = 'Web Form'");
                ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            source = rs.getString(1);
            sql.put("leads", rs.getBigDecimal(2));
            sql.put("junk_rate", rs.getBigDecimal(3));
            sql.put("conversion_rate", rs.getBigDecimal(4));
        }
        JsonNode answer = api("/api/v1/sources?window=7");
        JsonNode apiRow = find(answer.path("sources"), "lead_source", source);
        WebElement row = tableRow(browser, "#sources", "lead_source", source);
        for (var column : sql.keySet()) {
            assertThat(cell(row, column))
                    .as(column)
                    .isEqualTo(shown(apiRow, column, sql.get(column)));
        }
    }

    private static void theWindowToggleStaysAcrossRefreshes(HeadlessChromium browser)
            throws Exception {
        assertThat(sourceNames(browser)).contains(RECENT_SOURCE).doesNotContain(OLD_SOURCE);
        browser.driver().findElement(By.cssSelector("#sources [data-window='30']")).click();
        BigDecimal old =
                BigDecimal.valueOf(
                        count(
                                "SELECT leads FROM v_source_quality_30d WHERE lead_source = '"
                                        + OLD_SOURCE
                                        + "'"));
        String expected =
                shown(
                        find(
                                api("/api/v1/sources?window=30").path("sources"),
                                "lead_source",
                                OLD_SOURCE),
                        "leads",
                        old);
        assertThat(cell(tableRow(browser, "#sources", "lead_source", OLD_SOURCE), "leads"))
                .isEqualTo(expected);
        // The next answers keep the window: the page asks for 30 days until told otherwise.
        String asOf = text(browser.driver(), "#sources .as-of");
        browser.waitUntil(
                "the sources refresh", LOADED, d -> !asOf.equals(text(d, "#sources .as-of")));
        assertThat(sourceNames(browser)).contains(OLD_SOURCE);
        assertThat(
                        browser.driver()
                                .findElement(By.cssSelector("#sources [data-window='30']"))
                                .getAttribute("aria-pressed"))
                .isEqualTo("true");
        browser.driver().findElement(By.cssSelector("#sources [data-window='7']")).click();
        browser.waitUntil(
                "the 7-day window is back",
                LOADED,
                d -> !sourceNames(browser).contains(OLD_SOURCE));
    }

    /**
     * On a phone: every KPI value on one line and within its card; the Reps and Sources tables show
     * the columns a CEO reads first without a swipe, and fade at the edge they continue past.
     */
    private static void aPhoneShowsWholeNumbersAndTheFirstColumns(HeadlessChromium browser) {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> values =
                (List<Map<String, Object>>)
                        js.executeScript(
                                "return [...document.querySelectorAll('[data-kpi] .value')]"
                                        + ".map(v => { const r = document.createRange();"
                                        + " r.selectNodeContents(v);"
                                        + " return {text: v.textContent, scroll: v.scrollWidth,"
                                        + " client: v.clientWidth, lines: new Set([...r"
                                        + ".getClientRects()].map(q => Math.round(q.top)))"
                                        + ".size}; });");
        assertThat(values).hasSize(5);
        for (Map<String, Object> value : values) {
            assertThat(((Number) value.get("scroll")).longValue())
                    .as("%s", value)
                    .isLessThanOrEqualTo(((Number) value.get("client")).longValue());
            assertThat(((Number) value.get("lines")).longValue()).as("%s", value).isEqualTo(1);
        }
        assertThat(values).extracting(v -> v.get("text")).contains(FORMAT.money(openPipeline()));
        for (var table :
                Map.of(
                                "#reps", List.of("owner_name", "open_deals", "won_value"),
                                "#sources", List.of("lead_source", "leads", "junk_rate"))
                        .entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> seen =
                    (Map<String, Object>)
                            js.executeScript(
                                    "const box = document.querySelector(arguments[0] + ' .scroll');"
                                            + " const cue = box.classList.contains('more-right');"
                                            // Clear of the fade (pulse.css: 40px).
                                            + " const edge = box.getBoundingClientRect().right"
                                            + " - (cue ? 40 : 0);"
                                            + " const row = box.querySelector('tbody tr');"
                                            + " return {scrolls: box.scrollWidth > box.clientWidth,"
                                            + " cue: cue,"
                                            + " visible: [...row.cells].filter(c =>"
                                            + " c.getBoundingClientRect().right <= edge)"
                                            + ".map(c => c.dataset.col)};",
                                    table.getKey());
            @SuppressWarnings("unchecked")
            List<String> visible = (List<String>) seen.get("visible");
            assertThat(visible).as(table.getKey()).containsAll(table.getValue());
            assertThat(seen.get("cue")).as(table.getKey()).isEqualTo(seen.get("scrolls"));
        }
        // Swiped to the end, the right edge no longer fades.
        js.executeScript(
                "const box = document.querySelector('#reps .scroll');"
                        + " box.scrollLeft = box.scrollWidth;");
        browser.waitUntil(
                "the Reps table's right edge stops fading",
                LOADED,
                d ->
                        Boolean.FALSE.equals(
                                ((JavascriptExecutor) d)
                                        .executeScript(
                                                "return document.querySelector('#reps .scroll')"
                                                        + ".classList.contains('more-right');")));
        assertThat(
                        js.executeScript(
                                "return document.querySelector('#reps .scroll')"
                                        + ".classList.contains('more-left');"))
                .isEqualTo(true);
        // Back at the start, for the screenshot.
        js.executeScript("document.querySelector('#reps .scroll').scrollLeft = 0;");
        browser.waitUntil(
                "the Reps table's left edge stops fading",
                LOADED,
                d ->
                        Boolean.FALSE.equals(
                                ((JavascriptExecutor) d)
                                        .executeScript(
                                                "return document.querySelector('#reps .scroll')"
                                                        + ".classList.contains('more-left');")));
    }

    private static BigDecimal openPipeline() {
        try {
            return new BigDecimal(
                    database.rows(
                                    "SELECT coalesce(sum(amount_home), 0) FROM crm_deals"
                                            + " WHERE stage_class = 'open'")
                            .get(0));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Freshness per module: how long ago the last poll was and how far behind the CRM it is, in
     * words from the API's seconds; no stale banner.
     */
    private static void freshnessSaysHowLongAgo(HeadlessChromium browser) throws Exception {
        WebDriver driver = browser.driver();
        assertThat(driver.findElements(By.cssSelector("#freshness td[data-col=module]")))
                .extracting(WebElement::getText)
                .containsExactly("Deals", "Leads");
        assertThat(driver.findElement(By.id("stale-banner")).isDisplayed()).isFalse();
        JsonNode modules = api("/api/v1/freshness").path("modules");
        for (JsonNode module : modules) {
            WebElement row =
                    tableRow(browser, "#freshness", "module", module.path("module").asText());
            // Its format only: how long ago depends on the machine's clock.
            assertThat(cell(row, "seconds_since_last_poll"))
                    .matches("(under 1 s|\\d+ (s|min|h|d)) ago");
            assertThat(cell(row, "lag_seconds"))
                    .isEqualTo(
                            module.path("lag_seconds").isNull()
                                    ? "–"
                                    : duration(module.path("lag_seconds").decimalValue()));
        }
    }

    /** A duration as the page writes it, in its largest whole unit. */
    private static String duration(BigDecimal seconds) {
        long s = seconds.longValue();
        if (seconds.compareTo(BigDecimal.ONE) < 0) {
            return "under 1 s";
        }
        return s < 60
                ? s + " s"
                : s < 3600 ? s / 60 + " min" : s < 86400 ? s / 3600 + " h" : s / 86400 + " d";
    }

    private static List<String> sourceNames(HeadlessChromium browser) {
        @SuppressWarnings("unchecked")
        List<String> names =
                (List<String>)
                        ((JavascriptExecutor) browser.driver())
                                .executeScript(
                                        "return [...document.querySelectorAll("
                                                + "'#sources td[data-col=lead_source]')]"
                                                + ".map(td => td.textContent);");
        return names;
    }

    private static void aRepRowShowsTheSql(HeadlessChromium browser) throws Exception {
        Map<String, BigDecimal> sql = new LinkedHashMap<>();
        String rep;
        try (Connection c = database.connect();
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT owner_name, open_deals, won_deals, lost_deals, won_value,"
                                        + " weighted_pipeline, untouched_leads FROM rep_pipeline"
                                        + " ORDER BY won_value DESC, owner_name LIMIT 1");
                ResultSet rs = s.executeQuery()) {
            assertThat(rs.next()).isTrue();
            rep = rs.getString(1);
            for (var column :
                    List.of(
                            "open_deals",
                            "won_deals",
                            "lost_deals",
                            "won_value",
                            "weighted_pipeline",
                            "untouched_leads")) {
                sql.put(column, rs.getBigDecimal(column));
            }
        }
        assertThat(sql.get("won_deals")).isPositive();
        JsonNode apiRow = find(api("/api/v1/reps").path("reps"), "owner_name", rep);
        WebElement row = tableRow(browser, "#reps", "owner_name", rep);
        for (var column : sql.keySet()) {
            assertThat(cell(row, column))
                    .as(column)
                    .isEqualTo(shown(apiRow, column, sql.get(column)));
        }
    }

    private static void theSummaryMarksItsFacts(HeadlessChromium browser) throws Exception {
        WebDriver driver = browser.driver();
        JsonNode summary = api("/api/v1/summary").path("summary");
        String report = summary.path("dashboard_report").asText();
        assertThat(driver.findElement(By.cssSelector("#summary .verdict")).getText())
                .isEqualTo("grounded");
        // Its numbers are those of when it was written, which the panel says next to the poll's.
        assertThat(text(driver, "#summary .as-of")).matches("as of .+ · written .+");
        // The facts as stored: {day, facts: [...]}.
        Map<String, JsonNode> facts = new LinkedHashMap<>();
        summary.path("facts").path("facts").forEach(f -> facts.put(f.path("id").asText(), f));
        assertThat(facts).containsKeys("day", "leads_today", "junk_rate_today");
        String leads = facts.get("leads_today").path("display").asText();

        // The markdown, rendered: headings, bold, bullets, and escapes shown as what they escape.
        WebElement body = driver.findElement(By.cssSelector("#summary .report"));
        assertThat(body.findElement(By.tagName("h3")).getText())
                .isEqualTo("CRM Pulse: " + facts.get("day").path("display").asText());
        // The headline, bold throughout (its number and words are separate runs).
        WebElement headline = body.findElements(By.tagName("p")).get(0);
        assertThat(headline.getText()).isEqualTo(HEADLINE.replace("{leads_today}", leads));
        assertThat(headline.findElements(By.tagName("strong")))
                .extracting(WebElement::getText)
                .containsExactly(leads, "leads came in today");
        // The model's points, each a paragraph with its placeholders written as the facts' texts.
        List<String> paragraphs = new ArrayList<>(List.of(headline.getText()));
        for (String point : modelPoints) {
            for (JsonNode fact : facts.values()) {
                point =
                        point.replace(
                                "{" + fact.path("id").asText() + "}",
                                fact.path("display").asText());
            }
            paragraphs.add(point);
        }
        assertThat(body.findElements(By.tagName("p")))
                .extracting(WebElement::getText)
                .containsExactlyElementsOf(paragraphs);
        List<String> numbers = new ArrayList<>();
        facts.values().stream()
                .filter(f -> !f.path("id").asText().equals("day"))
                .forEach(
                        f -> {
                            String meaning = f.path("meaning").asText();
                            numbers.add(
                                    Character.toUpperCase(meaning.charAt(0))
                                            + meaning.substring(1)
                                            + ": "
                                            + f.path("display").asText());
                        });
        List<String> bullets = new ArrayList<>(List.of(ACTION));
        bullets.addAll(numbers);
        assertThat(body.findElements(By.cssSelector("ul li")))
                .extracting(WebElement::getText)
                .containsExactlyElementsOf(bullets);
        assertThat(report).contains("\\*Web Form\\*");
        assertThat(body.getText()).doesNotContain("\\").doesNotContain("**").doesNotContain("##");

        // Every mark of the answer wraps exactly its fact's display text, and names the fact: the
        // renderer's own marks, one for the day and for each number it wrote.
        assertThat(summary.path("marks").isArray()).as("marks").isTrue();
        List<String> expected = new ArrayList<>();
        for (JsonNode mark : summary.path("marks")) {
            String fact = mark.path("fact").asText();
            String display = facts.get(fact).path("display").asText();
            assertThat(report.substring(mark.path("start").asInt(), mark.path("end").asInt()))
                    .isEqualTo(display);
            expected.add(fact + "=" + display);
        }
        assertThat(expected)
                .contains(
                        "day=" + facts.get("day").path("display").asText(), "leads_today=" + leads)
                .hasSizeGreaterThan(facts.size());
        List<String> shown = new ArrayList<>();
        for (WebElement mark : body.findElements(By.cssSelector("mark[data-fact]"))) {
            String fact = mark.getAttribute("data-fact");
            String display = facts.get(fact).path("display").asText();
            shown.add(fact + "=" + mark.getText());
            assertThat(mark.getAttribute("title"))
                    .isEqualTo(
                            facts.get(fact).path("meaning").asText()
                                    + ": "
                                    + display
                                    + " (fact "
                                    + fact
                                    + ")");
        }
        assertThat(shown).isEqualTo(expected);

        // A phone shows no title: a tap on a mark writes its fact under the paragraph, a second
        // tap hides it.
        WebElement first = body.findElement(By.cssSelector("mark[data-fact]"));
        String fact = first.getAttribute("data-fact");
        ((JavascriptExecutor) browser.driver())
                .executeScript("arguments[0].scrollIntoView({block: 'center'});", first);
        first.click();
        WebElement note =
                browser.waitUntil(
                        "the tapped mark's fact is written",
                        LOADED,
                        d ->
                                d.findElements(By.cssSelector("#summary .fact-note")).stream()
                                        .findFirst()
                                        .orElse(null));
        assertThat(note.getAttribute("data-fact")).isEqualTo(fact);
        assertThat(note.getText()).isEqualTo(first.getAttribute("title")).contains(fact);
        first.click();
        assertThat(body.findElements(By.cssSelector(".fact-note"))).isEmpty();

        // The promise made visible: no digit of the rendered report stands outside a mark.
        @SuppressWarnings("unchecked")
        List<String> unmarked =
                (List<String>)
                        ((JavascriptExecutor) driver)
                                .executeScript(
                                        "const out = [];"
                                                + " const walk = document.createTreeWalker("
                                                + "document.querySelector('#summary .report'),"
                                                + " NodeFilter.SHOW_TEXT);"
                                                + " while (walk.nextNode()) {"
                                                + "  const t = walk.currentNode;"
                                                + "  if (!t.parentElement.closest('mark')"
                                                + "      && /\\p{N}/u.test(t.data)) out.push(t.data);"
                                                + " }"
                                                + " return out;");
        assertThat(unmarked).isEmpty();
        assertThat(body.getText()).containsPattern("\\d");
    }

    /**
     * The three trend charts draw {@code daily_source_stats}: their days are the API's 30, ending
     * today; their lines are all sources together, then the five sources with the most leads, most
     * first; a source's points are its rows, 0 leads (and no junk rate) on a day without one, the
     * total's the sums of the day's rows.
     */
    private static void theTrendsDrawTheDailyStats(HeadlessChromium browser) throws Exception {
        List<String> days = new ArrayList<>();
        api("/api/v1/trends?days=30").path("days").forEach(d -> days.add(d.asText()));
        assertThat(days).hasSize(30).last().isEqualTo(api("/api/v1/today").path("day").asText());
        LocalDate first = LocalDate.parse(days.get(0));
        LocalDate last = LocalDate.parse(days.get(29));
        List<String> sources =
                database.rows(
                        "SELECT lead_source FROM daily_source_stats WHERE day BETWEEN DATE '"
                                + first
                                + "' AND DATE '"
                                + last
                                + "' GROUP BY lead_source"
                                + " ORDER BY sum(leads_created) DESC, lead_source");
        assertThat(sources).contains("Web Form", RECENT_SOURCE, OLD_SOURCE).hasSizeGreaterThan(5);
        List<String> lines = new ArrayList<>(List.of(TOTAL));
        lines.addAll(sources.subList(0, 5));
        assertThat(lines).contains("Web Form", RECENT_SOURCE);
        for (String chart : List.of("trends-leads", "trends-junk", "trends-converted")) {
            Map<String, Object> option = chartOption(browser, chart);
            assertThat(option.get("days")).as(chart).isEqualTo(days);
            assertThat(option.get("names")).as(chart).isEqualTo(lines);
        }
        // A junk rate seen on a few days only still draws a line between them.
        assertThat(
                        ((JavascriptExecutor) browser.driver())
                                .executeScript(
                                        "return echarts.getInstanceByDom(document.getElementById("
                                                + "'trends-junk')).getOption().series"
                                                + ".every(s => s.connectNulls);"))
                .isEqualTo(true);
        for (String source : List.of(TOTAL, "Web Form", RECENT_SOURCE)) {
            List<Object> leads = new ArrayList<>();
            List<Object> junk = new ArrayList<>();
            List<Object> converted = new ArrayList<>();
            Map<String, long[]> stats = new LinkedHashMap<>();
            try (Connection c = database.connect();
                    PreparedStatement s =
                            c.prepareStatement(
                                    "SELECT day, sum(leads_created), sum(junk_leads),"
                                            + " sum(converted_leads) FROM daily_source_stats"
                                            + " WHERE lead_source = ? OR ? GROUP BY day")) {
                s.setString(1, source);
                s.setBoolean(2, source.equals(TOTAL));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        stats.put(
                                rs.getString(1),
                                new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                    }
                }
            }
            for (String day : days) {
                long[] row = stats.getOrDefault(day, new long[3]);
                leads.add(row[0]);
                // As the API rounds it (4 places) and the chart scales it (a percent).
                junk.add(
                        row[0] == 0
                                ? null
                                : BigDecimal.valueOf(row[1])
                                                .divide(
                                                        BigDecimal.valueOf(row[0]),
                                                        4,
                                                        java.math.RoundingMode.HALF_UP)
                                                .doubleValue()
                                        * 100);
                converted.add(row[2]);
            }
            assertThat(leads).as(source).anyMatch(n -> (Long) n > 0);
            assertThat(series(browser, "trends-leads", source)).as(source).isEqualTo(points(leads));
            assertThat(series(browser, "trends-junk", source)).as(source).isEqualTo(points(junk));
            assertThat(series(browser, "trends-converted", source))
                    .as(source)
                    .isEqualTo(points(converted));
        }
    }

    /**
     * A chart's x-axis ({@code days}), its series' names in order ({@code names}) and its series by
     * name ({@code series}), as ECharts holds them.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> chartOption(HeadlessChromium browser, String id) {
        return (Map<String, Object>)
                ((JavascriptExecutor) browser.driver())
                        .executeScript(
                                "const o = echarts.getInstanceByDom("
                                        + "document.getElementById(arguments[0])).getOption();"
                                        + " return {days: o.xAxis[0].data,"
                                        + " names: o.series.map(s => s.name), series:"
                                        + " Object.fromEntries(o.series.map(s => [s.name,"
                                        + " s.data]))};",
                                id);
    }

    /** A series' points as text (a JavaScript number read back as Long or Double), gaps null. */
    private static List<String> series(HeadlessChromium browser, String chart, String name) {
        return points((List<?>) ((Map<?, ?>) chartOption(browser, chart).get("series")).get(name));
    }

    private static List<String> points(List<?> numbers) {
        List<String> points = new ArrayList<>();
        for (Object n : numbers) {
            points.add(
                    n == null
                            ? null
                            : BigDecimal.valueOf(((Number) n).doubleValue())
                                    .stripTrailingZeros()
                                    .toPlainString());
        }
        return points;
    }

    private static void aNewLeadAppearsWithoutAReload(HeadlessChromium browser) throws Exception {
        JavascriptExecutor js = (JavascriptExecutor) browser.driver();
        js.executeScript("window.pulseTestMark = 'still the same document';");
        long before = allLeads();
        zoho.world().createLeads(3, "Partner", "Not Contacted");
        awaitSql(
                () ->
                        allLeads() == before + 3
                                && count(
                                                "SELECT coalesce(sum(leads_created), 0)"
                                                        + " FROM daily_source_stats")
                                        == before + 3);

        JsonNode today = api("/api/v1/today");
        String expected =
                shown(
                        today,
                        "leads",
                        BigDecimal.valueOf(
                                count(
                                        "SELECT count(*) FROM crm_leads WHERE cohort_day = DATE '"
                                                + today.path("day").asText()
                                                + "'")));
        browser.waitUntil(
                "the leads card shows " + expected,
                LOADED,
                d -> expected.equals(text(d, "[data-kpi=leads] .value")));
        BigDecimal partnerLeads =
                BigDecimal.valueOf(
                        count(
                                "SELECT leads FROM v_source_quality_7d WHERE lead_source = 'Partner'"));
        String partner =
                shown(
                        find(
                                api("/api/v1/sources?window=7").path("sources"),
                                "lead_source",
                                "Partner"),
                        "leads",
                        partnerLeads);
        browser.waitUntil(
                "the Partner row shows " + partner + " leads",
                LOADED,
                d ->
                        partner.equals(
                                cell(
                                        tableRow(browser, "#sources", "lead_source", "Partner"),
                                        "leads")));
        assertThat(js.executeScript("return window.pulseTestMark;"))
                .isEqualTo("still the same document");
    }

    /**
     * A link whose alert id is not valid percent-encoding opens the page all the same, and a later
     * such address neither stops its polls nor throws.
     */
    private static void aMalformedAlertLinkLeavesThePageWorking(HeadlessChromium browser) {
        // A query makes it a new page, not a hash change of the open one.
        browser.open(base + "/?malformed#alerts/%E0");
        awaitPanels(browser);
        String asOf = text(browser.driver(), "#today .as-of");
        ((JavascriptExecutor) browser.driver()).executeScript("location.hash = '#alerts/R1%2';");
        browser.waitUntil(
                "the next poll answers", LOADED, d -> !asOf.equals(text(d, "#today .as-of")));
        assertThat(text(browser.driver(), "#today .as-of")).doesNotContain("couldn't refresh");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** A link to an alert of three days ago opens this week's alerts with it open. */
    private static void aDeepLinkOpensTheAlert(HeadlessChromium browser) throws Exception {
        // The link exactly as an alert's WhatsApp message carries it.
        String link = DashboardLinks.at(URI.create(base)).alert(OLD_ALERT_ID).orElseThrow();
        assertThat(link).contains("%20").contains("%2F").doesNotContain(" ");
        browser.open(link);
        WebElement alert =
                browser.waitUntil(
                        "the linked alert is open",
                        LOADED,
                        d ->
                                d.findElements(By.cssSelector("#alerts details[open]")).stream()
                                        .filter(
                                                e ->
                                                        OLD_ALERT_ID.equals(
                                                                e.getAttribute("data-alert")))
                                        .findFirst()
                                        .orElse(null));
        assertThat(alert.findElement(By.cssSelector("[data-field=test]")).getText())
                .isEqualTo("binomial");
        assertThat(alert.findElement(By.cssSelector("[data-field=details]")).getText())
                .contains("\"p_value\": 0.0002");
        JsonNode fired =
                find(api("/api/v1/alerts?range=week").path("alerts"), "alert_id", OLD_ALERT_ID);
        // The headline reads like the WhatsApp message: severity, the rule's name, when, delivery,
        // the message itself; the evidence is in the opened detail.
        assertThat(field(alert, "summary .severity")).isEqualTo("critical");
        assertThat(field(alert, "[data-field=rule]")).isEqualTo("Junk spike");
        assertThat(field(alert, "[data-field=delivery]")).isEqualTo("dry run");
        assertThat(field(alert, "[data-field=message]"))
                .isEqualTo(fired.path("message").asText())
                .isEqualTo(message(RECENT_SOURCE));
        assertThat(field(alert, "summary"))
                .doesNotContain("R1_JUNK_SPIKE")
                .doesNotContain("source:");
        assertThat(field(alert, "[data-field=observed]"))
                .isEqualTo(shown(fired, "observed", new BigDecimal("0.9000")));
        assertThat(field(alert, "[data-field=expected]"))
                .isEqualTo(shown(fired, "expected", new BigDecimal("0.1875")));
        assertThat(field(alert, "[data-field=n]")).isEqualTo(shown(fired, "n", BigDecimal.TEN));
        assertThat(field(alert, "[data-field=subject]")).isEqualTo("source:" + RECENT_SOURCE);
        assertThat(field(alert, "[data-field=alert_id]")).isEqualTo(OLD_ALERT_ID);
        // The week's alerts: the two written here and any the job fired (R4 on the lost deal).
        browser.waitUntil(
                "the week's alerts are listed",
                LOADED,
                d -> alertIds(browser).equals(alertsSince("now() - interval '6 days'")));
        assertThat(alertIds(browser)).contains(ALERT_ID, OLD_ALERT_ID);
        assertThat(
                        browser.driver()
                                .findElement(By.cssSelector("#alerts [data-range=week]"))
                                .getAttribute("aria-pressed"))
                .isEqualTo("true");

        // Every alert's headline names its rule in words and starts with no raw subject, the job's
        // own R4 alert on the lost deal included.
        @SuppressWarnings("unchecked")
        List<Map<String, String>> headlines =
                (List<Map<String, String>>)
                        ((JavascriptExecutor) browser.driver())
                                .executeScript(
                                        "return [...document.querySelectorAll('#alerts"
                                                + " [data-alert]')].map(e => ({id:"
                                                + " e.dataset.alert, rule:"
                                                + " e.querySelector('[data-field=rule]')"
                                                + ".textContent, message:"
                                                + " e.querySelector('[data-field=message]')"
                                                + ".textContent}));");
        JsonNode week = api("/api/v1/alerts?range=week").path("alerts");
        assertThat(headlines)
                .hasSameSizeAs(alertsSince("now() - interval '6 days'"))
                .allSatisfy(
                        h -> {
                            // The rule's name the API gives, the one its message starts with.
                            assertThat(h.get("rule"))
                                    .isEqualTo(
                                            find(week, "alert_id", h.get("id"))
                                                    .path("rule_name")
                                                    .asText())
                                    .isIn(
                                            "Junk spike",
                                            "Lead volume drop",
                                            "Source silent",
                                            "Big deal lost",
                                            "Speed-to-lead",
                                            "Data stale");
                            assertThat(h.get("message")).startsWith(h.get("rule"));
                            assertThat(h.get("message"))
                                    .isNotBlank()
                                    .doesNotStartWith("deal:")
                                    .doesNotStartWith("source:");
                        });

        browser.driver().findElement(By.cssSelector("#alerts [data-range=today]")).click();
        browser.waitUntil(
                "only today's alert is listed",
                LOADED,
                d -> alertIds(browser).equals(alertsSince("now()")));
        assertThat(alertIds(browser)).contains(ALERT_ID).doesNotContain(OLD_ALERT_ID);
        WebElement today =
                browser.driver()
                        .findElement(By.cssSelector("#alerts [data-alert='" + ALERT_ID + "']"));
        assertThat(field(today, "[data-field=delivery]")).isEqualTo("sent to 2");
        assertThat(field(today, "[data-field=message]")).isEqualTo(message("Web Form"));
    }

    /** The text of {@code css} inside {@code element}, shown or folded away. */
    private static String field(WebElement element, String css) {
        return element.findElement(By.cssSelector(css)).getDomProperty("textContent");
    }

    /**
     * The alerts fired since the local midnight of the day of {@code instant} (SQL), newest first.
     */
    private static List<String> alertsSince(String instant) {
        try {
            return database.rows(
                    "SELECT alert_id FROM alerts WHERE fired_at >= date_trunc('day', ("
                            + instant
                            + ") AT TIME ZONE '"
                            + ZONE.getId()
                            + "') AT TIME ZONE '"
                            + ZONE.getId()
                            + "' ORDER BY fired_at DESC, alert_id");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> alertIds(HeadlessChromium browser) {
        @SuppressWarnings("unchecked")
        List<String> ids =
                (List<String>)
                        ((JavascriptExecutor) browser.driver())
                                .executeScript(
                                        "return [...document.querySelectorAll('#alerts [data-alert]')]"
                                                + ".map(e => e.dataset.alert);");
        return ids;
    }

    private static void aDeepLinkScrollsToTheSummary(HeadlessChromium browser) {
        browser.open(base + "/#summary");
        browser.waitUntil(
                "the summary is at the top of the screen",
                LOADED,
                d ->
                        ((Number)
                                                ((JavascriptExecutor) d)
                                                        .executeScript(
                                                                "return document.getElementById('summary')"
                                                                        + ".getBoundingClientRect().top;"))
                                        .doubleValue()
                                == 0);
    }

    /** A server that went away: every panel keeps its numbers and says so, without an error. */
    private static void aFailedRefreshKeepsTheNumbersQuietly(HeadlessChromium browser) {
        String leads;
        try (DashboardServer gone = DashboardServer.start(settings())) {
            browser.open("http://127.0.0.1:" + gone.port() + "/");
            awaitPanels(browser);
            leads = text(browser.driver(), "[data-kpi=leads] .value");
        }
        for (var id : POLLED) {
            browser.waitUntil(
                    id + " says it couldn't refresh",
                    LOADED,
                    d -> text(d, "#" + id + " .as-of").matches("as of .+ · couldn't refresh"));
        }
        assertThat(text(browser.driver(), "[data-kpi=leads] .value")).isEqualTo(leads);
    }

    // ------------------------------------------------------------------ the page

    /** Until every panel has drawn its first answer ({@code <html data-loaded>}). */
    private static void awaitPanels(HeadlessChromium browser) {
        browser.waitUntil(
                "every panel has drawn its first answer",
                LOADED,
                d ->
                        "true"
                                .equals(
                                        ((JavascriptExecutor) d)
                                                .executeScript(
                                                        "return document.documentElement"
                                                                + ".dataset.loaded;")));
        for (var id : POLLED) {
            assertThat(text(browser.driver(), "#" + id + " .as-of")).startsWith("as of ");
        }
        assertThat(text(browser.driver(), "#trends .as-of")).startsWith("as of ");
    }

    /** The text of {@code css}, read in one step: the page may redraw it between two. */
    private static String text(WebDriver driver, String css) {
        Object text =
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "const e = document.querySelector(arguments[0]);"
                                        + " return e ? e.textContent : '';",
                                css);
        return String.valueOf(text);
    }

    private static WebElement tableRow(
            HeadlessChromium browser, String panel, String column, String value) {
        return browser.waitUntil(
                panel + " has a row " + value,
                LOADED,
                d -> {
                    try {
                        return d.findElements(By.cssSelector(panel + " tbody tr")).stream()
                                .filter(r -> value.equals(cell(r, column)))
                                .findFirst()
                                .orElse(null);
                    } catch (StaleElementReferenceException redrawn) {
                        return null;
                    }
                });
    }

    private static String cell(WebElement row, String column) {
        // textContent: a cell scrolled out of its table's box still has its text.
        return row.findElement(By.cssSelector("td[data-col=" + column + "]"))
                .getDomProperty("textContent");
    }

    /**
     * What the page shows for {@code key} of an answer, once the answer's raw number is the SQL's:
     * the server's display text, or the number itself as JavaScript writes it.
     */
    private static String shown(JsonNode answer, String key, BigDecimal sql) {
        JsonNode raw = answer.path(key);
        if (sql == null) {
            assertThat(raw.isNull()).as(key + " is null").isTrue();
        } else {
            assertThat(raw.decimalValue()).as(key).isEqualByComparingTo(sql);
        }
        JsonNode display = answer.path("display").path(key);
        if (display.isTextual()) {
            return display.asText();
        }
        return raw.isNull() ? "–" : raw.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static JsonNode find(JsonNode rows, String column, String value) {
        for (JsonNode row : rows) {
            if (value.equals(row.path(column).asText())) {
                return row;
            }
        }
        throw new AssertionError("no " + column + " " + value + " in " + rows);
    }

    private static JsonNode api(String path) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    // ------------------------------------------------------------------ the job and the database

    private static JobClient startJob() throws Exception {
        PulseSettings settings = PulseSettings.defaults();
        return TestJob.start(
                new CrmPulsePipeline(
                        TestJob.source(zoho, settings, Duration.ofSeconds(1)),
                        settings,
                        ZONE,
                        MetricsTables.sinkOptions(database.settings()),
                        new DiscardingSink<>(),
                        FORMAT,
                        DashboardLinks.NONE),
                TestJob.noRestarts(),
                "dashboard page");
    }

    /** Until the job has written every lead, the deals and a poll of each module. */
    private static void awaitTables(int leads) throws Exception {
        awaitSql(
                () ->
                        count("SELECT count(*) FROM crm_leads") == leads
                                && count("SELECT coalesce(sum(leads), 0) FROM lead_source_quality")
                                        == leads
                                && count(
                                                "SELECT coalesce(sum(leads_created), 0)"
                                                        + " FROM daily_source_stats")
                                        == leads
                                && count("SELECT coalesce(sum(won_deals), 0) FROM rep_pipeline")
                                        == 2
                                && count(
                                                "SELECT count(*) FROM sync_state WHERE"
                                                        + " last_successful_poll IS NOT NULL")
                                        == 2);
    }

    private static void awaitSql(Check check) throws Exception {
        Instant deadline = Instant.now().plus(JOB_CATCHES_UP);
        while (!check.ok()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "the job did not write the tables in time: crm_leads "
                                + count("SELECT count(*) FROM crm_leads")
                                + ", sync_state "
                                + database.rows(
                                        "SELECT module || ' ' || last_successful_poll FROM sync_state"));
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                throw new AssertionError("the job ended: " + job.getJobStatus().get());
            }
            Thread.sleep(200);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }

    private static long allLeads() throws Exception {
        return count("SELECT count(*) FROM crm_leads");
    }

    private static long count(String sql) throws Exception {
        return Long.parseLong(database.rows(sql).get(0));
    }

    private static Map<String, BigDecimal> row(String sql, Object... params) throws Exception {
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                Map<String, BigDecimal> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getBigDecimal(i));
                }
                return row;
            }
        }
    }

    /**
     * Today's summary written and stored by the job's own code: the day's numbers from {@link
     * DailyNumbersQuery}, a model's answer checked by the validator, the reports and their marks
     * rendered by the renderer, the row stored by {@link SummaryStore}. The model (a fake of {@link
     * OllamaClient}) answers the template's points under its own headline and an action with
     * markdown's special characters, which the report escapes.
     */
    private static void summary() throws Exception {
        LocalDate day = LocalDate.now(ZONE);
        try (Connection c = database.connect()) {
            DailyNumbers numbers = new DailyNumbersQuery(ZONE).numbers(c, day);
            FactSheet sheet = FactSheet.build(numbers, FORMAT);
            assertThat(sheet.fact("leads_today").orElseThrow().value())
                    .isEqualByComparingTo(
                            BigDecimal.valueOf(
                                    count(
                                            "SELECT count(*) FROM crm_leads WHERE cohort_day ="
                                                    + " DATE '"
                                                    + day
                                                    + "'")));
            SummaryDraft template = TemplateSummary.draft(sheet);
            ObjectNode answer = JSON.createObjectNode().put("headline", HEADLINE);
            ArrayNode points = answer.putArray("points");
            modelPoints = template.points().stream().map(SummaryDraft.Passage::text).toList();
            for (SummaryDraft.Passage point : template.points()) {
                ArrayNode facts = points.addObject().put("text", point.text()).putArray("facts");
                point.facts().forEach(facts::add);
            }
            answer.putArray("actions").addObject().put("text", ACTION).putArray("facts");
            OllamaClient model =
                    new OllamaClient() {
                        @Override
                        public String preflight(String name) {
                            return "0.33.0";
                        }

                        @Override
                        public ChatReply chat(ChatCall call) {
                            return new ChatReply(answer.toString(), true, "stop", 900, 120, 0, 0);
                        }
                    };
            writer = new SummaryWriter(model, "llama3.2:1b", FORMAT, java.time.Clock.systemUTC());
            DailySummary summary = writer.write(numbers);
            assertThat(summary.verdict().status())
                    .as("%s", summary.verdict().reasons())
                    .isEqualTo(SummaryVerdict.Status.GROUNDED);
            assertThat(SummaryStore.insert(c, summary, Instant.now())).isTrue();
        }
    }

    /**
     * An R1 alert on {@code source} fired at {@code firedAt} (SQL), as the job writes it: its
     * message in plain words (docs/ANOMALY-RULES.md "Messages"), its evidence in the other columns.
     */
    private static void alert(String id, String source, String firedAt) throws Exception {
        database.execute(
                "INSERT INTO alerts (alert_id, rule, subject, severity, observed, expected, message,"
                        + " details, fired_at, n, test) VALUES ('"
                        + id
                        + "', 'R1_JUNK_SPIKE', 'source:"
                        + source
                        + "', 'critical', 0.9000, 0.1875, '"
                        + message(source).replace("'", "''")
                        + "', '{\"p_value\": 0.0002}', "
                        + firedAt
                        + ", 10, 'binomial')");
    }

    private static String message(String source) {
        return "Junk spike, "
                + source
                + ": 9 of 10 leads triaged today are junk (90%), usually 19%.\n"
                + "Unusual: a day like this comes by chance less than once in 1,000. Look at the"
                + " source's form and where its traffic comes from.";
    }

    /** The outbox's row of an alert's WhatsApp message to {@code recipient}, in {@code status}. */
    private static void notification(String alertId, String recipient, String status)
            throws Exception {
        database.execute(
                "INSERT INTO notifications (dedup_key, recipient, body, status, kind, ref, severity,"
                        + " next_attempt_at) VALUES ('alert:"
                        + alertId
                        + ":"
                        + recipient
                        + "', '"
                        + recipient
                        + "', 'the message', '"
                        + status
                        + "', 'alert', '"
                        + alertId
                        + "', 'critical', now())");
    }
}
