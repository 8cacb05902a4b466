package io.crmpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmpulse.job.PulseJob;
import io.crmpulse.job.config.PulseConfig;
import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.job.db.TestPostgres;
import io.crmpulse.launcher.LocalCheckpoints;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.zoho.ZohoSyncMode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A backfill of a CRM of {@code leads} leads and {@code leads/5} deals through the whole job, as
 * {@link PulseJob} wires it with {@code --until-caught-up} (so it ends once caught up), in an
 * embedded Flink with checkpoints every 5 s kept on disk as the laptop jar keeps them, into an
 * embedded PostgreSQL, from the simulator in a JVM of its own ({@link SimulatorProcess}).
 *
 * <p>Figures: records per second (rows of {@code crm_leads} and {@code crm_deals} over the wall
 * time from submitting the job to its end); Zoho calls against the minimum, ceil(leads/200) +
 * ceil(deals/200) pages and one deletions call per module, with the scans that restarted after
 * Zoho's 100,000-record page-token limit itemised; where the time went: the simulator's time
 * serving, the sink's commit time per table ({@link CommitTimeReporter}), and, when this JVM runs a
 * flight recording ({@code JAVA_OPTS=-XX:StartFlightRecording=settings=profile}), its samples by
 * thread and frame ({@link JfrHotFrames}). The result is checked: {@code crm_leads} and {@code
 * lead_source_quality} against the simulator's ground truth.
 *
 * <pre>
 * bench/run BackfillBenchmark [leads=1000000] [simulator heap=3g] [simulator.jfr]
 * PULSE_STATE_BACKEND=rocksdb bench/run BackfillBenchmark 1000000 3g    # the job's state backend
 * </pre>
 */
public final class BackfillBenchmark {

    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
    private static final List<String> COUNTS =
            List.of(
                    "leads",
                    "junkLeads",
                    "untouchedLeads",
                    "contactedLeads",
                    "convertedLeads",
                    "deals",
                    "openDeals",
                    "wonDeals",
                    "lostDeals");

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int deals = leads / 5;
        String simulatorHeap = args.length > 1 ? args[1] : "3g";
        Path simulatorJfr = args.length > 2 ? Path.of(args[2]) : null;
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("leads", leads);
        parameters.put("deals", deals);
        parameters.put("checkpointInterval", CHECKPOINT_INTERVAL.toString());
        BenchRun run = BenchRun.start(BackfillBenchmark.class);
        Path state = Files.createTempDirectory("crm-pulse-backfill");
        try (SimulatorProcess zoho =
                        SimulatorProcess.start(leads, deals, simulatorHeap, simulatorJfr);
                TestPostgres postgres = new TestPostgres(state.resolve("postgres"), freePort())) {
            run.record(
                    "simulator start (world built, serving)",
                    zoho.startup().toMillis() / 1000.0,
                    "s",
                    parameters);
            JdbcSettings db = postgres.start();
            Map<String, String> env = new HashMap<>();
            env.put("ZOHO_ACCOUNTS_URL", zoho.baseUrl());
            env.put("ZOHO_API_DOMAIN", zoho.baseUrl());
            env.put("ZOHO_CLIENT_ID", zoho.clientId());
            env.put("ZOHO_CLIENT_SECRET", zoho.clientSecret());
            env.put("ZOHO_REFRESH_TOKEN", zoho.refreshToken());
            // The state backend as the job takes it: PULSE_STATE_BACKEND of this process.
            String backend = System.getenv("PULSE_STATE_BACKEND");
            if (backend != null) {
                env.put("PULSE_STATE_BACKEND", backend);
            }
            parameters.put("state_backend", backend != null ? backend : "(default)");
            PulseConfig config = PulseConfig.fromEnvironment(env, true);
            PulseJob job = new PulseJob(config, db, ZohoSyncMode.UNTIL_CAUGHT_UP);
            job.migrateSchema();

            // Checkpoints on disk as the laptop jar keeps them: a backfill's sink state is
            // larger than the JobManager's in-memory default allows.
            Configuration flink = LocalCheckpoints.in(state).configure(new Configuration());
            CommitTimeReporter.addTo(flink);
            StreamExecutionEnvironment streams =
                    StreamExecutionEnvironment.getExecutionEnvironment(flink);
            job.addTo(streams, CHECKPOINT_INTERVAL, PulseEnvironment.stateBackend(env));
            parameters.put("parallelism", streams.getParallelism());
            long started = System.nanoTime();
            streams.execute(PulseJob.NAME);
            double seconds = (System.nanoTime() - started) / 1e9;

            JsonNode stats = zoho.stats();
            JsonNode truth = zoho.leadSourceQualityTruth();
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
                long leadRows = count(c, "SELECT count(*) FROM crm_leads");
                long dealRows = count(c, "SELECT count(*) FROM crm_deals");
                run.record("backfill wall time", seconds, "s", parameters);
                run.record(
                        "backfill records/s", (leadRows + dealRows) / seconds, "1/s", parameters);
                recordCalls(run, stats, c, leadRows, dealRows, parameters);
                recordTime(run, stats, parameters);
                check(run, c, truth, parameters);
            }
        }
        deleteRecursively(state);
        if (simulatorJfr != null) {
            System.out.println("simulator's profile, " + simulatorJfr + ":");
            System.out.print(JfrHotFrames.summarize(simulatorJfr, 15).describe());
        }
        profileOfThisJvm();
    }

    private static void recordCalls(
            BenchRun run,
            JsonNode stats,
            Connection c,
            long leads,
            long deals,
            Map<String, Object> parameters)
            throws SQLException {
        // Of the live records the backfill read: the scenario's counts are about the requested.
        long minimum = (leads + 199) / 200 + (deals + 199) / 200 + 2;
        Map<String, Object> calls = new LinkedHashMap<>(parameters);
        for (String module : List.of("Leads", "Deals")) {
            long records = stats.at("/recordsCalls/" + module).asLong();
            long byToken = stats.at("/recordsCallsWithPageToken/" + module).asLong();
            calls.put(module + " records calls", records);
            calls.put(module + " records calls by page_token", byToken);
            // Each scan's first page carries no token: the backfill's, the caught-up check's,
            // and one per restart after the page-token limit.
            calls.put(module + " scans started", records - byToken);
            calls.put(module + " deletions calls", stats.at("/deletedCalls/" + module).asLong());
        }
        calls.put(
                "refused with 400 (PAGINATION_LIMIT_EXCEEDED)",
                stats.at("/apiCallsByStatus/400").asLong());
        calls.put("answered 304 (nothing new)", stats.at("/apiCallsByStatus/304").asLong());
        calls.put("token calls", stats.at("/tokenCalls").asLong());
        calls.put(
                "job's count (sync_state.api_calls)",
                count(c, "SELECT sum(api_calls) FROM sync_state"));
        calls.put("minimum", minimum);
        long total = stats.at("/apiCalls").asLong() + stats.at("/tokenCalls").asLong();
        run.record("backfill Zoho calls / minimum", (double) total / minimum, "ratio", calls);
    }

    private static void recordTime(BenchRun run, JsonNode stats, Map<String, Object> parameters) {
        run.record(
                "simulator time serving API calls",
                stats.at("/servingMillis").asLong() / 1000.0,
                "s",
                parameters);
        CommitTimeReporter.totals()
                .forEach(
                        (table, total) -> {
                            Map<String, Object> withTable = new LinkedHashMap<>(parameters);
                            withTable.put("table", table);
                            withTable.put("commits", total[0]);
                            run.record("sink commit time", total[1] / 1000.0, "s", withTable);
                        });
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        run.record(
                "job JVM heap, sum of its pools' peaks (an upper bound)",
                peak / (1024.0 * 1024),
                "MiB",
                parameters);
    }

    /** The tables against the simulator's ground truth: rows and each source's counts. */
    private static void check(
            BenchRun run, Connection c, JsonNode truth, Map<String, Object> parameters)
            throws SQLException {
        Map<String, Map<String, Long>> expected = new HashMap<>();
        long truthLeads = 0;
        for (JsonNode row : truth) {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String column : COUNTS) {
                counts.put(column, row.at("/columns/" + column).asLong());
            }
            truthLeads += counts.get("leads");
            expected.put(row.get("leadSource").asText(), counts);
        }
        Map<String, Map<String, Long>> actual = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT lead_source, leads, junk_leads, untouched_leads,"
                                        + " contacted_leads, converted_leads, deals, open_deals,"
                                        + " won_deals, lost_deals FROM lead_source_quality")) {
            while (rs.next()) {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (int i = 0; i < COUNTS.size(); i++) {
                    counts.put(COUNTS.get(i), rs.getLong(i + 2));
                }
                actual.put(rs.getString(1), counts);
            }
        }
        List<String> differences = new ArrayList<>();
        expected.forEach(
                (source, counts) -> {
                    if (!counts.equals(actual.get(source))) {
                        differences.add(
                                source + ": truth " + counts + ", table " + actual.get(source));
                    }
                });
        actual.keySet().stream()
                .filter(source -> !expected.containsKey(source))
                .forEach(source -> differences.add(source + ": in the table only"));
        long leadRows = count(c, "SELECT count(*) FROM crm_leads");
        Map<String, Object> check = new LinkedHashMap<>(parameters);
        check.put("crm_leads rows", leadRows);
        check.put("truth's leads", truthLeads);
        check.put("lead_source_quality rows", actual.size());
        check.put("truth's sources", expected.size());
        check.put("differences", differences);
        run.record(
                "backfill result equals the ground truth",
                differences.isEmpty() && leadRows == truthLeads ? 1 : 0,
                "1=yes",
                check);
    }

    /** Dumps and summarises the flight recording this JVM runs, if any. */
    private static void profileOfThisJvm() throws Exception {
        if (!FlightRecorder.isInitialized()) {
            System.out.println(
                    "No flight recording in this JVM: run with"
                            + " JAVA_OPTS=-XX:StartFlightRecording=settings=profile for a profile");
            return;
        }
        for (Recording recording : FlightRecorder.getFlightRecorder().getRecordings()) {
            if (recording.getState() == RecordingState.RUNNING) {
                Path dump = Files.createTempFile("backfill-job-", ".jfr");
                recording.dump(dump);
                System.out.println("job's profile, " + dump + ":");
                System.out.print(JfrHotFrames.summarize(dump, 15).describe());
            }
        }
    }

    /** The embedded database's files and the checkpoints: gigabytes at a million leads. */
    private static void deleteRecursively(Path directory) throws java.io.IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private BackfillBenchmark() {}
}
