package io.crmpulse.job.summary;

import static io.crmpulse.job.summary.SummaryFixtures.GOOD;
import static io.crmpulse.job.summary.SummaryFixtures.good;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.common.retry.Backoff;
import io.crmpulse.sinks.testing.CapturedLogs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The writer against the fake Ollama: every path ends grounded or in the template. */
class SummaryWriterTest {

    private final FakeOllama ollama = new FakeOllama();
    private final List<Duration> waits = new ArrayList<>();
    private final String template =
            new SummaryRenderer(SummaryFixtures.sheet())
                    .render(TemplateSummary.draft(SummaryFixtures.sheet()))
                    .whatsApp();

    SummaryWriterTest() throws IOException {}

    @AfterEach
    void stop() {
        ollama.close();
    }

    private DailySummary write(URI url, Duration readTimeout) {
        HttpOllamaClient client =
                new HttpOllamaClient(
                        url,
                        readTimeout,
                        new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                        waits::add);
        Clock clock = Clock.fixed(Instant.parse("2026-06-02T13:30:00Z"), ZoneOffset.UTC);
        return new SummaryWriter(client, "llama3.2:1b", SummaryFixtures.INR, clock)
                .write(SummaryFixtures.numbers());
    }

    private DailySummary write() {
        return write(ollama.baseUrl(), Duration.ofSeconds(30));
    }

    @Test
    void aGoodAnswerIsGroundedAndRendered() {
        ollama.then(FakeOllama.content(GOOD));
        DailySummary summary = write();
        assertThat(summary.verdict().status()).isEqualTo(SummaryVerdict.Status.GROUNDED);
        assertThat(summary.verdict().reasons()).isEmpty();
        assertThat(summary.attempts()).isEqualTo(1);
        assertThat(summary.whatsApp()).isEqualTo(SummaryFixtures.GOOD_WHATSAPP);
        assertThat(summary.model()).isEqualTo("llama3.2:1b");
        assertThat(summary.promptHash())
                .hasSize(64)
                .isEqualTo(SummaryPrompt.of(SummaryFixtures.sheet()).hash());
        assertThat(ollama.calls("/api/version")).isEqualTo(1);
        assertThat(ollama.calls("/api/show")).isEqualTo(1);
        assertThat(ollama.calls("/api/chat")).isEqualTo(1);
    }

    @Test
    void theChatRequestIsNonStreamedWithTheSchemaAndFixedOptions() {
        ollama.then(FakeOllama.content(GOOD));
        write();
        JsonNode request = ollama.chatRequests().get(0);
        assertThat(request.path("stream").asBoolean(true)).isFalse();
        assertThat(request.path("model").asText()).isEqualTo("llama3.2:1b");
        assertThat(request.path("messages").findValuesAsText("role"))
                .containsExactly("system", "user");
        JsonNode options = request.path("options");
        assertThat(options.path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(options.path("seed").asLong()).isEqualTo(42);
        assertThat(options.path("num_ctx").asInt()).isEqualTo(4096);
        assertThat(options.path("num_predict").asInt()).isEqualTo(400);
        JsonNode ids = request.at("/format/properties/points/items/properties/facts/items/enum");
        List<String> enumIds = new ArrayList<>();
        ids.forEach(id -> enumIds.add(id.asText()));
        assertThat(enumIds).isEqualTo(List.copyOf(SummaryFixtures.sheet().ids()));
        assertThat(request.at("/format/properties/points/maxItems").asInt()).isEqualTo(3);
    }

    @Test
    void aRejectedAnswerIsAskedAgainWithTheReasons() {
        ollama.then(
                FakeOllama.content(good("{leads_today} leads and", "42 leads and")),
                FakeOllama.content(GOOD));
        DailySummary summary = write();
        assertThat(summary.verdict().status()).isEqualTo(SummaryVerdict.Status.GROUNDED);
        assertThat(summary.attempts()).isEqualTo(2);
        assertThat(summary.verdict().reasons())
                .containsExactly(
                        "attempt 1: the headline writes the number '42' outside a placeholder",
                        "attempt 1: the summary leaves out {leads_today} (leads created today), which it must mention");
        JsonNode second = ollama.chatRequests().get(1);
        assertThat(second.at("/messages/1/content").asText())
                .contains(
                        "Your previous answer was rejected:\n- the headline writes the number '42' outside a placeholder\n");
        assertThat(second.at("/options/seed").asLong()).isEqualTo(43);
        assertThat(second.at("/options/temperature").asDouble()).isEqualTo(0.2);
    }

    static Stream<Arguments> adversarial() {
        return Stream.of(
                Arguments.of(
                        "digits",
                        FakeOllama.content(good("{leads_today} leads and", "42 leads and")),
                        "the headline writes the number '42'"),
                Arguments.of(
                        "number words",
                        FakeOllama.content(good("{alerts_fired_today} alerts", "twelve alerts")),
                        "point 3 writes the number word 'twelve'"),
                Arguments.of(
                        "unknown id",
                        FakeOllama.content(good("{open_pipeline_change}", "{revenue}")),
                        "point 2 names an unknown fact {revenue}"),
                Arguments.of(
                        "wrong direction",
                        FakeOllama.content(good("pipeline fell", "pipeline grew")),
                        "point 2 says 'grew' but {open_pipeline}"),
                Arguments.of(
                        "missing must",
                        FakeOllama.content(good("{leads_today} leads and ", "")),
                        "the summary leaves out {leads_today}"),
                Arguments.of(
                        "extra key",
                        FakeOllama.content(
                                good("{\"headline\"", "{\"tone\":\"upbeat\",\"headline\"")),
                        "the reply has an unexpected key 'tone'"),
                Arguments.of(
                        "fenced",
                        FakeOllama.content("```json\n" + GOOD + "\n```"),
                        "the reply is wrapped in a markdown code fence"),
                Arguments.of(
                        "prose",
                        FakeOllama.content("Leads were 42 today and revenue was strong."),
                        "the reply is not JSON"),
                Arguments.of(
                        "whitespace flood",
                        FakeOllama.content("{}" + "\n".repeat(300)),
                        "the reply has no headline text"),
                Arguments.of(
                        "truncated",
                        FakeOllama.cutOff(GOOD.substring(0, 120)),
                        "the reply was cut off (done=true, done_reason=length)"),
                Arguments.of("empty", FakeOllama.content(""), "the reply is empty"),
                Arguments.of(
                        "over long",
                        FakeOllama.content(
                                good(
                                        " today\"",
                                        " " + "today and a very long tail".repeat(8) + "\"")),
                        "the headline is"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarial")
    void anAdversarialAnswerEndsInTheTemplate(String name, FakeOllama.Reply reply, String reason) {
        ollama.always(reply);
        DailySummary summary = write();
        assertThat(summary.verdict().status()).isEqualTo(SummaryVerdict.Status.FALLBACK);
        assertThat(summary.attempts()).isEqualTo(2);
        assertThat(ollama.calls("/api/chat")).isEqualTo(2);
        assertThat(summary.verdict().reasons())
                .anySatisfy(r -> assertThat(r).startsWith("attempt 1: " + reason))
                .anySatisfy(r -> assertThat(r).startsWith("attempt 2: " + reason));
        assertThat(summary.whatsApp()).isEqualTo(template);
        SummaryRenderer renderer = new SummaryRenderer(summary.facts());
        assertThat(renderer.strayNumbers(summary.whatsApp())).isEmpty();
        assertThat(renderer.strayNumbers(summary.dashboardMarkdown())).isEmpty();
    }

    @Test
    void aMissingModelLogsOneLineAndUsesTheTemplate() {
        ollama.withoutModel("llama3.2:1b");
        DailySummary summary;
        List<String> lines;
        try (CapturedLogs logs = new CapturedLogs(SummaryWriter.class)) {
            summary = write();
            lines = logs.lines().stream().filter(l -> l.startsWith("WARN")).toList();
        }
        assertThat(lines)
                .containsExactly(
                        "WARN Ollama has no model 'llama3.2:1b' (POST /api/show at "
                                + ollama.baseUrl()
                                + ": 404 model 'llama3.2:1b' not found): the summary of 2026-06-02 is"
                                + " the template; run `ollama pull llama3.2:1b` or set OLLAMA_MODEL");
        assertThat(summary.verdict().status()).isEqualTo(SummaryVerdict.Status.FALLBACK);
        assertThat(summary.verdict().reasons())
                .singleElement()
                .asString()
                .startsWith("model 'llama3.2:1b' is missing");
        assertThat(summary.attempts()).isZero();
        assertThat(ollama.calls("/api/chat")).isZero();
        assertThat(summary.whatsApp()).isEqualTo(template);
    }

    @Test
    void busyServersAreRetriedTwiceThenTheTemplate() {
        ollama.always(FakeOllama.status(503, FakeOllama.BUSY));
        DailySummary summary = write();
        assertThat(ollama.calls("/api/chat")).isEqualTo(3);
        assertThat(waits).hasSize(2);
        assertThat(summary.verdict().status()).isEqualTo(SummaryVerdict.Status.FALLBACK);
        assertThat(summary.verdict().reasons())
                .singleElement()
                .asString()
                .startsWith(
                        "unavailable: Ollama at "
                                + ollama.baseUrl()
                                + " is busy (POST /api/chat: 503 server busy");
    }

    @Test
    void aBusyServerThatRecoversIsGrounded() {
        ollama.then(FakeOllama.status(503, FakeOllama.BUSY), FakeOllama.content(GOOD));
        DailySummary summary = write();
        assertThat(ollama.calls("/api/chat")).isEqualTo(2);
        assertThat(summary.attempts()).isEqualTo(1);
        assertThat(summary.verdict().grounded()).isTrue();
    }

    @Test
    void otherErrorsAreNotRetried() {
        ollama.always(
                FakeOllama.status(
                        500,
                        "{\"error\":\"timed out waiting for llama-server to start - progress 0.00\"}"));
        DailySummary summary = write();
        assertThat(ollama.calls("/api/chat")).isEqualTo(1);
        assertThat(waits).isEmpty();
        assertThat(summary.verdict().reasons())
                .singleElement()
                .asString()
                .endsWith(
                        "failed: 500 timed out waiting for llama-server to start - progress 0.00");
        assertThat(summary.whatsApp()).isEqualTo(template);
    }

    @Test
    void aBodyThatIsNotJsonEndsInTheTemplate() {
        ollama.always(new FakeOllama.Raw(200, "<html>proxy</html>", "text/html"));
        DailySummary summary = write();
        assertThat(summary.verdict().reasons())
                .singleElement()
                .asString()
                .startsWith("bad_response: POST /api/chat at ");
        assertThat(summary.whatsApp()).isEqualTo(template);
    }

    @Test
    void theWhatsAppReportEndsWithTheDashboardLinkAfterValidation() {
        ollama.then(FakeOllama.content(GOOD));
        String link = "http://192.168.1.20:8080/#summary";
        DailySummary summary =
                writer().withLink(Optional.of(link)).write(SummaryFixtures.numbers());

        // The link's digits (an address, a port) are the job's, not the model's: still grounded.
        assertThat(summary.verdict().status()).isEqualTo(SummaryVerdict.Status.GROUNDED);
        assertThat(summary.verdict().reasons()).isEmpty();
        assertThat(summary.whatsApp()).isEqualTo(SummaryFixtures.GOOD_WHATSAPP + "\n\n" + link);
        assertThat(summary.dashboardMarkdown()).doesNotContain(link);
    }

    @Test
    void theTemplateEndsWithTheLinkTooAndNoLinkWhenUnset() {
        String link = "https://pulse.example.com/#summary";
        assertThat(
                        writer().withLink(Optional.of(link))
                                .fallback(SummaryFixtures.numbers(), "timeout")
                                .whatsApp())
                .isEqualTo(template + "\n\n" + link);
        assertThat(
                        writer().withLink(Optional.empty())
                                .fallback(SummaryFixtures.numbers(), "timeout")
                                .whatsApp())
                .isEqualTo(template);
    }

    @Test
    void theLinkTakesItsRoomFromTheModelsReport() {
        // A link so long that the good report no longer fits beside it in 1,600 characters.
        String link =
                "https://pulse.example.com/"
                        + "x"
                                .repeat(
                                        SummaryRenderer.WHATSAPP_MAX_CHARS
                                                - SummaryFixtures.GOOD_WHATSAPP.length())
                        + "/#summary";
        ollama.always(FakeOllama.content(GOOD));
        DailySummary summary =
                writer().withLink(Optional.of(link)).write(SummaryFixtures.numbers());

        int allowed = SummaryRenderer.WHATSAPP_MAX_CHARS - link.length() - 2;
        assertThat(summary.verdict().status()).isEqualTo(SummaryVerdict.Status.FALLBACK);
        assertThat(summary.verdict().reasons())
                .contains(
                        "attempt 1: the WhatsApp report is "
                                + SummaryFixtures.GOOD_WHATSAPP.length()
                                + " characters long (at most "
                                + allowed
                                + ")");
        assertThat(summary.whatsApp()).isEqualTo(template + "\n\n" + link);
    }

    private SummaryWriter writer() {
        HttpOllamaClient client =
                new HttpOllamaClient(
                        ollama.baseUrl(),
                        Duration.ofSeconds(30),
                        new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                        waits::add);
        return new SummaryWriter(
                client,
                "llama3.2:1b",
                SummaryFixtures.INR,
                Clock.fixed(Instant.parse("2026-06-02T13:30:00Z"), ZoneOffset.UTC));
    }

    @Test
    void aSlowModelTimesOutIntoTheTemplateWithoutRetry() {
        ollama.always(new FakeOllama.Held(Duration.ofSeconds(30), GOOD));
        DailySummary summary = write(ollama.baseUrl(), Duration.ofMillis(300));
        assertThat(ollama.calls("/api/chat")).isEqualTo(1);
        assertThat(summary.verdict().reasons())
                .singleElement()
                .asString()
                .startsWith(
                        "timeout: POST /api/chat at "
                                + ollama.baseUrl()
                                + " gave no answer within 0 s");
        assertThat(summary.whatsApp()).isEqualTo(template);
    }

    @Test
    void aRefusedConnectionIsRetriedTwiceThenTheTemplate() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        DailySummary summary;
        List<String> warnings = new ArrayList<>();
        try (CapturedLogs client = new CapturedLogs(HttpOllamaClient.class);
                CapturedLogs writer = new CapturedLogs(SummaryWriter.class)) {
            summary = write(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5));
            Stream.concat(client.lines().stream(), writer.lines().stream())
                    .filter(l -> l.startsWith("WARN"))
                    .forEach(warnings::add);
        }
        assertThat(warnings)
                .as("one line says that Ollama is not there")
                .singleElement()
                .asString()
                .contains("is not reachable at http://127.0.0.1:" + port)
                .endsWith("using the template");
        assertThat(waits).hasSize(2);
        assertThat(summary.attempts()).isZero();
        assertThat(summary.verdict().reasons())
                .singleElement()
                .asString()
                .isEqualTo(
                        "unavailable: Ollama is not reachable at http://127.0.0.1:"
                                + port
                                + " (connection refused): start it with `ollama serve` or set OLLAMA_BASE_URL");
        assertThat(summary.whatsApp()).isEqualTo(template);
    }

    @Test
    void thePromptCarriesAggregatesAndRepNamesButNoLeadsContact() {
        // Leads as the CRM holds them; only their counts reach the numbers.
        record Lead(String name, String email, String phone, String source, String owner) {}
        List<Lead> leads =
                List.of(
                        new Lead(
                                "Asha Verma",
                                "asha.verma@example.com",
                                "+91 98765 43210",
                                "Web",
                                "Priya Sharma"),
                        new Lead(
                                "Rohan Mehta",
                                "rohan@mehta.in",
                                "+91 91234 56789",
                                "Web",
                                "Arjun Rao"),
                        new Lead(
                                "Kavya Iyer",
                                "kavya.iyer@example.org",
                                "+1 415 555 0199",
                                "Partner",
                                "Priya Sharma"));
        java.util.Map<String, Long> bySource = new java.util.TreeMap<>();
        java.util.Map<String, Long> byOwner = new java.util.TreeMap<>();
        leads.forEach(
                l -> {
                    bySource.merge(l.source(), 1L, Long::sum);
                    byOwner.merge(l.owner(), 1L, Long::sum);
                });
        DailyNumbers n = SummaryFixtures.numbers();
        DailyNumbers numbers =
                new DailyNumbers(
                        n.day(),
                        leads.size(),
                        bySource.entrySet().stream()
                                .map(e -> new DailyNumbers.NamedCount(e.getKey(), e.getValue()))
                                .toList(),
                        n.junkRateToday(),
                        n.junkRate7dAvg(),
                        n.conversionRateToday(),
                        n.conversionRate7dAvg(),
                        n.dealsWon(),
                        n.wonValue(),
                        n.openPipeline(),
                        n.openPipelineYesterday(),
                        byOwner.entrySet().stream()
                                .map(e -> new DailyNumbers.NamedCount(e.getKey(), e.getValue()))
                                .toList(),
                        n.alertsFiredByRule(),
                        n.alertsCapped());
        ollama.always(FakeOllama.content("not json"));
        new SummaryWriter(
                        new HttpOllamaClient(ollama.baseUrl()),
                        "llama3.2:1b",
                        SummaryFixtures.INR,
                        Clock.systemUTC())
                .write(numbers);
        for (JsonNode request : ollama.chatRequests()) {
            String sent = request.toString();
            for (Lead lead : leads) {
                assertThat(sent)
                        .doesNotContain(
                                lead.name(),
                                lead.email(),
                                lead.phone(),
                                lead.phone().replace(" ", ""));
            }
            assertThat(sent)
                    .doesNotContain("@")
                    .contains("Priya Sharma", "Arjun Rao", "Web", "Partner");
        }
        assertThat(ollama.chatRequests()).hasSize(2);
    }
}
