package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.job.db.TestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The day's numbers from hand-inserted rows in a real (embedded) PostgreSQL. */
class DailyNumbersQueryITCase {

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final LocalDate DAY = LocalDate.of(2026, 6, 2);

    @TempDir static Path stateDir;
    private static TestDatabase database;

    @BeforeAll
    static void startPostgres() throws IOException {
        database = TestDatabase.start(stateDir, ZONE);
    }

    @AfterAll
    static void stopPostgres() {
        database.close();
    }

    @BeforeEach
    void empty() throws Exception {
        database.truncate(
                "alerts",
                "notifications",
                "ai_summaries",
                "crm_leads",
                "crm_deals",
                "lead_source_quality",
                "rep_pipeline",
                "daily_source_stats",
                "daily_rep_stats");
    }

    @Test
    void computesTheDaysNumbersFromTheTables() throws Exception {
        // The day: 42 leads from four sources, 16 junk, 2 converted; 3 deals won worth 1,20,000.
        source(DAY, "Web", 20, 10, 1, 2, "80000.00");
        source(DAY, "Partner", 12, 4, 1, 1, "40000.00");
        source(DAY, "Referral", 6, 2, 0, 0, "0");
        source(DAY, "Cold Call", 4, 0, 0, 0, "0");
        // The 7 days before: 100 leads, 25 junk, 8 converted; the 8th day back does not count.
        source(DAY.minusDays(1), "Web", 60, 15, 5, 0, "0");
        source(DAY.minusDays(7), "Partner", 40, 10, 3, 0, "0");
        source(DAY.minusDays(8), "Web", 500, 500, 0, 0, "0");
        source(DAY.plusDays(1), "Web", 9, 9, 0, 0, "0");
        // Open pipeline now: the matrix's open pipeline of every source (its won and lost
        // values do not count); the mirror is not read.
        sourceMatrix("Web", "1000000.40", "999.00");
        sourceMatrix("Partner", "250000.00", "0");
        sourceMatrix("Cold Call", "0", "0");
        deal("d4", "open", "5000000.00");
        yesterdaysSummaryStated("1300000.00");
        rep("o1", "Priya Sharma", 7);
        rep("o2", "Arjun Rao", 4);
        rep("o3", "Meera Iyer", 0);
        rep("(unassigned)", "(unassigned)", 30);
        // Alerts: one at each edge of the day in Kolkata time, one just before, one just after.
        alert("a1", "R1_JUNK_SPIKE", "2026-06-01T18:30:00Z"); // 00:00 IST on the day
        alert("a2", "R3_SOURCE_SILENT", "2026-06-02T18:29:59Z"); // 23:59:59 IST
        alert("a0", "R1_JUNK_SPIKE", "2026-06-01T18:29:59Z");
        alert("a4", "R4_BIG_DEAL_LOST", "2026-06-02T18:30:00Z");
        // a1 was capped for both recipients (one alert); a2 sent; a0 capped the day before.
        notification("a1", "whatsapp:+919812345678", "capped", "2026-06-01T18:30:00Z");
        notification("a1", "whatsapp:+14155550123", "capped", "2026-06-01T18:30:00Z");
        notification("a2", "whatsapp:+919812345678", "sent", "2026-06-02T18:29:59Z");
        notification("a0", "whatsapp:+919812345678", "capped", "2026-06-01T18:29:59Z");

        DailyNumbers n = numbers(DAY);

        assertThat(n.day()).isEqualTo(DAY);
        assertThat(n.leadsCreated()).isEqualTo(42);
        assertThat(n.topSources())
                .containsExactly(
                        new DailyNumbers.NamedCount("Web", 20),
                        new DailyNumbers.NamedCount("Partner", 12),
                        new DailyNumbers.NamedCount("Referral", 6));
        assertThat(n.junkRateToday()).isEqualByComparingTo("0.3810"); // 16/42
        assertThat(n.junkRate7dAvg()).isEqualByComparingTo("0.2500"); // 25/100
        assertThat(n.conversionRateToday()).isEqualByComparingTo("0.0476"); // 2/42
        assertThat(n.conversionRate7dAvg()).isEqualByComparingTo("0.0800"); // 8/100
        assertThat(n.dealsWon()).isEqualTo(3);
        assertThat(n.wonValue()).isEqualByComparingTo("120000.00");
        assertThat(n.openPipeline()).isEqualByComparingTo("1250000.40");
        assertThat(n.openPipelineYesterday()).isEqualByComparingTo("1300000.00");
        assertThat(n.repsMostUntouched())
                .containsExactly(
                        new DailyNumbers.NamedCount("Priya Sharma", 7),
                        new DailyNumbers.NamedCount("Arjun Rao", 4));
        assertThat(n.alertsFiredByRule())
                .isEqualTo(Map.of("R1_JUNK_SPIKE", 1, "R3_SOURCE_SILENT", 1));
        assertThat(n.alertsCapped()).isEqualTo(1);

        // The same numbers as the fixtures' ordinary day, so the same sheet.
        assertThat(FactSheet.build(n, SummaryFixtures.INR).toJson())
                .isEqualTo(SummaryFixtures.sheet().toJson());
    }

    @Test
    void aQuietDayHasZerosAndNoRatesOrChange() throws Exception {
        DailyNumbers n = numbers(DAY);

        assertThat(n.leadsCreated()).isZero();
        assertThat(n.topSources()).isEmpty();
        assertThat(n.junkRateToday()).isNull();
        assertThat(n.junkRate7dAvg()).isNull();
        assertThat(n.conversionRateToday()).isNull();
        assertThat(n.conversionRate7dAvg()).isNull();
        assertThat(n.dealsWon()).isZero();
        assertThat(n.wonValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(n.openPipeline()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(n.openPipelineYesterday()).isNull();
        assertThat(n.repsMostUntouched()).isEmpty();
        assertThat(n.alertsFiredByRule()).isEmpty();
        assertThat(n.alertsCapped()).isZero();
        // The template still renders it.
        FactSheet sheet = FactSheet.build(n, SummaryFixtures.INR);
        assertThat(new SummaryRenderer(sheet).render(TemplateSummary.draft(sheet)).whatsApp())
                .contains("0 new leads");
    }

    @Test
    void theStoreWritesADayOnceAndReadsItBack() throws Exception {
        SummaryWriter writer =
                new SummaryWriter(
                        new UnreachableOllama(),
                        "llama3.2:1b",
                        SummaryFixtures.INR,
                        java.time.Clock.systemUTC());
        DailySummary first = writer.fallback(SummaryFixtures.numbers(), "timeout: test");
        DailySummary second = writer.fallback(SummaryFixtures.numbers(), "another");
        java.time.Instant at = java.time.Instant.parse("2026-06-02T13:30:00Z");
        try (Connection c = database.connect()) {
            assertThat(SummaryStore.insert(c, first, at)).isTrue();
            assertThat(SummaryStore.insert(c, second, at.plusSeconds(60))).isFalse();

            SummaryStore.Stored stored = SummaryStore.find(c, SummaryFixtures.DAY).orElseThrow();
            assertThat(stored.whatsApp()).isEqualTo(first.whatsApp());
            assertThat(stored.status()).isEqualTo("fallback");
            assertThat(stored.createdAt()).isEqualTo(at);
            assertThat(SummaryStore.find(c, SummaryFixtures.DAY.plusDays(1))).isEmpty();
        }
        // The marks, read back, point at the facts' display texts in the stored report.
        String report = database.rows("SELECT dashboard_report FROM ai_summaries").get(0);
        JsonNode marks =
                new ObjectMapper()
                        .readTree(
                                database.rows("SELECT dashboard_marks::text FROM ai_summaries")
                                        .get(0));
        assertThat(marks.size()).isEqualTo(first.dashboardMarks().size()).isGreaterThan(10);
        for (int i = 0; i < marks.size(); i++) {
            JsonNode mark = marks.get(i);
            SummaryRenderer.Mark written = first.dashboardMarks().get(i);
            assertThat(
                            new SummaryRenderer.Mark(
                                    mark.path("start").asInt(),
                                    mark.path("end").asInt(),
                                    mark.path("fact").asText()))
                    .isEqualTo(written);
            assertThat(report.substring(written.start(), written.end()))
                    .isEqualTo(first.facts().fact(written.fact()).orElseThrow().display());
        }
        assertThat(
                        database.rows(
                                "SELECT status || ' ' || attempts || ' ' || verdict_reasons::text"
                                        + " || ' ' || length(prompt_hash) || ' ' || model"
                                        + " FROM ai_summaries"))
                .containsExactly("fallback 0 [\"timeout: test\"] 64 llama3.2:1b");
        // Tomorrow's change is against what this row stated.
        assertThat(numbers(SummaryFixtures.DAY.plusDays(1)).openPipelineYesterday())
                .isEqualByComparingTo("1250000.40");
    }

    private static final class UnreachableOllama implements OllamaClient {
        @Override
        public String preflight(String model) throws OllamaException {
            throw new OllamaException(OllamaException.Kind.UNAVAILABLE, "not in this test");
        }

        @Override
        public ChatReply chat(ChatCall call) throws OllamaException {
            throw new OllamaException(OllamaException.Kind.UNAVAILABLE, "not in this test");
        }
    }

    // ------------------------------------------------------------------------------ rows

    private static DailyNumbers numbers(LocalDate day) throws Exception {
        try (Connection c = database.connect()) {
            return new DailyNumbersQuery(ZONE).numbers(c, day);
        }
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

    private static void deal(String id, String stageClass, String amountHome) throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO crm_deals (id, stage, stage_class, amount, exchange_rate,"
                                + " amount_home, probability, owner_id, owner_name, lead_source,"
                                + " created_time, modified_time) VALUES ('%s', 'x', '%s', %s, 1,"
                                + " %s, 50, 'o1', 'Priya Sharma', 'Web', now(), now())",
                        id, stageClass, amountHome, amountHome));
    }

    private static void sourceMatrix(String source, String pipelineValue, String wonValue)
            throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO lead_source_quality (lead_source, leads, junk_leads,"
                                + " untouched_leads, attempted_leads, contacted_leads,"
                                + " converted_leads, deals, open_deals, won_deals, lost_deals,"
                                + " pipeline_value, weighted_pipeline, won_value) VALUES ('%s',"
                                + " 0, 0, 0, 0, 0, 0, 2, 1, 1, 0, %s, 0, %s)",
                        source, pipelineValue, wonValue));
    }

    private static void rep(String id, String name, long untouched) throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO rep_pipeline (owner_id, owner_name, leads, junk_leads,"
                                + " untouched_leads, attempted_leads, contacted_leads,"
                                + " converted_leads, deals, open_deals, won_deals, lost_deals,"
                                + " pipeline_value, weighted_pipeline, won_value, updated_at)"
                                + " VALUES ('%s', '%s', %d, 0, %d, 0, 0, 0, 0, 0, 0, 0, 0, 0,"
                                + " 0, now())",
                        id, name, untouched, untouched));
    }

    private static void yesterdaysSummaryStated(String openPipeline) throws Exception {
        database.execute(
                "INSERT INTO ai_summaries (day, facts, dashboard_report, whatsapp_report, status)"
                        + " VALUES (DATE '"
                        + DAY.minusDays(1)
                        + "', '{\"day\":\"x\",\"facts\":[{\"id\":\"open_pipeline\","
                        + "\"value\":"
                        + openPipeline
                        + "}]}', 'd', 'w', 'fallback')");
    }

    private static void alert(String id, String rule, String firedAt) throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO alerts (alert_id, rule, subject, severity, message,"
                                + " fired_at) VALUES ('%s', '%s', 'total', 'warning', 'm',"
                                + " TIMESTAMPTZ '%s')",
                        id, rule, firedAt));
    }

    private static void notification(String ref, String to, String status, String createdAt)
            throws Exception {
        database.execute(
                String.format(
                        "INSERT INTO notifications (dedup_key, kind, ref, severity, recipient,"
                                + " body, status, next_attempt_at, created_at) VALUES"
                                + " ('alert:%s:%s', 'alert', '%s', 'warning', '%s', 'b', '%s',"
                                + " now(), TIMESTAMPTZ '%s')",
                        ref, to, ref, to, status, createdAt));
    }
}
