package io.crmpulse.bench;

import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.db.TestPostgres;
import io.crmpulse.launcher.LocalCheckpoints;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.CrmModule;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.util.FileUtils;

/**
 * How long the laptop jar takes to recover after a {@code kill -9} (arguments: leads, deals, kills,
 * checkpoint interval, and optionally {@code PULSE_STATE_BACKEND}). {@code crm-pulse.jar} runs as a
 * child process, as a user runs it, with its own {@code PULSE_STATE_DIR}, writing to this
 * benchmark's PostgreSQL (the jar's embedded one would be orphaned by each kill), against the
 * {@code scale} simulator in this JVM (the job's JVM is the jar's alone). Once the backfill is in
 * and checkpointed, while the CRM changes a little every second, it kills the jar, starts it again
 * on the same state and times from the start: the log line that it resumes from a checkpoint, the
 * source running again (its first "sync starts in phase" line), the first checkpoint after the
 * restore, and a lead of a new source, created right after the restart, in {@code
 * lead_source_quality}. A benchmark, not a test: it prints what it measured and asserts nothing.
 *
 * <pre>
 * mvn -B -q -Pbench install -DskipTests
 * bench/run RecoveryBenchmark 100000 20000 3 5s
 * </pre>
 */
public final class RecoveryBenchmark {

    private static final Path JAR = Path.of("launcher", "target", "crm-pulse.jar");
    private static final long TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(60);

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println(
                    "usage: bench/run RecoveryBenchmark <leads> <deals> <kills>"
                            + " [checkpoint interval, default 5s] [PULSE_STATE_BACKEND]");
            System.exit(2);
        }
        int leads = Integer.parseInt(args[0]);
        int deals = Integer.parseInt(args[1]);
        int kills = Integer.parseInt(args[2]);
        String checkpointInterval = args.length > 3 ? args[3] : "5s";
        String stateBackend = args.length > 4 ? args[4] : null;
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(
                    JAR + " is missing: mvn -B -q -Pbench install -DskipTests first");
        }
        BenchRun run = BenchRun.start(RecoveryBenchmark.class);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("leads", leads);
        parameters.put("deals", deals);
        parameters.put("kills", kills);
        parameters.put("checkpoint interval", checkpointInterval);
        parameters.put("state backend", stateBackend != null ? stateBackend : "(default)");

        Path work = Files.createTempDirectory("crm-pulse-recovery");
        Path state = work.resolve("state");
        // The jar's logs stay (small) for a look at where a restart spends its time.
        Path logs = Files.createTempDirectory("crm-pulse-recovery-logs");
        System.out.println("The jar's logs: " + logs);
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        Process job = null;
        try (TestPostgres postgres =
                        new TestPostgres(work.resolve("postgres"), TestDatabase.freePort());
                ZohoSimulator zoho =
                        ZohoSimulator.builder()
                                .scenario(Scenario.scale(leads, deals))
                                .port(0)
                                .start()) {
            JdbcSettings db = postgres.start();
            Map<String, String> env = new HashMap<>();
            env.put("ZOHO_ACCOUNTS_URL", zoho.baseUrl());
            env.put("ZOHO_CLIENT_ID", zoho.clientId());
            env.put("ZOHO_CLIENT_SECRET", zoho.clientSecret());
            env.put("ZOHO_REFRESH_TOKEN", zoho.refreshToken());
            env.put("PULSE_POLL_INTERVAL", "1s");
            env.put("PULSE_CHECKPOINT_INTERVAL", checkpointInterval);
            env.put("PULSE_STATE_DIR", state.toString());
            env.put("PULSE_JDBC_URL", db.url());
            env.put("PULSE_DB_USER", db.user());
            env.put("PULSE_DB_PASSWORD", db.password());
            if (stateBackend != null) {
                env.put("PULSE_STATE_BACKEND", stateBackend);
            }

            long backfillStart = System.nanoTime();
            Path log = logs.resolve("run-0.log");
            job = startJar(env, log);
            awaitLog(log, "Leads: backfill complete");
            awaitLog(log, "Deals: backfill complete");
            int liveLeads = zoho.world().liveCount(CrmModule.LEADS);
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
                await(c, "SELECT count(*) >= ? FROM crm_leads", liveLeads);
            }
            System.out.printf(
                    "backfill of %,d live leads in crm_leads after %.1f s%n",
                    liveLeads, (System.nanoTime() - backfillStart) / 1e9);
            // A CRM in use: five leads edited each second, before and after every kill.
            trickle.scheduleAtFixedRate(() -> zoho.world().editLeads(5), 0, 1, TimeUnit.SECONDS);

            List<Double> resumeLine = new ArrayList<>();
            List<Double> sourceRunning = new ArrayList<>();
            List<Double> firstCheckpoint = new ArrayList<>();
            List<Double> markerVisible = new ArrayList<>();
            List<Double> restoredMiB = new ArrayList<>();
            for (int kill = 1; kill <= kills; kill++) {
                awaitTwoCheckpoints(state);
                job.destroyForcibly(); // SIGKILL: no savepoint, no flush, no shutdown hook
                job.waitFor();
                Path restored = LocalCheckpoints.in(state).latest().orElseThrow();
                restoredMiB.add(LocalCheckpoints.sizeInBytes(restored) / 1048576.0);

                long start = System.nanoTime();
                log = logs.resolve("run-" + kill + ".log");
                job = startJar(env, log);
                String marker = "Bench recovery " + kill;
                zoho.world().createLeads(1, marker, "Not Contacted");
                double[] times = timeRecovery(log, state, db, marker, start);
                resumeLine.add(times[0]);
                sourceRunning.add(times[1]);
                firstCheckpoint.add(times[2]);
                markerVisible.add(times[3]);
                String output = Files.readString(log);
                System.out.printf(
                        "kill %d: restored %s (%.1f MiB); resume line %.2f s, source running"
                                + " %.2f s, first checkpoint %.2f s, marker lead in"
                                + " lead_source_quality %.2f s%s%n",
                        kill,
                        restored.getFileName(),
                        restoredMiB.get(kill - 1),
                        times[0],
                        times[1],
                        times[2],
                        times[3],
                        output.contains("phase BACKFILL")
                                ? " (BACKFILL again: the checkpoint was not restored)"
                                : "");
            }
            recordMedianAndMax(run, "kill -> resume log line", resumeLine, "s", parameters);
            recordMedianAndMax(run, "kill -> source running", sourceRunning, "s", parameters);
            recordMedianAndMax(
                    run,
                    "kill -> first checkpoint after restore",
                    firstCheckpoint,
                    "s",
                    parameters);
            recordMedianAndMax(
                    run, "kill -> new lead in lead_source_quality", markerVisible, "s", parameters);
            recordMedianAndMax(run, "restored checkpoint size", restoredMiB, "MiB", parameters);
        } finally {
            trickle.shutdownNow();
            if (job != null) {
                job.destroyForcibly();
                job.waitFor();
            }
            FileUtils.deleteDirectory(work.toFile());
        }
    }

    /**
     * Seconds from {@code start} to: the resume line, the source's first phase line, the first
     * checkpoint written after {@code start}, and {@code marker}'s row in lead_source_quality.
     */
    private static double[] timeRecovery(
            Path log, Path state, JdbcSettings db, String marker, long start) throws Exception {
        double[] seconds = {-1, -1, -1, -1};
        long startMillis = System.currentTimeMillis();
        long deadline = startMillis + TIMEOUT_MILLIS;
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                PreparedStatement row =
                        c.prepareStatement(
                                "SELECT 1 FROM lead_source_quality WHERE lead_source = ?")) {
            row.setString(1, marker);
            while (Arrays.stream(seconds).anyMatch(s -> s < 0)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "No recovery within an hour; the jar's log:\n" + Files.readString(log));
                }
                double now = (System.nanoTime() - start) / 1e9;
                String output = Files.readString(log);
                if (seconds[0] < 0 && output.contains("Resuming from the checkpoint")) {
                    seconds[0] = now;
                }
                if (seconds[1] < 0 && output.contains("Leads: sync starts in phase")) {
                    seconds[1] = now;
                }
                if (seconds[2] < 0 && checkpointsSince(state, startMillis) > 0) {
                    seconds[2] = now;
                }
                if (seconds[3] < 0) {
                    try (ResultSet rs = row.executeQuery()) {
                        if (rs.next()) {
                            seconds[3] = now;
                        }
                    }
                }
                Thread.sleep(50);
            }
        }
        return seconds;
    }

    private static Process startJar(Map<String, String> env, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder =
                new ProcessBuilder(java, "-jar", JAR.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("ZOHO_") || k.startsWith("PULSE_"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void awaitLog(Path log, String text) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!Files.readString(log).contains(text)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "No '"
                                + text
                                + "' within an hour in "
                                + log
                                + ":\n"
                                + Files.readString(log));
            }
            Thread.sleep(200);
        }
    }

    private static void await(Connection c, String sql, long parameter) throws Exception {
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        try (PreparedStatement query = c.prepareStatement(sql)) {
            query.setLong(1, parameter);
            while (true) {
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("Not within an hour: " + sql);
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Until two checkpoints completed after this call: the second was triggered after the first
     * completed, so it holds all the job had done when this was called.
     */
    private static void awaitTwoCheckpoints(Path state) throws Exception {
        long after = System.currentTimeMillis();
        long deadline = after + TIMEOUT_MILLIS;
        while (checkpointsSince(state, after) < 2) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("No two checkpoints within an hour in " + state);
            }
            Thread.sleep(100);
        }
    }

    private static long checkpointsSince(Path state, long millis) throws IOException {
        Path checkpoints = LocalCheckpoints.in(state).directory();
        if (!Files.isDirectory(checkpoints)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(checkpoints)) {
            return files.filter(p -> p.getFileName().toString().equals("_metadata"))
                    .filter(p -> p.toFile().lastModified() > millis)
                    .count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a checkpoint was deleted while we walked: look again
        }
    }

    private static void recordMedianAndMax(
            BenchRun run,
            String figure,
            List<Double> values,
            String unit,
            Map<String, Object> parameters) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        run.record(figure + " (median)", sorted.get(sorted.size() / 2), unit, parameters);
        run.record(figure + " (max)", sorted.get(sorted.size() - 1), unit, parameters);
    }

    private RecoveryBenchmark() {}
}
