package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.SummarySettings;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.sinks.outbox.OutboxMessage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.util.MockStreamingRuntimeContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The async writer against a real (embedded) PostgreSQL and the fake Ollama, called as Flink's
 * async operator calls it: the day is written and stored once, a stored day is sent again from its
 * row without asking the model, and the operator's timeout gives the template.
 */
class DailySummaryFunctionITCase {

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final LocalDate DAY = LocalDate.of(2026, 6, 2);

    @TempDir static Path stateDir;
    private static TestDatabase database;

    private FakeOllama ollama;
    private DailySummaryFunction function;

    @BeforeAll
    static void startPostgres() throws IOException {
        database = TestDatabase.start(stateDir, ZONE);
    }

    @AfterAll
    static void stopPostgres() {
        database.close();
    }

    @BeforeEach
    void start() throws Exception {
        database.truncate(
                "ai_summaries", "daily_source_stats", "crm_deals", "rep_pipeline", "alerts");
        database.execute(
                "INSERT INTO daily_source_stats (day, lead_source, leads_created, junk_leads,"
                        + " contacted_leads, converted_leads, deals_won, won_value, updated_at)"
                        + " VALUES (DATE '2026-06-02', 'Web', 12, 3, 4, 1, 0, 0, now())");
        ollama = new FakeOllama();
        function = function(DashboardLinks.NONE);
    }

    private DailySummaryFunction function(DashboardLinks dashboard) throws Exception {
        DailySummaryFunction f =
                new DailySummaryFunction(
                        database.settings(),
                        ZONE,
                        new SummarySettings(LocalTime.of(19, 0), ollama.baseUrl(), "llama3.2:1b"),
                        SummaryFixtures.INR,
                        dashboard,
                        Duration.ofSeconds(20));
        f.setRuntimeContext(new MockStreamingRuntimeContext(false, 1, 0));
        f.open(new Configuration());
        return f;
    }

    @AfterEach
    void stop() {
        function.close();
        ollama.close();
    }

    @Test
    void aDayIsWrittenStoredAndSentFromItsRowAfterwards() throws Exception {
        ollama.always(new FakeOllama.Answer(SummaryEndToEndITCase::answer));

        OutboxMessage first = invoke(DAY);
        OutboxMessage again = invoke(DAY);

        assertThat(first.getKind()).isEqualTo(OutboxMessage.SUMMARY);
        assertThat(first.getRef()).isEqualTo("2026-06-02");
        assertThat(first.getBody()).startsWith("*CRM Pulse, Tue 2 Jun 2026*").contains("12");
        assertThat(again).isEqualTo(first);
        assertThat(ollama.calls("/api/chat")).isEqualTo(1);
        assertThat(
                        database.rows(
                                "SELECT day || ' ' || status || ' ' || attempts FROM ai_summaries"))
                .containsExactly("2026-06-02 grounded 1");
        assertThat(database.rows("SELECT whatsapp_report FROM ai_summaries"))
                .containsExactly(first.getBody());
    }

    @Test
    void withADashboardTheStoredReportEndsWithTheSummarysLink() throws Exception {
        ollama.always(new FakeOllama.Answer(SummaryEndToEndITCase::answer));
        function.close();
        function = function(DashboardLinks.at(URI.create("https://pulse.example.com/")));

        OutboxMessage message = invoke(DAY);

        assertThat(message.getBody())
                .startsWith("*CRM Pulse, Tue 2 Jun 2026*")
                .endsWith("\n\nhttps://pulse.example.com/#summary");
        assertThat(database.rows("SELECT status || ' ' || whatsapp_report FROM ai_summaries"))
                .containsExactly("grounded " + message.getBody());
    }

    @Test
    void aSummaryWrittenWithoutTheUrlIsSentAgainWithoutTheLink() throws Exception {
        ollama.always(new FakeOllama.Answer(SummaryEndToEndITCase::answer));
        OutboxMessage first = invoke(DAY);
        function.close();
        function = function(DashboardLinks.at(URI.create("https://pulse.example.com")));

        OutboxMessage replayed = invoke(DAY);

        assertThat(first.getBody()).doesNotContain("https://");
        assertThat(replayed).isEqualTo(first);
        assertThat(ollama.calls("/api/chat")).isEqualTo(1);
    }

    @Test
    void aStoredDayIsNotWrittenAgain() throws Exception {
        database.execute(
                "INSERT INTO ai_summaries (day, facts, dashboard_report, whatsapp_report, status,"
                        + " created_at) VALUES (DATE '2026-06-02', '{}', 'd', 'the stored text',"
                        + " 'fallback', TIMESTAMPTZ '2026-06-02T13:30:00Z')");

        OutboxMessage message = invoke(DAY);

        assertThat(message.getBody()).isEqualTo("the stored text");
        assertThat(message.getCreatedAt()).isEqualTo("2026-06-02T13:30:00Z");
        assertThat(ollama.calls("/api/version")).isZero();
        assertThat(ollama.calls("/api/chat")).isZero();
    }

    @Test
    void theOperatorsTimeoutStoresAndSendsTheTemplate() throws Exception {
        ollama.always(new FakeOllama.Held(Duration.ofMinutes(1), "{}"));
        Result result = new Result();

        function.asyncInvoke(DAY, result);
        awaitChatStarted();
        function.timeout(DAY, result);

        OutboxMessage message = result.single();
        assertThat(database.rows("SELECT status || ' ' || verdict_reasons FROM ai_summaries"))
                .singleElement()
                .asString()
                .startsWith("fallback [\"timeout: the summary was not written within ");
        assertThat(database.rows("SELECT whatsapp_report FROM ai_summaries"))
                .containsExactly(message.getBody());
        FactSheet sheet =
                FactSheet.build(
                        new DailyNumbersQuery(ZONE).numbers(database.connect(), DAY),
                        SummaryFixtures.INR);
        assertThat(message.getBody())
                .isEqualTo(
                        new SummaryRenderer(sheet).render(TemplateSummary.draft(sheet)).whatsApp());
    }

    // ------------------------------------------------------------------------------ helpers

    /** What the async operator hands the function: completes once, later results ignored. */
    private static final class Result implements ResultFuture<OutboxMessage> {
        final CompletableFuture<Collection<OutboxMessage>> future = new CompletableFuture<>();

        @Override
        public void complete(Collection<OutboxMessage> result) {
            future.complete(result);
        }

        @Override
        public void completeExceptionally(Throwable error) {
            future.completeExceptionally(error);
        }

        OutboxMessage single() throws Exception {
            Collection<OutboxMessage> messages = future.get(60, TimeUnit.SECONDS);
            assertThat(messages).hasSize(1);
            return messages.iterator().next();
        }
    }

    private OutboxMessage invoke(LocalDate day) throws Exception {
        Result result = new Result();
        function.asyncInvoke(day, result);
        return result.single();
    }

    private void awaitChatStarted() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ollama.calls("/api/chat") == 0) {
            assertThat(System.nanoTime()).as("a chat call within 30 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
