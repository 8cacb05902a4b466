package io.crmpulse.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.kafka.DebeziumEvents;
import io.crmpulse.job.metrics.MetricRows;
import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.sinks.testing.InJvmKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flink run} of the cluster job jar ({@code target/crm-pulse-job.jar}, built by the package
 * phase) on a real Flink 1.20 standalone session cluster, a JobManager and a TaskManager in JVMs of
 * their own ({@link FlinkSessionCluster}), against the Zoho simulator and an embedded PostgreSQL:
 * what the README's "Running on a Flink cluster" says, step by step.
 */
class FlinkClusterITCase {

    private static final Path JOB_JAR = Path.of("target", "crm-pulse-job.jar");
    private static final Pattern SUBMITTED =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    @TempDir static Path work;
    private static FlinkSessionCluster cluster;
    private static TestDatabase database;
    private static ZohoSimulator zoho;

    @BeforeAll
    static void start() throws Exception {
        assertThat(JOB_JAR).as("built by the package phase").exists();
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(11)
                        .clock(SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS)))
                        .port(0)
                        .start();
        database = TestDatabase.start(work.resolve("db"), ZoneOffset.UTC);
        cluster = FlinkSessionCluster.start(work.resolve("flink"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (database != null) {
            database.close();
        }
        if (zoho != null) {
            zoho.close();
        }
    }

    @Test
    void flinkRunSubmitsTheJarAndAStopWithSavepointUpgradeLosesNothing() throws Exception {
        List<String> podcastLeads = zoho.world().createLeads(2, "Podcast", "Not Contacted");

        Run submit = flink(environment(), "run", "-d", JOB_JAR.toString());

        assertThat(submit.exitCode).as(submit.output).isZero();
        String job = jobId(submit);
        // The detached client returned at submission, while the job runs on.
        assertThat(cluster.awaitState(job, "RUNNING")).isEqualTo("RUNNING");
        assertThat(operatorNames(job))
                .as("Flink's web UI shows the job's operators by name")
                .anySatisfy(n -> assertThat(n).startsWith("Source: Zoho CRM"))
                .anySatisfy(n -> assertThat(n).contains("normalize"))
                .anySatisfy(n -> assertThat(n).contains("alerts: R4 big deal lost"))
                .anySatisfy(n -> assertThat(n).contains("daily summary writer"))
                .anySatisfy(
                        n -> assertThat(n).contains("lead_source_quality").contains("Committer"))
                .anySatisfy(n -> assertThat(n).isEqualTo("WhatsApp outbox: Writer"));
        awaitTablesEqualTheTruth();

        Run stop =
                flink(
                        Map.of(),
                        "stop",
                        "--savepointPath",
                        cluster.savepoints().toUri().toString(),
                        job);
        assertThat(stop.exitCode).as(stop.output).isZero();
        Matcher savepoint = SAVEPOINT.matcher(stop.output);
        assertThat(savepoint.find()).as(stop.output).isTrue();
        assertThat(cluster.awaitState(job, "FINISHED")).isEqualTo("FINISHED");

        // While the job is down: the Podcast source loses its last lead, others come and change.
        podcastLeads.forEach(id -> zoho.world().deleteRecord("Leads", id));
        zoho.world().editLeads(25);
        zoho.world().convertLeads(4);
        zoho.world().createLeads(3, "Trade Show", "Not Contacted");
        zoho.world().editDeals(10);
        zoho.world().deleteDeals(2);

        Run resubmit =
                flink(environment(), "run", "-d", "-s", savepoint.group(1), JOB_JAR.toString());

        assertThat(resubmit.exitCode).as(resubmit.output).isZero();
        String upgraded = jobId(resubmit);
        try {
            assertThat(cluster.awaitState(upgraded, "RUNNING")).isEqualTo("RUNNING");
            assertThat(
                            cluster.get("/jobs/" + upgraded + "/checkpoints")
                                    .path("latest")
                                    .path("restored")
                                    .path("external_path")
                                    .asText())
                    .as("restored from the savepoint, every operator's state")
                    .isEqualTo(savepoint.group(1));
            awaitTablesEqualTheTruth();
            try (Connection c = database.connect()) {
                assertThat(
                                MetricRows.query(
                                        c,
                                        "SELECT count(*) FROM lead_source_quality"
                                                + " WHERE lead_source = 'Podcast'"))
                        .as("the emptied source's row is gone")
                        .containsExactly("0");
            }
        } finally {
            cancel(upgraded);
        }
    }

    /**
     * {@code --source kafka} and {@code --alerts-topic} on the cluster: Debezium's events of a lead
     * and of a deal that is lost, read to the end ({@code --until-caught-up}); the tables have
     * them, and the alerts topic has the alert, committed.
     */
    @Test
    void flinkRunReadsDebeziumTopicsAndPublishesAlertsToATopic() throws Exception {
        InJvmKafka kafka = InJvmKafka.shared();
        try (TestDatabase kafkaDatabase =
                TestDatabase.start(work.resolve("kafka-db"), ZoneOffset.UTC)) {
            long now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
            String created = Instant.ofEpochMilli(now).minusSeconds(3600).toString();
            DebeziumEvents.Row lead =
                    new DebeziumEvents.Row()
                            .text("id", "L1")
                            .text("lead_source", "Podcast")
                            .text("lead_status", "Not Contacted")
                            .text("owner_id", "u1")
                            .text("owner_name", "Asha Rao")
                            .text("created_at", created)
                            .text("updated_at", created);
            DebeziumEvents.Row open = deal("Negotiation/Review", now - 1000, created);
            DebeziumEvents.Row lost = deal("Closed Lost", now, created);
            Properties producer = new Properties();
            producer.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<String, String> out =
                    new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
                out.send(
                                new ProducerRecord<>(
                                        "crm.public.leads",
                                        "L1",
                                        DebeziumEvents.event("c", null, lead, now, "leads", false)))
                        .get();
                out.send(
                                new ProducerRecord<>(
                                        "crm.public.deals",
                                        "D1",
                                        DebeziumEvents.event(
                                                "c", null, open, now - 1000, "deals", false)))
                        .get();
                out.send(
                                new ProducerRecord<>(
                                        "crm.public.deals",
                                        "D1",
                                        DebeziumEvents.event("u", open, lost, now, "deals", false)))
                        .get();
            }
            Path config = work.resolve("kafka-pulse.yaml");
            Files.writeString(config, "big_deal_lost:\n  abs_floor: 1\n");
            Map<String, String> env = new HashMap<>(environment());
            env.put("PULSE_JDBC_URL", kafkaDatabase.settings().url());
            env.put("PULSE_DB_USER", kafkaDatabase.settings().user());
            env.put("PULSE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            // No Zoho: --source kafka needs no credentials.
            env.keySet().removeIf(name -> name.startsWith("ZOHO_"));

            Run run =
                    flink(
                            env,
                            "run",
                            JOB_JAR.toString(),
                            "--until-caught-up",
                            "--source",
                            "kafka",
                            "--alerts-topic",
                            "crm-pulse.alerts",
                            "--config",
                            config.toString());

            assertThat(run.exitCode).as(run.output).isZero();
            try (Connection c = kafkaDatabase.connect()) {
                assertThat(MetricRows.query(c, "SELECT id, lead_source FROM crm_leads"))
                        .containsExactly("L1|Podcast");
                assertThat(MetricRows.query(c, "SELECT id, stage FROM crm_deals"))
                        .containsExactly("D1|Closed Lost");
                assertThat(MetricRows.query(c, "SELECT rule FROM alerts"))
                        .containsExactly("R4_BIG_DEAL_LOST");
            }
            // The job finished, so its last checkpoint committed the alert.
            assertThat(kafka.read("crm-pulse.alerts", "read_committed"))
                    .singleElement()
                    .satisfies(
                            r ->
                                    assertThat(r.value())
                                            .contains("\"type\":\"alert\"")
                                            .contains("\"rule\":\"R4_BIG_DEAL_LOST\""));
        }
    }

    private static DebeziumEvents.Row deal(String stage, long modified, String created) {
        return new DebeziumEvents.Row()
                .text("id", "D1")
                .text("deal_name", "Acme renewal")
                .text("stage", stage)
                .number("amount", "250000.00")
                .text("owner_id", "u1")
                .text("owner_name", "Asha Rao")
                .text("lead_source", "Podcast")
                .text("created_at", created)
                .text("updated_at", Instant.ofEpochMilli(modified).toString());
    }

    @Test
    void theJobJarHoldsTheJobAndItsLibrariesButNoFlinkNoSimulatorAndNoEmbeddedPostgres()
            throws Exception {
        List<String> entries;
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(JOB_JAR.toFile())) {
            entries = jar.stream().map(java.util.zip.ZipEntry::getName).toList();
        }

        assertThat(entries)
                .contains(
                        "io/crmpulse/job/CrmPulseJob.class",
                        "io/crmpulse/zoho/source/ZohoSource.class",
                        "io/crmpulse/sinks/outbox/WhatsAppOutboxSink.class",
                        "org/postgresql/Driver.class",
                        "sql/flink/metrics.sql",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/kafka/clients/consumer/KafkaConsumer.class")
                .noneSatisfy(e -> assertThat(e).startsWith("org/apache/flink/connector/base/"))
                .noneSatisfy(e -> assertThat(e).startsWith("io/crmpulse/simulator/"))
                .noneSatisfy(e -> assertThat(e).startsWith("io/crmpulse/launcher/"))
                .noneSatisfy(e -> assertThat(e).startsWith("io/zonky/"))
                .noneSatisfy(e -> assertThat(e).endsWith(".txz"))
                .noneSatisfy(e -> assertThat(e).startsWith("org/apache/logging/log4j/core/"));
        // Flink is the cluster's; only its Kafka connector, which no cluster has, is the job's.
        assertThat(entries)
                .filteredOn(e -> e.startsWith("org/apache/flink/") && e.endsWith(".class"))
                .allSatisfy(
                        e ->
                                assertThat(e)
                                        .matches(
                                                "org/apache/flink/(connector/kafka|streaming/"
                                                        + "connectors/kafka|streaming/util/"
                                                        + "serialization)/.*"));
        assertThat(entries)
                .filteredOn(e -> e.startsWith("db/migration/V"))
                .as("the migrations of sql/postgres, none left from an earlier build")
                .containsExactlyInAnyOrder(
                        "db/migration/V1__crm_pulse_schema.sql", "db/migration/V2__dashboard.sql");
    }

    @Test
    void withoutTheDatabaseUrlTheClientStopsWithOneLineNamingTheVariable() throws Exception {
        Map<String, String> env = new HashMap<>(environment());
        env.remove("PULSE_JDBC_URL");
        int jobsBefore = cluster.get("/jobs/overview").path("jobs").size();

        Run run = flink(env, "run", "-d", JOB_JAR.toString());

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.output.strip().lines().toList())
                .containsExactly(
                        "crm-pulse: PULSE_JDBC_URL is not set: on a Flink cluster the job writes to"
                                + " the PostgreSQL it names, e.g. jdbc:postgresql://db:5432/pulse");
        assertThat(cluster.get("/jobs/overview").path("jobs").size()).isEqualTo(jobsBefore);
    }

    @Test
    void theClientReadsAnEnvFileInItsWorkingDirectory() throws Exception {
        Path directory = Files.createDirectories(work.resolve("client-with-env"));
        Files.write(
                directory.resolve(".env"),
                List.of("PULSE_CHECKPOINT_INTERVAL=10ms", "ZOHO_MODULES=Leads"));
        Path output = directory.resolve("out");
        int jobsBefore = cluster.get("/jobs/overview").path("jobs").size();
        Map<String, String> env = new HashMap<>(environment());
        env.remove("PULSE_CHECKPOINT_INTERVAL"); // else the process environment wins

        Process client =
                cluster.flinkIn(
                        directory, env, output, "run", "-d", JOB_JAR.toAbsolutePath().toString());

        assertThat(client.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(client.exitValue()).isEqualTo(2);
        assertThat(Files.readString(output).strip().lines().toList())
                .containsExactly(
                        "crm-pulse: PULSE_CHECKPOINT_INTERVAL='10ms' must be at least 100ms");
        assertThat(cluster.get("/jobs/overview").path("jobs").size()).isEqualTo(jobsBefore);
    }

    @Test
    void stoppingAnAttachedClientLeavesTheJobRunning() throws Exception {
        Path output = work.resolve("attached.out");
        Process client = cluster.flink(environment(), output, "run", JOB_JAR.toString());
        String job = awaitSubmission(output);
        assertThat(cluster.awaitState(job, "RUNNING")).isEqualTo("RUNNING");
        assertThat(client.isAlive()).as("an attached client waits for the job").isTrue();

        client.destroy(); // Ctrl-C or SIGTERM
        assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(2_000);

        try {
            assertThat(cluster.get("/jobs/" + job).path("state").asText()).isEqualTo("RUNNING");
        } finally {
            cancel(job);
        }
        assertThat(cluster.awaitState(job, "CANCELED")).isEqualTo("CANCELED");
    }

    private Map<String, String> environment() {
        return Map.of(
                "ZOHO_ACCOUNTS_URL", zoho.baseUrl(),
                "ZOHO_CLIENT_ID", zoho.clientId(),
                "ZOHO_CLIENT_SECRET", zoho.clientSecret(),
                "ZOHO_REFRESH_TOKEN", zoho.refreshToken(),
                "PULSE_POLL_INTERVAL", "1s",
                "PULSE_CHECKPOINT_INTERVAL", "1s",
                "PULSE_JDBC_URL", database.settings().url(),
                "PULSE_DB_USER", database.settings().user());
    }

    private void cancel(String job) throws Exception {
        Run cancel = flink(Map.of(), "cancel", job);
        assertThat(cancel.exitCode).as(cancel.output).isZero();
    }

    private static String jobId(Run run) {
        Matcher m = SUBMITTED.matcher(run.output);
        assertThat(m.find()).as(run.output).isTrue();
        return m.group(1);
    }

    private static String awaitSubmission(Path output) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            Matcher m = SUBMITTED.matcher(Files.exists(output) ? Files.readString(output) : "");
            if (m.find()) {
                return m.group(1);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Not submitted:\n" + Files.readString(output));
    }

    private static List<String> operatorNames(String job) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode vertex : cluster.get("/jobs/" + job).path("vertices")) {
            names.add(vertex.path("name").asText());
        }
        return names;
    }

    /** The sinks commit with each checkpoint: the tables reach the truth within seconds. */
    private static void awaitTablesEqualTheTruth() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try (Connection c = database.connect()) {
                MetricRows.assertTablesEqualReferenceSqlAndTruth(c, zoho.truth(), ZoneOffset.UTC);
                return;
            } catch (AssertionError | java.sql.SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(1_000);
        }
    }

    private static Run flink(Map<String, String> env, String... args) throws Exception {
        Path output = Files.createTempFile(work, "flink-", ".out");
        Process process = cluster.flink(env, output, args);
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "flink "
                            + String.join(" ", args)
                            + " did not return:\n"
                            + Files.readString(output)
                            + rootExceptions()
                            + cluster.logs());
        }
        return new Run(process.exitValue(), Files.readString(output));
    }

    /** The root exception of each job's latest failure, for a failure message. */
    private static String rootExceptions() throws Exception {
        StringBuilder out = new StringBuilder();
        for (JsonNode job : cluster.get("/jobs/overview").path("jobs")) {
            String id = job.path("jid").asText();
            String root =
                    cluster.get("/jobs/" + id + "/exceptions").path("root-exception").asText();
            if (!root.isEmpty()) {
                out.append("=== root exception of job ").append(id).append('\n');
                root.lines().limit(40).forEach(l -> out.append(l).append('\n'));
            }
        }
        return out.toString();
    }

    private record Run(int exitCode, String output) {}
}
