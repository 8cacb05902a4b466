package io.crmpulse.job.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.config.DashboardLinks;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.metrics.MetricRows;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.job.source.CrmChangeSource;
import io.crmpulse.job.sync.SyncProgressLogger;
import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.simulator.world.CrmRecord;
import io.crmpulse.simulator.world.Deal;
import io.crmpulse.simulator.world.Lead;
import io.crmpulse.simulator.world.Rep;
import io.crmpulse.sinks.testing.InJvmKafka;
import io.crmpulse.sinks.testing.JobMetrics;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.source.ZohoSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.annotation.Nullable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --source kafka} end to end: Debezium change events in an in-JVM Kafka broker, through the
 * whole job, into a real (embedded) PostgreSQL.
 */
class KafkaSourceITCase {

    private static final JobMetrics METRICS = new JobMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(flinkConfiguration())
                            .build());

    /** Accumulators reach the client with the heartbeats: each second, as the laptop has it. */
    private static Configuration flinkConfiguration() {
        Configuration conf = METRICS.configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofSeconds(1));
        return conf;
    }

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    /** The tables the job computes, without the times their rows were written. */
    private static final List<String> TABLES =
            List.of(
                    "crm_leads",
                    "crm_deals",
                    "lead_source_quality",
                    "rep_pipeline",
                    "daily_source_stats",
                    "daily_rep_stats");

    @TempDir static Path stateDir;
    private static TestDatabase database;
    private static InJvmKafka kafka;
    private static final AtomicLong OFFSETS_TS = new AtomicLong();

    @BeforeAll
    static void start() throws IOException {
        database = TestDatabase.start(stateDir, ZONE);
        kafka = InJvmKafka.shared();
    }

    @AfterAll
    static void stop() {
        if (database != null) {
            database.close();
        }
    }

    @BeforeEach
    void emptyTables() throws Exception {
        truncate();
    }

    private static void truncate() throws Exception {
        List<String> all = new ArrayList<>(TABLES);
        all.addAll(List.of("deal_stage_events", "sync_state", "dead_letters", "alerts"));
        database.truncate(all.toArray(String[]::new));
    }

    /**
     * The same CRM, its history and then a stream of edits, conversions, bulk edits, deletions and
     * new records, once through the Zoho simulator's API and once as a Debezium connector would
     * capture the CRM's own database: a snapshot ({@code r}), then inserts, updates, deletes with
     * their tombstones. Leads come with the schema wrapper (microsecond timestamps), deals without
     * it, with {@code decimal.handling.mode=string} and millisecond timestamps declared in the
     * mapping. Every table must be the same, row for row.
     */
    @Test
    void debeziumChangesYieldTheSameTablesAsTheSameChangesThroughZoho() throws Exception {
        SimClock clock = SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (ZohoSimulator zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(5)
                        .userTimeZone(ZoneId.of("America/Los_Angeles"))
                        .clock(clock)
                        .port(0)
                        .start()) {
            String leadsTopic = "crm1.public.leads";
            String dealsTopic = "crm1.public.deals";
            createTopics(leadsTopic, dealsTopic);
            Map<String, CrmRecord> before = live(zoho);
            List<ProducerRecord<String, String>> events = new ArrayList<>();
            before.values().forEach(r -> events.add(event(leadsTopic, dealsTopic, "r", null, r)));

            clock.advance(Duration.ofMinutes(5));
            zoho.world().editLeads(120);
            zoho.world().convertLeads(30);
            zoho.world().bulkEditLeads(250);
            zoho.world().deleteLeads(40);
            zoho.world().createLeads(25);
            zoho.world().editDeals(60);
            zoho.world().deleteDeals(15);
            zoho.world().createDeals(10);
            Map<String, CrmRecord> after = live(zoho);
            int deletes = 0;
            for (Map.Entry<String, CrmRecord> old : before.entrySet()) {
                CrmRecord now = after.get(old.getKey());
                if (now == null) {
                    events.add(event(leadsTopic, dealsTopic, "d", old.getValue(), null));
                    String topic = old.getValue() instanceof Lead ? leadsTopic : dealsTopic;
                    events.add(new ProducerRecord<>(topic, key(old.getValue()), null));
                    deletes++;
                } else if (!now.equals(old.getValue())) {
                    events.add(event(leadsTopic, dealsTopic, "u", old.getValue(), now));
                }
            }
            for (Map.Entry<String, CrmRecord> now : after.entrySet()) {
                if (!before.containsKey(now.getKey())) {
                    events.add(event(leadsTopic, dealsTopic, "c", null, now.getValue()));
                }
            }
            assertThat(deletes).as("leads and deals deleted").isGreaterThan(40);
            produce(events);

            run(zohoSource(zoho));
            Map<String, List<String>> throughZoho = tables();
            truncate();
            PulseSettings settings =
                    PulseSettings.parse(
                            "kafka_leads:\n"
                                    + "  topic: "
                                    + leadsTopic
                                    + "\n"
                                    + "kafka_deals:\n"
                                    + "  topic: "
                                    + dealsTopic
                                    + "\n"
                                    + "  created: {column: created_at, type: epoch_ms}\n"
                                    + "  modified: {column: updated_at, type: epoch_ms}\n",
                            "pulse.yaml");
            JobExecutionResult result = run(kafkaSource(settings, "same-tables"), settings);

            assertThat(tables()).isEqualTo(throughZoho);
            try (Connection c = database.connect()) {
                MetricRows.assertTablesEqualReferenceSqlAndTruth(c, zoho.truth(), ZONE);
                assertThat(MetricRows.query(c, "SELECT count(*) FROM dead_letters"))
                        .containsExactly("0");
                assertThat(
                                MetricRows.query(
                                        c,
                                        "SELECT module, records_synced, api_calls FROM"
                                                + " sync_state ORDER BY module"))
                        .containsExactly(
                                "Deals|" + count(events, dealsTopic) + "|0",
                                "Leads|" + count(events, leadsTopic) + "|0");
            }
            assertThat(METRICS.count(result.getJobID(), "crmpulse.kafkaTombstones"))
                    .isEqualTo(deletes);
        }
    }

    /** The change events (not the tombstones) produced to {@code topic}. */
    private static long count(List<ProducerRecord<String, String>> events, String topic) {
        return events.stream().filter(e -> e.topic().equals(topic) && e.value() != null).count();
    }

    /**
     * Messages that are not JSON, not change events, a truncate, a row whose columns cannot be read
     * or whose values the tables cannot hold: each lands in dead_letters with its topic, partition
     * and offset, the rest reach the tables, and another table's events on the topic are skipped
     * and counted.
     */
    @Test
    void malformedMessagesLandInDeadLettersWithTheirCoordinatesAndTheStreamGoesOn()
            throws Exception {
        String topic = "crm2.all";
        createTopics(topic);
        long ts = Instant.now().toEpochMilli();
        String t = Instant.ofEpochMilli(ts).truncatedTo(ChronoUnit.SECONDS).toString();
        DebeziumEvents.Row good1 = leadRow("1", "Web", "Contacted", t);
        DebeziumEvents.Row good2 = leadRow("2", "Web", "Junk Lead", t);
        produce(
                List.of(
                        new ProducerRecord<>(topic, "k0", "{not json"),
                        new ProducerRecord<>(
                                topic,
                                "k1",
                                DebeziumEvents.event("c", null, good1, ts, "leads", false)),
                        new ProducerRecord<>(topic, "k2", "{\"hello\":\"world\"}"),
                        new ProducerRecord<>(
                                topic,
                                "k3",
                                DebeziumEvents.event(
                                        "c",
                                        null,
                                        leadRow("3", "Web", "Contacted", "yesterday"),
                                        ts,
                                        "leads",
                                        false)),
                        new ProducerRecord<>(
                                topic,
                                "k4",
                                DebeziumEvents.event(
                                        "c",
                                        null,
                                        leadRow("4", "Web\u0000", "Contacted", t),
                                        ts,
                                        "leads",
                                        false)),
                        new ProducerRecord<>(
                                topic,
                                "k5",
                                DebeziumEvents.event(
                                        "c",
                                        null,
                                        new DebeziumEvents.Row().bigint("id", 9L),
                                        ts,
                                        "contacts",
                                        false)),
                        new ProducerRecord<>(
                                topic,
                                "k6",
                                DebeziumEvents.event("t", null, null, ts, "leads", false)),
                        new ProducerRecord<>(
                                topic,
                                "k7",
                                DebeziumEvents.event("c", null, good2, ts, "leads", false))));
        PulseSettings settings =
                PulseSettings.parse(
                        "kafka_leads:\n  topic: "
                                + topic
                                + "\n  table: leads\n"
                                + "kafka_deals:\n  topic: "
                                + topic
                                + "\n  table: deals\n",
                        "pulse.yaml");

        JobExecutionResult result = run(kafkaSource(settings, "malformed"), settings);

        try (Connection c = database.connect()) {
            assertThat(
                            MetricRows.query(
                                    c,
                                    "SELECT id, lead_source, status_class FROM crm_leads ORDER BY id"))
                    .containsExactly("1|Web|contacted", "2|Web|junk");
            List<String> letters =
                    MetricRows.query(
                            c,
                            "SELECT module, record_id, reason FROM dead_letters ORDER BY reason");
            assertThat(letters)
                    .containsExactlyInAnyOrder(
                            "Leads|null|the message is not JSON (line 1, column 2) (Kafka topic"
                                    + " crm2.all, partition 0, offset 0)",
                            "Leads|null|not a Debezium change event (no op) (Kafka topic"
                                    + " crm2.all, partition 0, offset 2)",
                            "Leads|3|column created_at (leads created) is not an ISO-8601"
                                    + " date-time: \"yesterday\"; column updated_at (leads"
                                    + " modified) is not an ISO-8601 date-time: \"yesterday\""
                                    + " (Kafka topic crm2.all, partition 0, offset 3)",
                            "Leads|4|Lead_Source contains a NUL character (U+0000), which"
                                    + " PostgreSQL text cannot store: \"Web\\u0000\" (Kafka topic"
                                    + " crm2.all, partition 0, offset 4)",
                            "Leads|null|a truncate of the whole table cannot be applied record by"
                                    + " record: delete the rows instead, or restart the job without"
                                    + " its state to read the table afresh (Kafka topic crm2.all,"
                                    + " partition 0, offset 6)");
        }
        assertThat(METRICS.count(result.getJobID(), "crmpulse.deadLetters")).isEqualTo(5);
        assertThat(METRICS.count(result.getJobID(), "crmpulse.kafkaSkipped")).isEqualTo(1);
    }

    /**
     * A run that does not end ({@code --until-caught-up} on the laptop keeps the source open and
     * stops with a savepoint): its progress reports say caught up once the offsets committed with a
     * checkpoint reach the end of every partition, and by then the tables hold every change. A run
     * resumed from its savepoint reads only what came since: the offsets and the counts live in the
     * savepoint.
     */
    @Test
    void anOpenEndedRunReportsCaughtUpAndItsSavepointKeepsTheOffsets() throws Exception {
        String leads = "crm3.public.leads";
        String deals = "crm3.public.deals";
        createTopics(leads, deals);
        long ts = Instant.now().toEpochMilli();
        String t = Instant.ofEpochMilli(ts).truncatedTo(ChronoUnit.SECONDS).toString();
        List<ProducerRecord<String, String>> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(leadEvent(leads, "r", i, ts, t));
        }
        produce(events);
        PulseSettings settings =
                PulseSettings.parse(
                        "kafka_leads:\n  topic: "
                                + leads
                                + "\nkafka_deals:\n  topic: "
                                + deals
                                + "\n",
                        "pulse.yaml");
        KafkaCrmSource open =
                new KafkaCrmSource(
                        kafka.bootstrapServers(),
                        "open-ended",
                        new Properties(),
                        settings.kafka().mapping(),
                        false,
                        Duration.ofMillis(500));

        JobClient first = environment(open, settings, null).executeAsync("open-ended");
        String savepoint;
        try {
            awaitCaughtUp(first);
            assertThat(syncedAndLeads()).containsExactly("Deals|0|0", "Leads|30|0", "30");
        } finally {
            savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    stateDir.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get(1, TimeUnit.MINUTES);
        }
        // While the job is stopped: five new leads, and one deleted (with its tombstone).
        List<ProducerRecord<String, String>> more = new ArrayList<>();
        for (int i = 30; i < 35; i++) {
            more.add(leadEvent(leads, "c", i, ts + 1000, t));
        }
        more.add(
                new ProducerRecord<>(
                        leads,
                        "L0",
                        DebeziumEvents.event(
                                "d",
                                leadRow("L0", "Web", "Contacted", t),
                                null,
                                ts + 2000,
                                "leads",
                                false)));
        more.add(new ProducerRecord<>(leads, "L0", null));
        produce(more);

        JobClient resumed = environment(open, settings, savepoint).executeAsync("resumed");
        try {
            awaitCaughtUp(resumed);
            assertThat(syncedAndLeads())
                    .as("30 changes before the savepoint and 6 after, none read twice")
                    .containsExactly("Deals|0|0", "Leads|36|0", "34");
        } finally {
            resumed.cancel().get(1, TimeUnit.MINUTES);
        }
    }

    /**
     * A run that starts afresh does not take the offsets an earlier run committed under the same
     * consumer group for its own progress: they are deleted, and the lag counts from the start.
     */
    @Test
    void anEarlierRunsCommittedOffsetsDoNotCountAsThisRunsProgress() throws Exception {
        String topic = "crm4.public.leads";
        createTopics(topic);
        List<ProducerRecord<String, String>> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            events.add(leadEvent(topic, "r", i, 0, "2026-12-07T09:00:00Z"));
        }
        produce(events);
        Properties client = new Properties();
        client.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(client);
                KafkaLag lag = new KafkaLag(client, "earlier", List.of(topic, "crm4.none"))) {
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            admin.listOffsets(
                            Map.of(
                                    new TopicPartition(topic, 0), OffsetSpec.latest(),
                                    new TopicPartition(topic, 1), OffsetSpec.latest(),
                                    new TopicPartition(topic, 2), OffsetSpec.latest()))
                    .all()
                    .get()
                    .forEach((tp, end) -> ends.put(tp, new OffsetAndMetadata(end.offset())));
            admin.alterConsumerGroupOffsets("earlier", ends).all().get();
            assertThat(lag.lag()).isEqualTo(new KafkaLag.Lag(0, List.of("crm4.none")));

            lag.forgetCommittedOffsets();

            assertThat(lag.lag()).isEqualTo(new KafkaLag.Lag(6, List.of("crm4.none")));
            lag.forgetCommittedOffsets(); // a group the broker no longer knows is no error
        }
    }

    private static ProducerRecord<String, String> leadEvent(
            String topic, String op, int i, long ts, String created) {
        return new ProducerRecord<>(
                topic,
                "L" + i,
                DebeziumEvents.event(
                        op,
                        null,
                        leadRow("L" + i, "Web", "Contacted", created),
                        ts,
                        "leads",
                        false));
    }

    /** Waits until a progress report of {@code job} said caught up. */
    private static void awaitCaughtUp(JobClient job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        Object caughtUp = null;
        while (!(caughtUp instanceof Integer n && n > 0)) {
            assertThat(System.nanoTime()).as("caught up within 2 minutes").isLessThan(deadline);
            Thread.sleep(200);
            caughtUp =
                    job.getAccumulators()
                            .get(30, TimeUnit.SECONDS)
                            .get(SyncProgressLogger.CAUGHT_UP_ACCUMULATOR);
        }
    }

    /** {@code sync_state}'s module, records synced and API calls, then the leads' count. */
    private static List<String> syncedAndLeads() throws Exception {
        try (Connection c = database.connect()) {
            List<String> out =
                    new ArrayList<>(
                            MetricRows.query(
                                    c,
                                    "SELECT module, records_synced, api_calls FROM sync_state"
                                            + " ORDER BY module"));
            out.addAll(MetricRows.query(c, "SELECT count(*) FROM crm_leads"));
            return out;
        }
    }

    private static DebeziumEvents.Row leadRow(
            String id, String source, String status, String created) {
        return new DebeziumEvents.Row()
                .text("id", id)
                .text("lead_source", source)
                .text("lead_status", status)
                .text("owner_id", "u1")
                .text("owner_name", "Asha Rao")
                .text("created_at", created)
                .text("updated_at", created)
                .bool("converted", false)
                .text("converted_at", null);
    }

    // ------------------------------------------------------------------ the CRM as Debezium sees
    // it

    private static Map<String, CrmRecord> live(ZohoSimulator zoho) {
        Map<String, CrmRecord> out = new LinkedHashMap<>();
        for (CrmModule module : CrmModule.values()) {
            for (CrmRecord record : zoho.world().liveRecords(module)) {
                out.put(module.apiName() + ":" + record.id(), record);
            }
        }
        return out;
    }

    private static ProducerRecord<String, String> event(
            String leadsTopic,
            String dealsTopic,
            String op,
            @Nullable CrmRecord before,
            @Nullable CrmRecord after) {
        CrmRecord any = after != null ? after : before;
        boolean lead = any instanceof Lead;
        long ts = (after != null ? modified(after) : Instant.now()).toEpochMilli();
        return new ProducerRecord<>(
                lead ? leadsTopic : dealsTopic,
                key(any),
                DebeziumEvents.event(
                        op,
                        before == null ? null : row(before),
                        after == null ? null : row(after),
                        ts,
                        lead ? "leads" : "deals",
                        lead));
    }

    private static Instant modified(CrmRecord record) {
        return record instanceof Lead lead ? lead.modifiedTime() : ((Deal) record).modifiedTime();
    }

    private static String key(CrmRecord record) {
        return DebeziumEvents.key(
                DebeziumEvents.NODES.textNode(record.id()), record instanceof Lead);
    }

    private static DebeziumEvents.Row row(CrmRecord record) {
        if (record instanceof Lead lead) {
            return new DebeziumEvents.Row()
                    .text("id", lead.id())
                    .text("first_name", lead.firstName())
                    .text("email", lead.email())
                    .text("lead_source", lead.leadSource())
                    .text("lead_status", lead.leadStatus())
                    .text("owner_id", ownerId(lead.owner()))
                    .text("owner_name", ownerName(lead.owner()))
                    .micros("created_at", micros(lead.createdTime()))
                    .micros("updated_at", micros(lead.modifiedTime()))
                    .bool("converted", lead.converted())
                    .micros("converted_at", micros(lead.convertedTime()));
        }
        Deal deal = (Deal) record;
        return new DebeziumEvents.Row()
                .text("id", deal.id())
                .text("deal_name", deal.dealName())
                .text("stage", deal.stage())
                .number("amount", plain(deal.amount()))
                .number("exchange_rate", plain(deal.exchangeRate()))
                .put("probability", deal.probability(), "int32", null)
                .date(
                        "closing_date",
                        deal.closingDate() == null ? null : (int) deal.closingDate().toEpochDay())
                .text("owner_id", ownerId(deal.owner()))
                .text("owner_name", ownerName(deal.owner()))
                .text("lead_source", deal.leadSource())
                .put("created_at", millis(deal.createdTime()), "int64", null)
                .put("updated_at", millis(deal.modifiedTime()), "int64", null);
    }

    @Nullable
    private static String plain(@Nullable BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    @Nullable
    private static String ownerId(@Nullable Rep rep) {
        return rep == null ? null : rep.id();
    }

    @Nullable
    private static String ownerName(@Nullable Rep rep) {
        return rep == null ? null : rep.name();
    }

    /** As Zoho shows it, to the second. */
    @Nullable
    private static Long micros(@Nullable Instant at) {
        return at == null ? null : at.getEpochSecond() * 1_000_000L;
    }

    @Nullable
    private static Long millis(@Nullable Instant at) {
        return at == null ? null : at.getEpochSecond() * 1_000L;
    }

    // ------------------------------------------------------------------ Kafka, the job, the tables

    private static void createTopics(String... topics) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            List<NewTopic> created = new ArrayList<>();
            for (String topic : topics) {
                // Three partitions: the job must keep each record's versions in order all the same.
                created.add(new NewTopic(topic, topic.endsWith(".all") ? 1 : 3, (short) 1));
            }
            admin.createTopics(created).all().get();
        }
    }

    private static void produce(List<ProducerRecord<String, String>> records) throws Exception {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", kafka.bootstrapServers());
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record).get();
            }
        }
    }

    private static KafkaCrmSource kafkaSource(PulseSettings settings, String group) {
        return new KafkaCrmSource(
                kafka.bootstrapServers(),
                group + "-" + OFFSETS_TS.incrementAndGet(),
                new Properties(),
                settings.kafka().mapping(),
                true,
                Duration.ofSeconds(1));
    }

    private static ZohoSource zohoSource(ZohoSimulator zoho) {
        return ZohoSource.builder()
                .setModules(List.of(ZohoModule.of("Leads"), ZohoModule.of("Deals")))
                .setHttpClient(
                        ZohoClientConfig.of(zoho.baseUrl(), null),
                        ZohoCredentials.of(
                                zoho.clientId(), zoho.clientSecret(), zoho.refreshToken()))
                .setBounded(true)
                .build();
    }

    private static JobExecutionResult run(ZohoSource source) throws Exception {
        return run(CrmChangeSource.zoho(source), PulseSettings.defaults());
    }

    private static JobExecutionResult run(CrmChangeSource source, PulseSettings settings)
            throws Exception {
        return environment(source, settings, null).execute("kafka source");
    }

    /**
     * The job over {@code source}, checkpointing every 500 ms; a failure fails the test.
     *
     * @param savepoint where the job resumes from, or null
     */
    private static StreamExecutionEnvironment environment(
            CrmChangeSource source, PulseSettings settings, @Nullable String savepoint) {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        new CrmPulsePipeline(
                        source,
                        settings,
                        ZONE,
                        MetricsTables.sinkOptions(database.settings()),
                        new DiscardingSink<>(),
                        DisplayFormat.parse("INR"),
                        DashboardLinks.NONE)
                .build(env);
        return env;
    }

    /** Every computed table's rows as JSON, without the times they were written, sorted. */
    private static Map<String, List<String>> tables() throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = database.connect()) {
            for (String table : TABLES) {
                out.put(
                        table,
                        MetricRows.query(
                                c,
                                "SELECT (to_jsonb(t) - 'updated_at' - 'synced_at')::text AS row"
                                        + " FROM "
                                        + table
                                        + " t ORDER BY 1"));
            }
        }
        return out;
    }
}
