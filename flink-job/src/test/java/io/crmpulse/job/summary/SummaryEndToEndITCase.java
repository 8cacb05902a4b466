package io.crmpulse.job.summary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.TestJob;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.config.SummarySettings;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.Lead;
import io.crmpulse.simulator.world.WorldSnapshot;
import io.crmpulse.sinks.kafka.AlertsTopicSink;
import io.crmpulse.sinks.outbox.DeliveryPolicy;
import io.crmpulse.sinks.outbox.OutboxDatabase;
import io.crmpulse.sinks.outbox.WhatsAppOutboxSink;
import io.crmpulse.sinks.testing.InJvmKafka;
import io.crmpulse.sinks.testing.JobMetrics;
import io.crmpulse.sinks.twilio.FakeTwilio;
import io.crmpulse.sinks.twilio.TwilioSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5 end to end: the demo scenario against the whole job in a MiniCluster, an embedded
 * PostgreSQL, the fake Ollama (answering with the placeholders of the facts it was given, as a
 * model that keeps the rules would) and a real {@link WhatsAppOutboxSink} pointed at the fake
 * Twilio. The business day ends {@value #SECONDS_TO_SUMMARY} s after the start: exactly one {@code
 * ai_summaries} row, one WhatsApp POST per recipient, every number in both reports a display text
 * of the fact sheet, and no lead's name, e-mail or phone in any prompt. With {@code
 * --alerts-topic}, the summary and every alert also reach the topic, committed, once each.
 */
class SummaryEndToEndITCase {

    private static final JobMetrics METRICS = new JobMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .setConfiguration(METRICS.configuration())
                            .build());

    /** Time for the job to catch up with the demo's history (about 15 s) and its checkpoints. */
    static final long SECONDS_TO_SUMMARY = 40;

    /** Noon in the business zone, so the day cannot end at midnight during the test. */
    private static final ZoneOffset ZONE = TestDatabase.zoneAtNoon(Instant.now());

    private static final String FIRST = "whatsapp:+919812345678";
    private static final String SECOND = "whatsapp:+14155550123";
    private static final Pattern NUMBER = Pattern.compile("\\p{Nd}(?:[\\p{Nd},.]*\\p{Nd})?");
    private static final Pattern FACT_LINE =
            Pattern.compile("^(" + Fact.ID.pattern() + ") \\| .*$");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path stateDir;
    private TestDatabase database;
    private ZohoSimulator zoho;
    private FakeTwilio twilio;
    private FakeOllama ollama;
    private InJvmKafka kafka;
    private JobClient job;

    private static final String ALERTS_TOPIC = "summary-end-to-end.alerts";

    @BeforeEach
    void start() throws Exception {
        database = TestDatabase.start(stateDir, ZONE);
        twilio = FakeTwilio.start();
        kafka = InJvmKafka.shared();
        ollama = new FakeOllama().always(new FakeOllama.Answer(SummaryEndToEndITCase::answer));
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("demo"))
                        .userTimeZone(ZONE)
                        .port(0)
                        .start();
    }

    @AfterEach
    void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        zoho.close();
        twilio.close();
        ollama.close();
        database.close();
    }

    @Test
    void theDayEndsWithOneGroundedSummaryStoredAndSentOncePerRecipient() throws Exception {
        Instant start = Instant.now();
        LocalTime summaryTime =
                LocalTime.ofInstant(start, ZONE)
                        .plusSeconds(SECONDS_TO_SUMMARY)
                        .truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = LocalDate.ofInstant(start, ZONE);
        job = startJob(summaryTime);

        awaitUntil(
                start.plus(Duration.ofSeconds(SECONDS_TO_SUMMARY + 60)),
                () -> summaryPosts().size() >= 2);
        // Two more poll reports reach the trigger after the POSTs: a second summary would show.
        Instant posted = Instant.now();
        awaitUntil(
                posted.plus(Duration.ofSeconds(30)),
                () -> lastPoll().isAfter(posted.plusSeconds(4)));

        List<String> rows =
                database.rows(
                        "SELECT day || ' ' || status || ' ' || attempts || ' ' || verdict_reasons"
                                + " || ' ' || model || ' ' || length(prompt_hash) FROM ai_summaries");
        assertThat(rows).containsExactly(today + " grounded 1 [] llama3.2:1b 64");
        String whatsApp = database.rows("SELECT whatsapp_report FROM ai_summaries").get(0);
        String dashboard = database.rows("SELECT dashboard_report FROM ai_summaries").get(0);
        JsonNode facts =
                JSON.readTree(database.rows("SELECT facts::text FROM ai_summaries").get(0));

        // One POST per recipient, the stored report as it is.
        List<FakeTwilio.ReceivedRequest> posts = summaryPosts();
        assertThat(posts)
                .extracting(p -> p.formValue("To"))
                .containsExactlyInAnyOrder(FIRST, SECOND);
        assertThat(posts).allSatisfy(p -> assertThat(p.formValue("Body")).isEqualTo(whatsApp));
        assertThat(
                        database.rows(
                                "SELECT recipient || ' ' || status || ' ' || (provider_id LIKE 'SM%')"
                                        + " FROM notifications WHERE kind = 'summary' AND ref = '"
                                        + today
                                        + "' ORDER BY recipient"))
                .containsExactly(SECOND + " sent true", FIRST + " sent true");

        // The model's words, the job's numbers: every number is one of the sheet's displays.
        assertThat(facts.path("day").asText()).isEqualTo(today.toString());
        assertThat(new java.math.BigDecimal(factValue(facts, "open_pipeline")))
                .as("the tables held the CRM's deals when the day ended")
                .isPositive();
        List<String> displays = new ArrayList<>();
        facts.path("facts").forEach(f -> displays.add(f.path("display").asText()));
        assertThat(displays).hasSizeGreaterThan(5);
        assertThat(strayNumbers(whatsApp, displays)).isEmpty();
        assertThat(strayNumbers(dashboard, displays)).isEmpty();
        assertThat(whatsApp)
                .contains(fact(facts, "leads_today"))
                .contains(fact(facts, "open_pipeline"));
        assertThat(dashboard).contains(fact(facts, "leads_today"));

        // The model was asked once, with aggregates and rep names only.
        assertThat(ollama.chatRequests()).hasSize(1);
        assertNoLeadPersonalData(zoho.world().snapshot(), ollama.chatRequests());

        // What an operator sees: one grounded summary, one timed chat.
        assertThat(METRICS.count(job.getJobID(), "crmpulse.summary.grounded")).isEqualTo(1);
        assertThat(METRICS.count(job.getJobID(), "crmpulse.summary.fallback")).isZero();
        assertThat(METRICS.histogram(job.getJobID(), "crmpulse.summary.modelLatencyMs").getCount())
                .isEqualTo(1);
        assertThat(METRICS.count(job.getJobID(), "crmpulse.summary.modelErrors")).isZero();

        // The alerts topic: the summary as it went to WhatsApp, and the alerts table's alerts,
        // each once, after the checkpoint that commits them.
        awaitUntil(
                Instant.now().plus(Duration.ofSeconds(30)),
                () -> !topicMessages("summary").isEmpty());
        List<JsonNode> summaries = topicMessages("summary");
        assertThat(summaries).hasSize(1);
        assertThat(summaries.get(0).path("id").asText()).isEqualTo("summary:" + today);
        assertThat(summaries.get(0).path("day").asText()).isEqualTo(today.toString());
        assertThat(summaries.get(0).path("text").asText()).isEqualTo(whatsApp);
        List<String> alertIds = database.rows("SELECT alert_id FROM alerts");
        awaitUntil(
                Instant.now().plus(Duration.ofSeconds(30)),
                () -> topicMessages("alert").size() >= alertIds.size());
        assertThat(topicMessages("alert"))
                .extracting(m -> m.path("id").asText())
                .containsExactlyInAnyOrderElementsOf(database.rows("SELECT alert_id FROM alerts"));
    }

    /** The alerts topic's committed messages of {@code type}, as JSON. */
    private List<JsonNode> topicMessages(String type) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> message : kafka.read(ALERTS_TOPIC, "read_committed")) {
            JsonNode json = JSON.readTree(message.value());
            if (type.equals(json.path("type").asText())) {
                out.add(json);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------ checks

    /** The number tokens of {@code report} that sit inside no display text. */
    private static List<String> strayNumbers(String report, List<String> displays) {
        List<int[]> spans = new ArrayList<>();
        for (String display : displays) {
            for (int i = report.indexOf(display); i >= 0; i = report.indexOf(display, i + 1)) {
                spans.add(new int[] {i, i + display.length()});
            }
        }
        List<String> stray = new ArrayList<>();
        Matcher m = NUMBER.matcher(report);
        while (m.find()) {
            int s = m.start();
            int e = m.end();
            if (spans.stream().noneMatch(span -> span[0] <= s && e <= span[1])) {
                stray.add(m.group());
            }
        }
        return stray;
    }

    private static String factValue(JsonNode facts, String id) {
        for (JsonNode f : facts.path("facts")) {
            if (f.path("id").asText().equals(id)) {
                return f.path("value").asText();
            }
        }
        throw new AssertionError("no fact " + id + " in " + facts);
    }

    private static String fact(JsonNode facts, String id) {
        for (JsonNode f : facts.path("facts")) {
            if (f.path("id").asText().equals(id)) {
                return f.path("display").asText();
            }
        }
        throw new AssertionError("no fact " + id + " in " + facts);
    }

    private static void assertNoLeadPersonalData(WorldSnapshot world, List<JsonNode> requests) {
        Set<String> reps = new HashSet<>();
        world.leads().forEach(l -> reps.add(l.owner() == null ? "" : l.owner().name()));
        String prompts =
                requests.stream()
                        .flatMap(r -> Stream.of(r.path("messages").toString()))
                        .reduce("", String::concat);
        assertThat(world.leads()).hasSizeGreaterThan(1000);
        List<String> found = new ArrayList<>();
        for (Lead lead : world.leads()) {
            Stream.of(lead.fullName(), lead.email(), lead.phone())
                    .filter(v -> v != null && v.length() > 3 && !reps.contains(v))
                    .filter(prompts::contains)
                    .forEach(found::add);
        }
        assertThat(found).as("lead names, e-mails and phones in the prompt").isEmpty();
    }

    /**
     * What a model that keeps the rules answers: every MUST fact as a placeholder, in up to three
     * points, no number of its own.
     */
    static String answer(JsonNode request) {
        String user = request.path("messages").path(1).path("content").asText();
        List<String> must = new ArrayList<>();
        for (String line : user.split("\n")) {
            Matcher m = FACT_LINE.matcher(line);
            if (m.matches() && line.endsWith("| MUST")) {
                must.add(m.group(1));
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("headline", "The business day in brief");
        ArrayNode points = answer.putArray("points");
        int perPoint = (must.size() + 2) / 3;
        for (int i = 0; i < must.size(); i += perPoint) {
            List<String> ids = must.subList(i, Math.min(must.size(), i + perPoint));
            ObjectNode point = points.addObject();
            point.put(
                    "text",
                    "Figures to note: "
                            + String.join(", ", ids.stream().map(id -> "{" + id + "}").toList())
                            + ".");
            ArrayNode list = point.putArray("facts");
            ids.forEach(list::add);
        }
        ObjectNode action = answer.putArray("actions").addObject();
        action.put("text", "Review the open pipeline with the team tomorrow morning.");
        action.putArray("facts");
        return answer.toString();
    }

    // ------------------------------------------------------------------------------ the run

    private JobClient startJob(LocalTime summaryTime) throws Exception {
        PulseSettings settings = PulseSettings.defaults();
        SummarySettings summary = new SummarySettings(summaryTime, ollama.baseUrl(), "llama3.2:1b");
        DailySummaryStage stage =
                new DailySummaryStage(
                        summary,
                        database.settings(),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(2),
                        true);
        return TestJob.start(
                new CrmPulsePipeline(
                                TestJob.source(zoho, settings, Duration.ofSeconds(2)),
                                settings,
                                ZONE,
                                MetricsTables.sinkOptions(database.settings()),
                                sink(),
                                DisplayFormat.parse("INR"),
                                DashboardLinks.NONE)
                        .withDailySummary(stage)
                        .withAlertsTopic(
                                AlertsTopicSink.create(
                                        kafka.bootstrapServers(),
                                        new Properties(),
                                        ALERTS_TOPIC,
                                        Duration.ofMinutes(1))),
                TestJob.noRestarts(),
                "summary end to end");
    }

    private WhatsAppOutboxSink sink() {
        return new WhatsAppOutboxSink(
                new OutboxDatabase(
                        database.settings().url(),
                        database.settings().user(),
                        database.settings().password()),
                TwilioSettings.fromEnv(twilio.env(FIRST, SECOND)),
                DeliveryPolicy.defaults().withZone(ZONE).withPollInterval(Duration.ofSeconds(1)));
    }

    private List<FakeTwilio.ReceivedRequest> summaryPosts() {
        return twilio.posts().stream()
                .filter(
                        p ->
                                p.formValue("Body") != null
                                        && p.formValue("Body").startsWith("*CRM Pulse, "))
                .toList();
    }

    private Instant lastPoll() throws Exception {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT min(last_successful_poll) FROM sync_state")) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return t == null ? Instant.EPOCH : t.toInstant();
        }
    }

    private void awaitUntil(Instant deadline, Check check) throws Exception {
        while (!check.ok()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "Timed out; ai_summaries: "
                                + database.rows("SELECT day || ' ' || status FROM ai_summaries")
                                + "; POSTs: "
                                + twilio.postCount()
                                + "; chats: "
                                + ollama.calls("/api/chat"));
            }
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                throw new AssertionError("The job ended: " + job.getJobStatus().get());
            }
            Thread.sleep(250);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean ok() throws Exception;
    }
}
