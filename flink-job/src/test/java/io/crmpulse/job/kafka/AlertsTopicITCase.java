package io.crmpulse.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.PulseJob;
import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.KafkaConnection;
import io.crmpulse.job.config.PulseConfig;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.metrics.MetricRows;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.sinks.kafka.AlertsTopicSink;
import io.crmpulse.sinks.testing.InJvmKafka;
import io.crmpulse.zoho.ZohoSyncMode;
import io.crmpulse.zoho.model.RecordChange;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --alerts-topic}: the job fails in the middle of a stream of lost deals and restarts from
 * its last checkpoint; a {@code read_committed} consumer of the topic then reads every alert
 * exactly once, the same alerts as the {@code alerts} table holds.
 */
class AlertsTopicITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final String TOPIC = "alerts-topic-it.alerts";
    private static final int DEALS = 40;

    /** The source emits this many changes after each completed checkpoint, then waits. */
    private static final int PER_CHECKPOINT = 10;

    /**
     * The failure comes at this change, in the middle of a batch: changes 60 to 64 (two lost deals)
     * went downstream after the last checkpoint that can complete.
     */
    private static final long FAIL_AT = 65;

    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong FIRST_AFTER_FAILURE = new AtomicLong(-1);

    @TempDir static Path stateDir;
    private static TestDatabase database;
    private static InJvmKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.start(stateDir, ZONE);
        kafka = InJvmKafka.shared();
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aFailureInTheMiddleNeitherLosesNorDuplicatesAnAlertOnTheTopic() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Deal i is opened, then lost: every loss fires R4 (any amount from 1 is big here).
        GeneratorFunction<Long, RecordChange> changes =
                index -> {
                    if (FAILED.get()) {
                        FIRST_AFTER_FAILURE.compareAndSet(-1, index);
                    } else if (index == FAIL_AT) {
                        FAILED.set(true);
                        // Time for the alerts of changes 61 and 63 to reach the topic, in a
                        // transaction that no checkpoint commits: the source is busy, so none can
                        // complete meanwhile.
                        Thread.sleep(2000);
                        throw new IllegalStateException("injected failure at change " + index);
                    }
                    return deal(base, index);
                };
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(300);
        new CrmPulsePipeline(
                        new DataGeneratorSource<>(
                                changes,
                                2L * DEALS,
                                RateLimiterStrategy.perCheckpoint(PER_CHECKPOINT),
                                TypeInformation.of(RecordChange.class)),
                        PulseSettings.parse("big_deal_lost:\n  abs_floor: 1\n", "pulse.yaml"),
                        ZONE,
                        MetricsTables.sinkOptions(database.settings()),
                        new DiscardingSink<>(),
                        DisplayFormat.parse("INR"),
                        DashboardLinks.NONE)
                .withAlertsTopic(
                        AlertsTopicSink.create(
                                kafka.bootstrapServers(),
                                new Properties(),
                                TOPIC,
                                Duration.ofMinutes(1)))
                .build(env);

        env.execute("alerts topic");

        assertThat(FAILED).as("the failure was injected").isTrue();
        assertThat(FIRST_AFTER_FAILURE.get())
                .as("the restarted job went on from the last checkpoint, before changes 60 to 64")
                .isEqualTo(FAIL_AT - FAIL_AT % PER_CHECKPOINT);
        assertThat(kafka.read(TOPIC, "read_uncommitted"))
                .as("the aborted transaction held alerts that came again after the restart")
                .hasSizeGreaterThan(DEALS);
        List<ConsumerRecord<String, String>> committed = kafka.read(TOPIC, "read_committed");
        List<String> ids = committed.stream().map(ConsumerRecord::key).toList();
        assertThat(ids).as("one message per lost deal").hasSize(DEALS).doesNotHaveDuplicates();
        try (Connection c = database.connect()) {
            assertThat(MetricRows.query(c, "SELECT alert_id FROM alerts"))
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
        JsonNode first = DebeziumEvents.JSON.readTree(committed.get(0).value());
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.get("type").asText()).isEqualTo("alert");
        assertThat(first.get("id").asText()).isEqualTo(committed.get(0).key());
        assertThat(first.get("rule").asText()).isEqualTo("R4_BIG_DEAL_LOST");
        assertThat(first.get("rule_name").asText()).isEqualTo("Big deal lost");
        assertThat(first.get("severity").asText()).isEqualTo("critical");
        assertThat(first.get("text").asText()).startsWith("Big deal lost");
        assertThat(first.get("link").isNull()).isTrue();
        Set<String> fields = new HashSet<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertThat(fields)
                .containsExactlyInAnyOrder(
                        "version",
                        "type",
                        "id",
                        "rule",
                        "rule_name",
                        "subject",
                        "severity",
                        "fired_at",
                        "window_start",
                        "window_end",
                        "observed",
                        "expected",
                        "n",
                        "test",
                        "text",
                        "link");
    }

    @Test
    void aTransactionTimeoutAboveTheBrokersMaximumStopsTheJobAtStart() {
        PulseConfig config =
                PulseConfig.fromEnvironment(Map.of(), false)
                        .withSettings(
                                PulseSettings.parse(
                                        "kafka:\n  transaction_timeout: 20m\n", "pulse.yaml"));
        PulseJob job =
                new PulseJob(config, database.settings(), ZohoSyncMode.CONTINUOUS)
                        .withKafka(
                                PulseJob.Source.ZOHO,
                                Optional.of(
                                        new KafkaConnection(
                                                kafka.bootstrapServers(), new Properties())),
                                TOPIC);

        assertThatThrownBy(
                        () ->
                                job.addTo(
                                        StreamExecutionEnvironment.getExecutionEnvironment(),
                                        Duration.ofSeconds(5),
                                        Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "kafka.transaction_timeout (20m) must be at most the brokers'"
                                + " transaction.max.timeout.ms (15m), or they refuse the alerts"
                                + " topic's transactions");
    }

    /** Change {@code index}: deal {@code index / 2} opened (even) or lost (odd). */
    private static RecordChange deal(Instant base, long index) {
        long deal = index / 2;
        boolean lost = index % 2 == 1;
        Instant modified = base.plusSeconds(index);
        String json =
                DebeziumEvents.NODES
                        .objectNode()
                        .put("id", "D" + deal)
                        .put("Deal_Name", "Deal " + deal)
                        .put("Stage", lost ? "Closed Lost" : "Negotiation/Review")
                        .put("Amount", 1000 + deal)
                        .put("Lead_Source", "Web")
                        .put("Created_Time", base.minus(Duration.ofHours(1)).toString())
                        .put("Modified_Time", modified.toString())
                        .set(
                                "Owner",
                                DebeziumEvents.NODES
                                        .objectNode()
                                        .put("id", "u1")
                                        .put("name", "Asha Rao"))
                        .toString();
        return RecordChange.upsert("Deals", "D" + deal, modified, json);
    }
}
