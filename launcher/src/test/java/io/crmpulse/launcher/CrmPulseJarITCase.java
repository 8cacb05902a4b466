package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.kafka.DebeziumEvents;
import io.crmpulse.job.metrics.MetricRows;
import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.testing.InJvmKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs the shaded {@code crm-pulse.jar} the way the README does, as its own process, against the
 * Zoho simulator: what a user gets, not what the test classpath happens to hold.
 */
class CrmPulseJarITCase {

    private static final Path JAR = Path.of("target", "crm-pulse.jar");

    @TempDir Path work;
    private ZohoSimulator zoho;

    @BeforeEach
    void startSimulator() {
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(11)
                        .clock(SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS)))
                        .port(0)
                        .start();
    }

    @AfterEach
    void stopSimulator() {
        zoho.close();
    }

    @Test
    void consecutiveRunsUntilCaughtUpReadOnlyWhatChangedAndKeepTheTablesExact() throws Exception {
        List<String> podcastLeads = zoho.world().createLeads(2, "Podcast", "Not Contacted");

        Run first = runJar(simulatorEnvironment(), "--until-caught-up");

        assertThat(first.exitCode).as(first.output).isZero();
        assertThat(first.output)
                .contains("No checkpoint in")
                .contains("Caught up; the next run resumes from the savepoint")
                .contains("CRM Pulse finished")
                .contains(progress("Leads"))
                .contains(progress("Deals"))
                .doesNotContain(zoho.clientSecret())
                .doesNotContain(zoho.refreshToken());

        // Between the runs the CRM moves on, and the Podcast source loses its last lead.
        podcastLeads.forEach(id -> zoho.world().deleteRecord("Leads", id));
        zoho.world().editLeads(25);
        zoho.world().convertLeads(4);
        zoho.world().createLeads(3, "Trade Show", "Not Contacted");
        zoho.world().editDeals(10);
        zoho.world().deleteDeals(2);

        Run second = runJar(simulatorEnvironment(), "--until-caught-up");

        assertThat(second.exitCode).as(second.output).isZero();
        assertThat(second.output)
                .contains("Resuming from the checkpoint")
                .contains("savepoint-")
                .contains("Leads: sync starts in phase INCREMENTAL")
                .doesNotContain("phase BACKFILL")
                .contains("Caught up; the next run resumes from the savepoint");
        try (LocalPostgres db =
                new LocalPostgres(
                        work.resolve("state").resolve("postgres"), TestDatabase.freePort())) {
            JdbcSettings settings = db.start();
            try (Connection c =
                    DriverManager.getConnection(
                            settings.url(), settings.user(), settings.password())) {
                assertTablesEqualTheTruth(c);
            }
        }
    }

    @Test
    void anUnknownModuleStopsTheJobWithZohosCodeAndWhatToFix() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(simulatorEnvironment());
        env.put("ZOHO_MODULES", "Leads,Leeds");

        Run run = runJar(env);

        assertThat(run.exitCode).as(run.output).isEqualTo(1);
        assertThat(run.output)
                .contains("crm-pulse: Zoho sync of Leeds cannot go on")
                .contains("INVALID_MODULE")
                .contains("ZOHO_MODULES");
    }

    @Test
    void aRevokedRefreshTokenStopsTheJobAndSaysToCreateANewGrant() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(simulatorEnvironment());
        env.put("ZOHO_REFRESH_TOKEN", "1000.revoked");

        Run run = runJar(env);

        assertThat(run.exitCode).as(run.output).isEqualTo(1);
        assertThat(run.output)
                .contains("invalid_code")
                .contains("ZOHO_REFRESH_TOKEN")
                .doesNotContain("1000.revoked");
    }

    @ParameterizedTest(name = "stopped with {0}, state backend {1}")
    @CsvSource({"SIGTERM, hashmap", "SIGKILL, hashmap", "SIGKILL, rocksdb"})
    void aStoppedRunResumesFromItsCheckpointAndKeepsTheTablesExact(
            String signal, String stateBackend) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(simulatorEnvironment());
        env.put("PULSE_CHECKPOINT_INTERVAL", "500ms");
        env.put("PULSE_STATE_BACKEND", stateBackend);
        env.put("PULSE_STATE_DIR", work.resolve("state").toString());
        env.put("PULSE_LOCAL_DB_PORT", String.valueOf(TestDatabase.freePort()));

        List<String> podcastLeads = zoho.world().createLeads(2, "Podcast", "Not Contacted");
        Process first = startJar(env, work.resolve("first.log"));
        awaitLog(work.resolve("first.log"), "Deals: backfill complete");
        awaitCheckpoint();
        if (signal.equals("SIGTERM")) {
            first.destroy(); // as a service manager stops it
        } else {
            first.destroyForcibly(); // a crash: nothing runs, the database process is left behind
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("stopped with " + signal).isTrue();
        // An incremental checkpoint keeps RocksDB's files in shared/, which a full one never uses.
        if (stateBackend.equals("rocksdb")) {
            assertThat(sharedCheckpointFiles()).as("incremental checkpoints").isPositive();
        } else {
            assertThat(sharedCheckpointFiles()).as("full checkpoints").isZero();
        }

        // While it was down: the Podcast source loses its last lead, another lead is created.
        podcastLeads.forEach(id -> zoho.world().deleteRecord("Leads", id));
        zoho.world().deleteLeads(1);
        zoho.world().createLeads(2, "Trade Show", "Not Contacted");

        Process second = startJar(env, work.resolve("second.log"));
        try {
            String log = awaitLog(work.resolve("second.log"), "Leads: sync starts in phase");
            assertThat(log)
                    .contains("Resuming from the checkpoint")
                    .contains("Leads: sync starts in phase INCREMENTAL")
                    .doesNotContain("BACKFILL");
            awaitLog(work.resolve("second.log"), "Leads 2 upserts 3 deletes;");
            // The sinks flush each second: the tables reach the truth within a few.
            JdbcSettings db =
                    new LocalPostgres(
                                    work.resolve("state").resolve("postgres"),
                                    Integer.parseInt(env.get("PULSE_LOCAL_DB_PORT")))
                            .jdbcSettings();
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                try (Connection c =
                        DriverManager.getConnection(db.url(), db.user(), db.password())) {
                    assertTablesEqualTheTruth(c);
                    break;
                } catch (AssertionError e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                }
                Thread.sleep(500);
            }
        } finally {
            second.destroy();
            second.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** Every metrics table equals the truth, and no row is left for the emptied source. */
    private void assertTablesEqualTheTruth(Connection c) throws Exception {
        MetricRows.assertTablesEqualReferenceSqlAndTruth(c, zoho.truth(), ZoneOffset.UTC);
        assertThat(
                        MetricRows.query(
                                c,
                                "SELECT count(*) FROM lead_source_quality"
                                        + " WHERE lead_source = 'Podcast'"))
                .as("the emptied source's row is gone")
                .containsExactly("0");
    }

    private Process startJar(Map<String, String> env, Path log, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ZOHO_") || k.startsWith("PULSE_"));
        // Not 8080, which a developer's own dashboard may hold.
        builder.environment().put("PULSE_DASHBOARD_PORT", String.valueOf(TestDatabase.freePort()));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String awaitLog(Path log, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            String content = Files.exists(log) ? Files.readString(log) : "";
            if (content.contains(text)) {
                return content;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No '" + text + "' in " + log + ":\n" + Files.readString(log));
    }

    /** Files in the checkpoints' {@code shared/} folders, where incremental checkpoints go. */
    private long sharedCheckpointFiles() throws IOException {
        try (var files = Files.walk(work.resolve("state").resolve("checkpoints"))) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getParent().getFileName().toString().equals("shared"))
                    .count();
        }
    }

    /**
     * Until two checkpoints completed after this call: the second was triggered after the first
     * completed, so it holds everything the job had done when this was called (a fixed wait fell
     * short on a busy machine).
     */
    private void awaitCheckpoint() throws Exception {
        Path checkpoints = work.resolve("state").resolve("checkpoints");
        long after = System.currentTimeMillis();
        long deadline = after + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(checkpoints)) {
                try (var files = Files.walk(checkpoints)) {
                    long completed =
                            files.filter(p -> p.getFileName().toString().equals("_metadata"))
                                    .filter(p -> p.toFile().lastModified() > after)
                                    .count();
                    if (completed >= 2) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No two checkpoints were written in " + checkpoints);
    }

    @Test
    void withAPrometheusPortFlinksReporterServesTheJobsMetrics() throws Exception {
        int port = TestDatabase.freePort();
        Map<String, String> env = new java.util.HashMap<>(simulatorEnvironment());
        env.put("PULSE_PROMETHEUS_PORT", String.valueOf(port));
        env.put("PULSE_STATE_DIR", work.resolve("state").toString());
        env.put("PULSE_LOCAL_DB_PORT", String.valueOf(TestDatabase.freePort()));
        Process job = startJar(env, work.resolve("prometheus.log"));
        try {
            String log = awaitLog(work.resolve("prometheus.log"), "Leads: backfill complete");
            assertThat(log).contains("http://localhost:" + port + "/metrics");
            String leads = String.valueOf(zoho.truth().liveRecords("Leads").size());
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                String metrics =
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:"
                                                                        + port
                                                                        + "/metrics"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
                List<String> emitted =
                        metrics.lines()
                                .filter(l -> l.contains("recordsEmitted"))
                                .filter(l -> l.contains("module=\"Leads\""))
                                .filter(l -> !l.startsWith("#"))
                                .toList();
                try {
                    assertThat(emitted)
                            .as("the source's metric, as Prometheus reads it")
                            .singleElement()
                            .satisfies(
                                    l ->
                                            assertThat(l)
                                                    .startsWith(
                                                            "flink_taskmanager_job_task_operator"
                                                                    + "_crmpulse_module_recordsEmitted{")
                                                    .endsWith(" " + leads + ".0"));
                    break;
                } catch (AssertionError e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                }
                Thread.sleep(1_000);
            }
        } finally {
            job.destroy();
            job.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPrometheusPortThatIsNoPortStopsTheJobAtStartAndNamesTheVariable() throws Exception {
        Run run = runJar(Map.of("PULSE_PROMETHEUS_PORT", "prom"), "--demo", "--until-caught-up");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.output)
                .contains("crm-pulse: PULSE_PROMETHEUS_PORT='prom' must be a port number");
    }

    @Test
    void anEnvFileInTheWorkingDirectoryConfiguresTheJobAndTheEnvironmentWinsOverIt()
            throws Exception {
        // The credentials come only from the file; the process's ZOHO_MODULES wins over its typo.
        Files.write(
                work.resolve(".env"),
                List.of(
                        "# the old scripts' file",
                        "export ZOHO_ACCOUNTS_URL=" + zoho.baseUrl(),
                        "ZOHO_CLIENT_ID=" + zoho.clientId(),
                        "ZOHO_CLIENT_SECRET='" + zoho.clientSecret() + "'",
                        "ZOHO_REFRESH_TOKEN=\"" + zoho.refreshToken() + "\"",
                        "ZOHO_MODULES=Leads,Leeds",
                        "PULSE_POLL_INTERVAL=1s # fast"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = work.resolve("dotenv.log");
        ProcessBuilder builder =
                new ProcessBuilder(
                                java, "-jar", JAR.toAbsolutePath().toString(), "--until-caught-up")
                        .directory(work.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ZOHO_") || k.startsWith("PULSE_"));
        builder.environment().put("ZOHO_MODULES", "Leads");
        builder.environment().put("PULSE_STATE_DIR", work.resolve("state").toString());
        builder.environment().put("PULSE_LOCAL_DB_PORT", String.valueOf(TestDatabase.freePort()));
        Process process = builder.start();
        assertThat(process.waitFor(4, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log);

        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("Read 6 variables from " + work.resolve(".env").toAbsolutePath())
                .contains("1 of them are set in the environment too, which wins")
                .contains(progress("Leads"))
                .doesNotContain("Leeds")
                .doesNotContain("Deals:")
                .doesNotContain(zoho.clientSecret())
                .doesNotContain(zoho.refreshToken());
    }

    @Test
    void aWrongSettingStopsTheJobAtStartAndNamesTheVariable() throws Exception {
        Run run = runJar(Map.of("PULSE_POLL_INTERVAL", "soon"), "--demo", "--until-caught-up");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.output).contains("PULSE_POLL_INTERVAL='soon'");
    }

    @Test
    void aDemoPortInUseStopsTheJobAtStartAndNamesTheOption() throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Run run =
                    runJar(
                            Map.of(),
                            "--demo",
                            "--until-caught-up",
                            "--demo-port",
                            String.valueOf(taken.getLocalPort()));

            assertThat(run.exitCode).isEqualTo(2);
            assertThat(run.output)
                    .contains("crm-pulse: --demo-port: Cannot listen on 127.0.0.1:")
                    .doesNotContain("\tat ");
        }
    }

    /**
     * {@code --source kafka --until-caught-up} on the laptop: the job reads the Debezium topics
     * until its committed offsets reach their end, then stops with a savepoint, as a Zoho run does;
     * no Zoho credentials are needed.
     */
    @Test
    void theLaptopJarReadsDebeziumTopicsUntilCaughtUp() throws Exception {
        InJvmKafka kafka = InJvmKafka.shared();
        long now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        String at = Instant.ofEpochMilli(now).toString();
        Properties producer = new Properties();
        producer.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, String> out =
                new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            for (int i = 1; i <= 3; i++) {
                DebeziumEvents.Row lead =
                        new DebeziumEvents.Row()
                                .bigint("id", (long) i)
                                .text("lead_source", "Web")
                                .text("created_at", at)
                                .text("updated_at", at);
                out.send(
                                new ProducerRecord<>(
                                        "crm.public.leads",
                                        String.valueOf(i),
                                        DebeziumEvents.event("r", null, lead, now, "leads", false)))
                        .get();
            }
        }

        Run run =
                runJar(
                        Map.of(
                                "PULSE_KAFKA_BOOTSTRAP_SERVERS",
                                kafka.bootstrapServers(),
                                "PULSE_POLL_INTERVAL",
                                "1s"),
                        "--source",
                        "kafka",
                        "--until-caught-up");

        assertThat(run.exitCode).as(run.output).isZero();
        assertThat(run.output)
                .contains("CRM changes from Kafka at " + kafka.bootstrapServers())
                .contains("Leads 3 upserts 0 deletes;")
                .contains("Caught up; the next run resumes from the savepoint");
    }

    @Test
    void theDemoCannotReadKafka() throws Exception {
        Run run = runJar(Map.of(), "--demo", "--source", "kafka");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.output)
                .contains(
                        "crm-pulse: --demo runs the Zoho simulator; it cannot be combined with"
                                + " --source kafka");
    }

    @Test
    void missingCredentialsOutsideTheDemoNameTheVariable() throws Exception {
        Run run = runJar(Map.of(), "--until-caught-up");

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.output).contains("ZOHO_CLIENT_ID");
    }

    @Test
    void theDemoServesTheDashboardWhoseLeadsArePulseReadersCountOfToday() throws Exception {
        int dashboardPort = TestDatabase.freePort();
        int databasePort = TestDatabase.freePort();
        Path log = work.resolve("demo.log");
        Process demo =
                startJar(
                        Map.of(
                                "PULSE_STATE_DIR", work.resolve("state").toString(),
                                "PULSE_LOCAL_DB_PORT", String.valueOf(databasePort),
                                "PULSE_DASHBOARD_PORT", String.valueOf(dashboardPort),
                                "PULSE_READER_PASSWORD", READER_PASSWORD),
                        log,
                        "--demo",
                        "--demo-port",
                        String.valueOf(TestDatabase.freePort()));
        try {
            String output = awaitLog(log, "Leads: backfill complete");
            String link = "http://127.0.0.1:" + dashboardPort + "/";
            assertThat(output)
                    .contains("  The dashboard: " + link)
                    .contains("Dashboard listening on " + link)
                    .doesNotContain(READER_PASSWORD);

            HttpResponse<String> page = get(link);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
            assertThat(page.body()).contains("<title>CRM Pulse</title>");

            // The launcher let pulse_reader log in with PULSE_READER_PASSWORD: count as it.
            JdbcSettings reader =
                    new JdbcSettings(
                            new LocalPostgres(
                                            work.resolve("state").resolve("postgres"), databasePort)
                                    .jdbcUrl(),
                            "pulse_reader",
                            READER_PASSWORD);
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                String day = json(get(link + "api/v1/today")).get("day").asText();
                long before = leadsOf(reader, day);
                JsonNode today = json(get(link + "api/v1/today"));
                long after = leadsOf(reader, day);
                // The demo's CRM keeps changing: compare while the table holds still.
                if (before == after && before > 0 && today.get("day").asText().equals(day)) {
                    assertThat(today.get("leads").asLong()).as(today.toString()).isEqualTo(before);
                    break;
                }
                assertThat(System.currentTimeMillis())
                        .as("today's leads held still between two reads within a minute")
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
        } finally {
            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        String output = Files.readString(log);
        // The dashboard stops before the database goes away.
        assertThat(output.indexOf("Dashboard stopped"))
                .isPositive()
                .isLessThan(output.indexOf("Local PostgreSQL stopped"));
    }

    @Test
    void aDashboardPortInUseStopsTheStartBeforeAnythingRunsAndNamesTheVariable() throws Exception {
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Run run =
                    runJar(
                            Map.of("PULSE_DASHBOARD_PORT", String.valueOf(port)),
                            "--demo",
                            "--demo-port",
                            String.valueOf(TestDatabase.freePort()));

            assertThat(run.exitCode).as(run.output).isEqualTo(2);
            assertThat(run.output)
                    .contains(
                            "crm-pulse: PULSE_DASHBOARD_PORT: port "
                                    + port
                                    + " of 127.0.0.1, where the dashboard listens, is taken by"
                                    + " another program")
                    .contains("set PULSE_DASHBOARD_PORT to a free port")
                    .doesNotContain("Zoho simulator listening")
                    .doesNotContain("Local PostgreSQL")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void theDashboardCommandRefusesAWrongReaderPasswordInOneLineAndServesUntilSigterm()
            throws Exception {
        try (LocalPostgres db =
                new LocalPostgres(
                        work.resolve("db").resolve("postgres"), TestDatabase.freePort())) {
            JdbcSettings admin = db.start();
            new SchemaMigrator(admin, ZoneOffset.UTC).migrate();
            try (Connection c =
                            DriverManager.getConnection(
                                    admin.url(), admin.user(), admin.password());
                    Statement s = c.createStatement()) {
                // What README "The reader role" tells an administrator to run.
                s.execute("ALTER ROLE pulse_reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
                s.execute(
                        "INSERT INTO sync_state (module, cursor, records_synced, api_calls,"
                                + " last_successful_poll, lag_seconds)"
                                + " VALUES ('Leads', now(), 42, 7, now(), 0)");
            }

            Run refused =
                    runJar(
                            Map.of(
                                    "PULSE_JDBC_URL",
                                    db.jdbcUrl(),
                                    "PULSE_READER_PASSWORD",
                                    "not-" + READER_PASSWORD),
                            "dashboard");
            assertThat(refused.exitCode).as(refused.output).isEqualTo(2);
            assertThat(refused.output.strip().lines())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith(
                            "crm-pulse dashboard: The database refused the dashboard's login as"
                                    + " pulse_reader")
                    .contains("set PULSE_READER_PASSWORD")
                    .doesNotContain(READER_PASSWORD);

            int port = TestDatabase.freePort();
            Path log = work.resolve("dashboard.log");
            Process dashboard =
                    startJar(
                            Map.of(
                                    "PULSE_JDBC_URL", db.jdbcUrl(),
                                    "PULSE_READER_PASSWORD", READER_PASSWORD,
                                    "PULSE_DASHBOARD_PORT", String.valueOf(port)),
                            log,
                            "dashboard");
            try {
                String link = "http://127.0.0.1:" + port + "/";
                String output = awaitLog(log, "Dashboard listening on " + link);
                assertThat(output)
                        .doesNotContain(READER_PASSWORD)
                        .doesNotContain("CRM Pulse starts");
                JsonNode freshness = json(get(link + "api/v1/freshness"));
                assertThat(freshness.get("modules")).hasSize(1);
                JsonNode leads = freshness.get("modules").get(0);
                assertThat(leads.get("module").asText()).isEqualTo("Leads");
                assertThat(leads.get("records_synced").asLong()).isEqualTo(42);
                assertThat(leads.get("api_calls").asLong()).isEqualTo(7);
            } finally {
                dashboard.destroy(); // SIGTERM
                assertThat(dashboard.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(Files.readString(log)).contains("Dashboard stopped");
        }
    }

    @Test
    void onADatabaseOfPulseJdbcUrlTheLauncherAltersNoRoleAndARefusedReaderStopsItInOneLine()
            throws Exception {
        try (LocalPostgres db =
                new LocalPostgres(
                        work.resolve("db").resolve("postgres"), TestDatabase.freePort())) {
            JdbcSettings admin = db.start();
            Map<String, String> env =
                    Map.of(
                            "PULSE_JDBC_URL", admin.url(),
                            "PULSE_DB_USER", admin.user(),
                            "PULSE_DB_PASSWORD", admin.password(),
                            "PULSE_READER_PASSWORD", READER_PASSWORD);

            Run run = runJar(env, "--demo", "--demo-port", String.valueOf(TestDatabase.freePort()));

            assertThat(run.exitCode).as(run.output).isEqualTo(2);
            assertThat(run.output)
                    .contains("PostgreSQL schema migrated")
                    .contains(
                            "crm-pulse: The database refused the dashboard's login as pulse_reader"
                                    + " (FATAL: password authentication failed for user"
                                    + " \"pulse_reader\"): set PULSE_READER_PASSWORD")
                    .doesNotContain("Dashboard listening")
                    .doesNotContain("\tat ")
                    .doesNotContain(READER_PASSWORD);
            try (Connection c =
                    DriverManager.getConnection(admin.url(), admin.user(), admin.password())) {
                assertThat(
                                MetricRows.query(
                                        c,
                                        "SELECT rolcanlogin::text FROM pg_roles"
                                                + " WHERE rolname = 'pulse_reader'"))
                        .as("an administrator's to change")
                        .containsExactly("false");
            }
        }
    }

    @Test
    void theDashboardCommandWithoutADatabaseNamesTheVariableAndAWrongCommandListsTheCommands()
            throws Exception {
        Run noDatabase = runJar(Map.of(), "dashboard");
        assertThat(noDatabase.exitCode).isEqualTo(2);
        assertThat(noDatabase.output)
                .contains("crm-pulse dashboard: PULSE_JDBC_URL is not set")
                .contains("PULSE_READER_PASSWORD");

        Run wrong = runJar(Map.of(), "serve");
        assertThat(wrong.exitCode).isEqualTo(2);
        assertThat(wrong.output)
                .contains("Unmatched argument at index 0: 'serve'")
                .contains("Commands:")
                .contains("dashboard  Run only the dashboard");
    }

    private static final String READER_PASSWORD = "reader-secret-4e1f";

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }

    /** Today's leads as the daily summary counts them, read as {@code reader}. */
    private static long leadsOf(JdbcSettings reader, String day) throws Exception {
        try (Connection c =
                        DriverManager.getConnection(
                                reader.url(), reader.user(), reader.password());
                java.sql.PreparedStatement q =
                        c.prepareStatement(
                                "SELECT coalesce(sum(leads_created), 0) FROM daily_source_stats"
                                        + " WHERE day = ?::date")) {
            q.setString(1, day);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Map<String, String> simulatorEnvironment() {
        return Map.of(
                "ZOHO_ACCOUNTS_URL", zoho.baseUrl(),
                "ZOHO_CLIENT_ID", zoho.clientId(),
                "ZOHO_CLIENT_SECRET", zoho.clientSecret(),
                "ZOHO_REFRESH_TOKEN", zoho.refreshToken(),
                "PULSE_POLL_INTERVAL", "1s");
    }

    /**
     * The progress line's counts: every live record once; no deletes, since nothing was deleted
     * after the sync started.
     */
    private String progress(String module) {
        return String.format(
                "%s %,d upserts 0 deletes;", module, zoho.truth().liveRecords(module).size());
    }

    private Run runJar(Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        assertThat(JAR).as("built by the package phase").exists();
        Path log = work.resolve("out.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ZOHO_") || k.startsWith("PULSE_"));
        // The job's own embedded PostgreSQL, in this test's folder, on a free port.
        builder.environment().put("PULSE_STATE_DIR", work.resolve("state").toString());
        builder.environment().put("PULSE_LOCAL_DB_PORT", String.valueOf(TestDatabase.freePort()));
        builder.environment().put("PULSE_DASHBOARD_PORT", String.valueOf(TestDatabase.freePort()));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("crm-pulse.jar did not finish:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    private record Run(int exitCode, String output) {}
}
