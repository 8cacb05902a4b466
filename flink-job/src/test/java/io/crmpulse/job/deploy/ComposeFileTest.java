package io.crmpulse.job.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.config.PulseEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The top-level {@code docker-compose.yml}, checked without a Docker engine: pinned images, every
 * variable in {@code .env.example}, {@code depends_on} conditions that can be met, the Flink
 * configuration as Flink parses it, the job's variables as {@link PulseEnvironment} declares them,
 * and {@code docker-compose config} where that tool is installed.
 */
class ComposeFileTest {

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static final Path ENV_EXAMPLE = Path.of("..", ".env.example");
    private static final Pattern VARIABLE =
            Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern PINNED_IMAGE =
            Pattern.compile("[a-z0-9./-]+:(?!latest$)[A-Za-z0-9_.-]*[0-9][A-Za-z0-9_.-]*");

    private static String text;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        text = Files.readString(COMPOSE);
        // SnakeYAML, unlike Jackson's YAML parser, resolves the merge keys (<<) the file uses.
        Map<String, Object> compose = new Yaml().load(text);
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void everyImageIsPinnedToAVersion() {
        assertThat(services)
                .allSatisfy(
                        (name, service) ->
                                assertThat((String) service.get("image"))
                                        .as(name)
                                        .matches(PINNED_IMAGE));
        assertThat(services.get("jobmanager").get("image"))
                .isEqualTo("flink:1.20.3-scala_2.12-java17");
    }

    @Test
    void envExampleListsEveryVariableTheFileUsesAndNoOther() throws IOException {
        Set<String> used = new TreeSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> listed =
                Files.readAllLines(ENV_EXAMPLE).stream()
                        .filter(l -> l.matches("[A-Z_][A-Z0-9_]*=.*"))
                        .map(l -> l.substring(0, l.indexOf('=')))
                        .collect(Collectors.toCollection(TreeSet::new));

        assertThat(used).contains("ZOHO_CLIENT_SECRET", "POSTGRES_PASSWORD");
        // COMPOSE_PROFILES is read by docker compose itself.
        listed.remove("COMPOSE_PROFILES");
        assertThat(listed).isEqualTo(used);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyConditionNamesAServiceThatCanMeetIt() {
        List<String> checked = new ArrayList<>();
        services.forEach(
                (name, service) -> {
                    Map<String, Map<String, String>> dependsOn =
                            (Map<String, Map<String, String>>)
                                    service.getOrDefault("depends_on", Map.of());
                    dependsOn.forEach(
                            (other, condition) -> {
                                assertThat(services).as(name).containsKey(other);
                                Map<String, Object> target = services.get(other);
                                switch (condition.get("condition")) {
                                    case "service_healthy" ->
                                            assertThat(target)
                                                    .as(other + ", which " + name + " waits for")
                                                    .containsKey("healthcheck");
                                    case "service_completed_successfully" ->
                                            assertThat(String.valueOf(target.get("restart")))
                                                    .as(other + " runs once")
                                                    .matches("no|on-failure(:\\d+)?");
                                    default ->
                                            throw new AssertionError(
                                                    name
                                                            + " waits for "
                                                            + other
                                                            + ": "
                                                            + condition);
                                }
                                checked.add(name + " -> " + other);
                            });
                    assertThat(service).as(name + ": a restart policy").containsKey("restart");
                    if (String.valueOf(service.get("restart")).equals("unless-stopped")) {
                        assertThat(service).as(name + ": a server").containsKey("healthcheck");
                    }
                });
        assertThat(checked)
                .contains(
                        "submitter -> postgres",
                        "submitter -> taskmanager",
                        "submitter-try -> zoho-simulator",
                        "taskmanager -> jobmanager");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClusterConfigurationParsesWithFlinksOwnParser(@TempDir Path conf) throws IOException {
        String properties =
                (String)
                        ((Map<String, Object>) services.get("jobmanager").get("environment"))
                                .get("FLINK_PROPERTIES");
        assertThat(((Map<String, Object>) services.get("taskmanager").get("environment")))
                .containsEntry("FLINK_PROPERTIES", properties);
        Files.writeString(conf.resolve(GlobalConfiguration.FLINK_CONF_FILENAME), properties);

        Configuration config = GlobalConfiguration.loadConfiguration(conf.toString());

        assertThat(config.get(JobManagerOptions.ADDRESS)).isEqualTo("jobmanager");
        assertThat(config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .isEqualTo("file:///flink/checkpoints");
        assertThat(config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY))
                .isEqualTo("file:///flink/savepoints");
        assertThat(config.toMap()).hasSize(properties.strip().split("\n").length);
        assertThat(text)
                .as("the submitter scans the savepoints on the volume the cluster writes")
                .contains("- flink-state:/flink");
    }

    /** What the dashboard reads, and the job does not. */
    private static final Set<String> DASHBOARD_ONLY =
            Set.of(
                    PulseEnvironment.DASHBOARD_HOST.name(),
                    PulseEnvironment.DASHBOARD_PORT.name(),
                    PulseEnvironment.DASHBOARD_TOKEN.name(),
                    PulseEnvironment.READER_PASSWORD.name());

    @Test
    @SuppressWarnings("unchecked")
    void theSubmitterHandsTheJobEveryVariableOfAClusterRun() {
        Set<String> localOnly =
                Set.of(
                        PulseEnvironment.STATE_DIR.name(),
                        PulseEnvironment.LOCAL_DB_PORT.name(),
                        PulseEnvironment.PROMETHEUS_PORT.name());
        Set<String> expected =
                PulseEnvironment.VARIABLES.stream()
                        .map(PulseEnvironment.Variable::name)
                        .filter(n -> !localOnly.contains(n) && !DASHBOARD_ONLY.contains(n))
                        .collect(Collectors.toCollection(TreeSet::new));

        for (String submitter : List.of("submitter", "submitter-try", "submitter-kafka")) {
            Map<String, Object> env =
                    (Map<String, Object>) services.get(submitter).get("environment");
            assertThat(new TreeSet<>(env.keySet())).as(submitter).isEqualTo(expected);
        }
        Map<String, Object> demo =
                (Map<String, Object>) services.get("submitter-try").get("environment");
        assertThat(demo)
                .containsEntry("ZOHO_ACCOUNTS_URL", "http://zoho-simulator:8088")
                .containsEntry("ZOHO_API_DOMAIN", "http://zoho-simulator:8088");
        assertThat((List<String>) services.get("zoho-simulator").get("command"))
                .containsSequence("--host", "0.0.0.0")
                .containsSequence("--port", "8088");
        assertThat((List<String>) services.get("submitter-try").get("profiles"))
                .containsExactly("try");
        assertThat((List<String>) services.get("zoho-simulator").get("profiles"))
                .containsExactly("try");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKafkaProfileRunsTheJobOnTheDebeziumTopicsOfItsOwnBroker() {
        for (String service : List.of("submitter-kafka", "kafka", "kafka-connect")) {
            assertThat((List<String>) services.get(service).get("profiles"))
                    .as(service)
                    .containsExactly("kafka");
        }
        assertThat((List<String>) services.get("submitter-kafka").get("command"))
                .containsSequence("--source", "kafka")
                .containsSequence("--alerts-topic", "crm-pulse.alerts");
        Map<String, Object> env =
                (Map<String, Object>) services.get("submitter-kafka").get("environment");
        Map<String, Object> kafka = (Map<String, Object>) services.get("kafka").get("environment");
        assertThat(env)
                .containsEntry(PulseEnvironment.KAFKA_BOOTSTRAP_SERVERS.name(), "kafka:9092");
        assertThat((String) kafka.get("KAFKA_ADVERTISED_LISTENERS"))
                .contains("PLAINTEXT://kafka:9092");
        // One broker: Kafka's default of 3 replicas for the transaction log would keep the
        // alerts topic's exactly-once producer from ever starting.
        assertThat(kafka)
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 1)
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", 1)
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 1);
        assertThat((Map<String, Object>) services.get("kafka-connect").get("environment"))
                .containsEntry("BOOTSTRAP_SERVERS", "kafka:9092");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardRunsTheLaptopJarsDashboardCommandWithATokenInEveryProfileOfTheJob() {
        Map<String, Object> dashboard = services.get("dashboard");

        assertThat((String) dashboard.get("image")).startsWith("eclipse-temurin:17");
        assertThat((List<String>) dashboard.get("command"))
                .containsExactly("java", "-jar", "/opt/crm-pulse/crm-pulse.jar", "dashboard");
        assertThat((List<String>) dashboard.get("volumes"))
                .containsExactly("./launcher/target/crm-pulse.jar:/opt/crm-pulse/crm-pulse.jar:ro");
        assertThat((List<String>) dashboard.get("profiles"))
                .containsExactlyInAnyOrder(
                        ((List<String>) services.get("submitter").get("profiles")).get(0),
                        ((List<String>) services.get("submitter-try").get("profiles")).get(0),
                        ((List<String>) services.get("submitter-kafka").get("profiles")).get(0));
        assertThat((List<String>) dashboard.get("ports"))
                .containsExactly("127.0.0.1:${PULSE_DASHBOARD_PORT:-8080}:8080");
        assertThat((Map<String, Object>) dashboard.get("depends_on"))
                .containsOnlyKeys("reader-login");

        Map<String, Object> env = (Map<String, Object>) dashboard.get("environment");
        assertThat(new TreeSet<>(env.keySet()))
                .isEqualTo(
                        new TreeSet<>(
                                Set.of(
                                        PulseEnvironment.JDBC_URL.name(),
                                        PulseEnvironment.READER_PASSWORD.name(),
                                        PulseEnvironment.DASHBOARD_HOST.name(),
                                        PulseEnvironment.DASHBOARD_PORT.name(),
                                        PulseEnvironment.DASHBOARD_TOKEN.name(),
                                        PulseEnvironment.TIMEZONE.name(),
                                        PulseEnvironment.CURRENCY.name())));
        assertThat(env)
                .containsEntry("PULSE_DASHBOARD_HOST", "0.0.0.0")
                .containsEntry("PULSE_DASHBOARD_PORT", 8080)
                .containsEntry(
                        "PULSE_READER_PASSWORD",
                        ((Map<String, Object>) services.get("reader-login").get("environment"))
                                .get("PULSE_READER_PASSWORD"))
                .containsEntry(
                        "PULSE_JDBC_URL",
                        ((Map<String, Object>) services.get("submitter").get("environment"))
                                .get("PULSE_JDBC_URL"));
        // The dashboard refuses 0.0.0.0 without a token itself (DashboardSettings): compose
        // must not, or every compose command, exec and stop included, would need the token.
        assertThat(env).containsEntry("PULSE_DASHBOARD_TOKEN", "${PULSE_DASHBOARD_TOKEN:-}");
        Map<String, Object> job =
                (Map<String, Object>) services.get("submitter").get("environment");
        for (String shared : List.of("PULSE_TIMEZONE", "PULSE_CURRENCY")) {
            assertThat(env)
                    .as(shared + ": the page writes what alerts write")
                    .containsEntry(shared, job.get(shared));
        }
    }

    @Test
    void dockerComposeAcceptsTheFileInBothProfiles() throws Exception {
        boolean installed =
                Stream.of(System.getenv("PATH").split(":"))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "docker-compose")));
        Assumptions.assumeTrue(
                installed,
                "docker-compose is not installed (Debian: apt-get install docker-compose); the"
                        + " structural checks above still ran");
        for (String profile : List.of("zoho", "try", "kafka")) {
            ProcessBuilder config =
                    new ProcessBuilder(
                                    "docker-compose",
                                    "--env-file",
                                    ENV_EXAMPLE.toString(),
                                    "--profile",
                                    profile,
                                    "-f",
                                    COMPOSE.toString(),
                                    "config")
                            // Warnings on stderr would not be YAML; the test's log shows them.
                            .redirectError(ProcessBuilder.Redirect.INHERIT);
            config.environment().remove(PulseEnvironment.DASHBOARD_TOKEN.name());

            // .env.example leaves the dashboard's token to the user; compose still accepts the
            // file (the dashboard, not compose, refuses to start without it) and hands it on.
            assertThat(dashboardEnvironment(config, profile))
                    .containsEntry(PulseEnvironment.DASHBOARD_TOKEN.name(), "");

            String token = "a-long-random-token-of-thirty-two-or-more";
            config.environment().put(PulseEnvironment.DASHBOARD_TOKEN.name(), token);
            assertThat(dashboardEnvironment(config, profile))
                    .containsEntry(PulseEnvironment.DASHBOARD_TOKEN.name(), token);
        }
    }

    /** The dashboard's environment as {@code docker-compose config} resolves it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> dashboardEnvironment(ProcessBuilder config, String profile)
            throws IOException, InterruptedException {
        Process p = config.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(profile + ": " + output).isZero();
        Map<String, Map<String, Map<String, Object>>> resolved = new Yaml().load(output);
        return (Map<String, Object>) resolved.get("services").get("dashboard").get("environment");
    }
}
