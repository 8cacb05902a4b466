package io.crmpulse.sinks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.sinks.testing.CapturedLogs;
import io.crmpulse.sinks.testing.JobMetrics;
import io.crmpulse.sinks.testing.PostgresTestDatabase;
import io.crmpulse.sinks.twilio.FakeTwilio;
import io.crmpulse.sinks.twilio.FakeTwilio.FakeMessage;
import io.crmpulse.sinks.twilio.TwilioSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink in a Flink MiniCluster: a bounded stream of alerts and a summary becomes outbox rows for
 * every recipient, and the end of input delivers them (grouped) before the job finishes.
 */
class WhatsAppOutboxSinkITCase {

    private static final JobMetrics METRICS = new JobMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(1)
                            .setConfiguration(METRICS.configuration())
                            .build());

    private static final String CEO = "whatsapp:+919876543210";
    private static final String SALES = "whatsapp:+919812345678";

    private static PostgresTestDatabase postgres;
    private FakeTwilio twilio;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresTestDatabase.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void start() {
        postgres.truncateNotifications();
        twilio = FakeTwilio.start();
    }

    @AfterEach
    void stop() {
        twilio.close();
    }

    private JobID run(TwilioSettings settings, OutboxMessage... messages) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.getConfig().disableGenericTypes();
        env.fromData(TypeInformation.of(OutboxMessage.class), messages)
                .sinkTo(
                        new WhatsAppOutboxSink(
                                postgres.database(), settings, DeliveryPolicy.defaults()))
                .name("whatsapp-outbox")
                .uid("whatsapp-outbox");
        return env.execute("whatsapp outbox sink test").getJobID();
    }

    @Test
    void aBoundedRunWritesARowPerRecipientAndDeliversOneGroupedMessageEach() throws Exception {
        Instant now = Instant.now();
        TwilioSettings settings = TwilioSettings.fromEnv(twilio.env(CEO, SALES));

        JobID job =
                run(
                        settings,
                        OutboxMessage.alert(
                                "junk_spike:Google", "warning", "Junk spike on Google Ads", now),
                        OutboxMessage.alert(
                                "source_silent:Webinar", "warning", "Webinar went silent", now),
                        OutboxMessage.alert(
                                "volume_drop:total", "info", "Lead volume is 20% low", now));

        assertThat(rowCount("status = 'sent' AND provider_id IS NOT NULL")).isEqualTo(6);
        assertThat(twilio.postCount()).isEqualTo(2);
        for (String recipient : List.of(CEO, SALES)) {
            List<FakeMessage> received = twilio.messagesTo(recipient);
            assertThat(received).hasSize(1);
            assertThat(received.get(0).renderedText())
                    .isEqualTo(
                            "CRM Pulse: 3 alerts\n\n• Junk spike on Google Ads\n\n• Webinar went"
                                    + " silent\n\n• Lead volume is 20% low");
        }
        assertThat(twilio.duplicates(Duration.ofDays(1))).isEmpty();
        assertThat(METRICS.count(job, "crmpulse.outbox.sent")).isEqualTo(2);
        assertThat(METRICS.count(job, "crmpulse.outbox.dryRun")).isZero();
        assertThat(METRICS.count(job, "crmpulse.outbox.failed")).isZero();
        assertThat(METRICS.gauge(job, "crmpulse.outbox.pending")).isEqualTo(0L);
    }

    @Test
    void aSecondRunOfTheSameMessagesSendsNothingAgain() throws Exception {
        TwilioSettings settings = TwilioSettings.fromEnv(twilio.env(CEO));
        OutboxMessage summary =
                OutboxMessage.summary(LocalDate.of(2026, 3, 2), "Today: 42 leads", Instant.now());

        run(settings, summary);
        run(settings, summary);

        assertThat(rowCount("kind = 'summary' AND status = 'sent'")).isEqualTo(1);
        assertThat(twilio.postCount()).isEqualTo(1);
    }

    @Test
    void withoutTwilioTheRowsAreDryRunAndNothingIsPosted() throws Exception {
        TwilioSettings dryRun =
                TwilioSettings.fromEnv(Map.of(TwilioSettings.RECIPIENTS_ENV, CEO + "," + SALES));

        JobID job =
                run(
                        dryRun,
                        OutboxMessage.alert(
                                "big_deal_lost:D-1", "critical", "Big deal lost", Instant.now()));

        assertThat(rowCount("status = 'dry_run'")).isEqualTo(2);
        assertThat(twilio.requests()).isEmpty();
        assertThat(METRICS.count(job, "crmpulse.outbox.dryRun")).isEqualTo(2);
        assertThat(METRICS.count(job, "crmpulse.outbox.sent")).isZero();
    }

    @Test
    void aDryRunWithoutRecipientsStillKeepsAndPrintsEachMessage() throws Exception {
        try (CapturedLogs logs = new CapturedLogs(OutboxDispatcher.class)) {
            run(
                    TwilioSettings.fromEnv(Map.of()),
                    OutboxMessage.alert(
                            "big_deal_lost:D-2", "critical", "Big deal lost: D-2", Instant.now()));

            assertThat(rowCount("status = 'dry_run' AND recipient = 'log'")).isEqualTo(1);
            assertThat(rowCount("true")).isEqualTo(1);
            assertThat(logs.lines())
                    .anySatisfy(m -> assertThat(m).contains("message to log").contains("D-2"));
        }
        assertThat(twilio.requests()).isEmpty();
    }

    private static int rowCount(String where) throws Exception {
        try (Connection c = postgres.connect();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT count(*) FROM notifications WHERE " + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
