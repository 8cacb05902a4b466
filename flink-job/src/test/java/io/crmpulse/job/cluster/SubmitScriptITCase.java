package io.crmpulse.job.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.simulator.SimClock;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compose file's submitter script ({@code deploy/flink/submit.sh}), unchanged, against a real
 * Flink 1.20 session cluster ({@link FlinkSessionCluster}), with the cluster's {@code flink}
 * command first on its {@code PATH}: it submits once, leaves a running job alone, and resumes from
 * the newest savepoint.
 */
class SubmitScriptITCase {

    private static final Path SCRIPT = Path.of("..", "deploy", "flink", "submit.sh");
    private static final Path JOB_JAR = Path.of("target", "crm-pulse-job.jar");
    private static final Pattern SUBMITTED =
            Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    @TempDir static Path work;
    private static FlinkSessionCluster cluster;
    private static TestDatabase database;
    private static ZohoSimulator zoho;
    private static Path bin;

    @BeforeAll
    static void start() throws Exception {
        assertThat(JOB_JAR).as("built by the package phase").exists();
        zoho =
                ZohoSimulator.builder()
                        .scenario(Scenario.named("backfill"))
                        .seed(12)
                        .clock(SimClock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS)))
                        .port(0)
                        .start();
        database = TestDatabase.start(work.resolve("db"), ZoneOffset.UTC);
        cluster = FlinkSessionCluster.start(work.resolve("flink"));
        bin = work.resolve("bin");
        cluster.writeFlinkCommand(bin);
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
    void submitsOnceLeavesTheRunningJobAloneAndResumesFromTheNewestSavepoint() throws Exception {
        Run first = submit();

        assertThat(first.exitCode).as(first.output).isZero();
        assertThat(first.output).contains("starting fresh");
        String job = jobId(first);
        assertThat(cluster.awaitState(job, "RUNNING")).isEqualTo("RUNNING");

        Run second = submit();

        assertThat(second.exitCode).as(second.output).isZero();
        assertThat(second.output)
                .contains("a job named CRM Pulse is already on the cluster: nothing to submit")
                .doesNotContain("Job has been submitted");
        assertThat(jobsNamedCrmPulse()).containsExactly(job + " RUNNING");

        Run stop = flink("stop", "--savepointPath", cluster.savepoints().toUri().toString(), job);
        assertThat(stop.exitCode).as(stop.output).isZero();
        Matcher savepoint = SAVEPOINT.matcher(stop.output);
        assertThat(savepoint.find()).as(stop.output).isTrue();
        assertThat(cluster.awaitState(job, "FINISHED")).isEqualTo("FINISHED");

        Run third = submit();

        assertThat(third.exitCode).as(third.output).isZero();
        String resumed = jobId(third);
        try {
            assertThat(third.output).contains("resuming from the savepoint");
            assertThat(cluster.awaitState(resumed, "RUNNING")).isEqualTo("RUNNING");
            assertThat(
                            cluster.get("/jobs/" + resumed + "/checkpoints")
                                    .path("latest")
                                    .path("restored")
                                    .path("external_path")
                                    .asText())
                    .isEqualTo(savepoint.group(1));
            assertThat(jobsNamedCrmPulse())
                    .containsExactlyInAnyOrder(job + " FINISHED", resumed + " RUNNING");
        } finally {
            Run cancel = flink("cancel", resumed);
            assertThat(cancel.exitCode).as(cancel.output).isZero();
        }
    }

    private static List<String> jobsNamedCrmPulse() throws Exception {
        List<String> jobs = new ArrayList<>();
        for (JsonNode job : cluster.get("/jobs/overview").path("jobs")) {
            if (job.path("name").asText().equals("CRM Pulse")) {
                jobs.add(job.path("jid").asText() + " " + job.path("state").asText());
            }
        }
        return jobs;
    }

    private static String jobId(Run run) {
        Matcher m = SUBMITTED.matcher(run.output);
        assertThat(m.find()).as(run.output).isTrue();
        return m.group(1);
    }

    private static Run submit() throws Exception {
        String rest = cluster.restUrl();
        Map<String, String> env = new HashMap<>();
        env.put("FLINK_REST_HOST", "127.0.0.1");
        env.put("FLINK_REST_PORT", rest.substring(rest.lastIndexOf(':') + 1));
        env.put("PULSE_JOB_JAR", JOB_JAR.toAbsolutePath().toString());
        env.put("PULSE_SAVEPOINT_DIR", cluster.savepoints().toString());
        env.put("ZOHO_ACCOUNTS_URL", zoho.baseUrl());
        env.put("ZOHO_CLIENT_ID", zoho.clientId());
        env.put("ZOHO_CLIENT_SECRET", zoho.clientSecret());
        env.put("ZOHO_REFRESH_TOKEN", zoho.refreshToken());
        env.put("PULSE_POLL_INTERVAL", "1s");
        env.put("PULSE_CHECKPOINT_INTERVAL", "1s");
        env.put("PULSE_JDBC_URL", database.settings().url());
        env.put("PULSE_DB_USER", database.settings().user());
        return run(env, "bash", SCRIPT.toString());
    }

    private static Run flink(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(bin.resolve("flink").toString()));
        command.addAll(List.of(args));
        return run(Map.of(), command.toArray(String[]::new));
    }

    private static Run run(Map<String, String> env, String... command) throws Exception {
        Path output = Files.createTempFile(work, "run-", ".out");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ZOHO_") || k.startsWith("PULSE_"));
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(
                    String.join(" ", command) + " did not return:\n" + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }

    private record Run(int exitCode, String output) {}
}
