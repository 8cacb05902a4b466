package io.crmpulse.bench;

import io.crmpulse.job.config.Durations;
import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.db.TestPostgres;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.simulator.ZohoSimulator;
import io.crmpulse.simulator.scenario.Scenario;
import io.crmpulse.simulator.world.LeadStatuses;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.zoho.ZohoModule;
import io.crmpulse.zoho.client.ZohoClientConfig;
import io.crmpulse.zoho.client.ZohoCredentials;
import io.crmpulse.zoho.source.ZohoSource;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Freshness: how long after a change in the CRM it shows in {@code lead_source_quality} and in
 * {@code crm_leads}, under a steady load (arguments: seconds of load, poll interval, checkpoint
 * interval). The whole job in an embedded Flink, against the simulator (live clock, the {@code
 * backfill} scenario's CRM: the size of the CRM matters little here) and an embedded PostgreSQL.
 *
 * <p>The load is one new lead of a source of its own at a random moment every 0 to 2 s (one a
 * second on average, so at every moment of the poll cycle). A change's latency runs from just
 * before the world mutation ({@link System#nanoTime()}) to the first poll of the tables, every 10
 * ms, that holds it: the i-th change is in {@code lead_source_quality} once the source's {@code
 * leads} is at least i, and in {@code crm_leads} once the source has i rows. The tables show the
 * last completed checkpoint, so the expected worst case is the poll interval plus the checkpoint
 * interval plus the commit. A benchmark, not a test: it prints and records what it measured and
 * asserts nothing.
 *
 * <pre>
 * mvn -B -q -o -Pbench install -DskipTests
 * bench/run FreshnessBenchmark 300 60s 5s   # the defaults
 * bench/run FreshnessBenchmark 300 2s 1s    # fast
 * </pre>
 */
public final class FreshnessBenchmark {

    /** Only the benchmark's leads have it, so its counts are the benchmark's changes. */
    private static final String SOURCE = "Bench Freshness";

    private static final long POLL_TABLES_MILLIS = 10;

    public static void main(String[] args) throws Exception {
        Duration load = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 300);
        Duration pollInterval = Durations.parse("poll", args.length > 1 ? args[1] : "60s");
        Duration checkpointInterval =
                Durations.parse("checkpoint", args.length > 2 ? args[2] : "5s");
        BenchRun run = BenchRun.start(FreshnessBenchmark.class);
        Path state = Files.createTempDirectory("crm-pulse-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TestPostgres postgres = new TestPostgres(state.resolve("postgres"), port);
                ZohoSimulator zoho =
                        ZohoSimulator.builder().scenario(Scenario.named("backfill")).start()) {
            JdbcSettings db = postgres.start();
            new SchemaMigrator(db, ZoneOffset.UTC).migrate();
            ZohoSource source =
                    ZohoSource.builder()
                            .setModules(List.of(ZohoModule.of("Leads"), ZohoModule.of("Deals")))
                            .setHttpClient(
                                    ZohoClientConfig.of(zoho.baseUrl(), null),
                                    ZohoCredentials.of(
                                            zoho.clientId(),
                                            zoho.clientSecret(),
                                            zoho.refreshToken()))
                            .setPollInterval(pollInterval)
                            .build();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(checkpointInterval.toMillis());
            BenchPipeline.of(source, MetricsTables.sinkOptions(db)).build(env);
            JobClient job = env.executeAsync("freshness benchmark");
            try {
                awaitBackfill(zoho, db, pollInterval.plusMinutes(2));
                Latencies latencies = measure(zoho, db, load, pollInterval, checkpointInterval);
                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("poll_interval", Durations.format(pollInterval));
                parameters.put("checkpoint_interval", Durations.format(checkpointInterval));
                parameters.put("load_seconds", load.toSeconds());
                parameters.put("changes", latencies.quality().size());
                parameters.put("resolution_ms", POLL_TABLES_MILLIS);
                LatencyFigures.record(
                        run, "change -> lead_source_quality", latencies.quality(), parameters);
                LatencyFigures.record(run, "change -> crm_leads", latencies.mirror(), parameters);
                System.out.printf(
                        "target: p99 <= poll + checkpoint + 1 s = %.1f s%n",
                        (pollInterval.plus(checkpointInterval).toMillis() + 1000) / 1000.0);
            } finally {
                job.cancel().get();
            }
        }
    }

    private record Latencies(List<Long> quality, List<Long> mirror) {}

    /**
     * Makes the changes on this thread and watches the tables on another, so that a slow table
     * never delays the next change.
     */
    private static Latencies measure(
            ZohoSimulator zoho,
            JdbcSettings db,
            Duration load,
            Duration pollInterval,
            Duration checkpointInterval)
            throws Exception {
        int capacity = (int) load.toSeconds() * 3 + 10;
        AtomicLongArray changed = new AtomicLongArray(capacity);
        AtomicLongArray inQuality = new AtomicLongArray(capacity);
        AtomicLongArray inMirror = new AtomicLongArray(capacity);
        Watcher watcher = new Watcher(db, inQuality, inMirror);
        Thread watching = new Thread(watcher, "freshness-watcher");
        watching.start();
        Random random = new Random(1);
        long end = System.nanoTime() + load.toNanos();
        int changes = 0;
        while (System.nanoTime() < end && changes < capacity) {
            Thread.sleep(random.nextInt(2001));
            changed.set(changes, System.nanoTime());
            zoho.world().createLeads(1, SOURCE, LeadStatuses.NOT_CONTACTED);
            changes++;
            watcher.made(changes);
        }
        System.out.printf("%d changes made in %s; waiting for the last ones%n", changes, load);
        long deadline =
                System.nanoTime() + pollInterval.plus(checkpointInterval).plusSeconds(60).toNanos();
        while (watcher.pending() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        watching.interrupt();
        watching.join();
        if (watcher.failure != null) {
            throw watcher.failure;
        }
        List<Long> quality = new ArrayList<>();
        List<Long> mirror = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            if (inQuality.get(i) == 0 || inMirror.get(i) == 0) {
                throw new IllegalStateException(
                        "change " + (i + 1) + " of " + changes + " did not arrive in time");
            }
            quality.add((inQuality.get(i) - changed.get(i)) / 1_000_000);
            mirror.add((inMirror.get(i) - changed.get(i)) / 1_000_000);
        }
        return new Latencies(quality, mirror);
    }

    /** Polls both tables every 10 ms and stamps each change when it first shows. */
    private static final class Watcher implements Runnable {
        private final JdbcSettings db;
        private final AtomicLongArray inQuality;
        private final AtomicLongArray inMirror;
        private volatile int made;
        private volatile int seenInBoth;
        private volatile Exception failure;

        Watcher(JdbcSettings db, AtomicLongArray inQuality, AtomicLongArray inMirror) {
            this.db = db;
            this.inQuality = inQuality;
            this.inMirror = inMirror;
        }

        void made(int changes) {
            made = changes;
        }

        boolean pending() {
            return failure == null && seenInBoth < made;
        }

        @Override
        public void run() {
            try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                    PreparedStatement quality =
                            c.prepareStatement(
                                    "SELECT leads FROM lead_source_quality WHERE lead_source = ?");
                    PreparedStatement mirror =
                            c.prepareStatement(
                                    "SELECT count(*) FROM crm_leads WHERE lead_source = ?")) {
                quality.setString(1, SOURCE);
                mirror.setString(1, SOURCE);
                int inQualitySoFar = 0;
                int inMirrorSoFar = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    long now = System.nanoTime();
                    inQualitySoFar = stamp(count(quality), inQualitySoFar, inQuality, now);
                    inMirrorSoFar = stamp(count(mirror), inMirrorSoFar, inMirror, now);
                    seenInBoth = Math.min(inQualitySoFar, inMirrorSoFar);
                    Thread.sleep(POLL_TABLES_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
            }
        }

        /** Stamps changes {@code from + 1} to {@code count} as arrived at {@code now}. */
        private int stamp(long count, int from, AtomicLongArray arrived, long now) {
            int upTo = (int) Math.min(count, made);
            for (int i = from; i < upTo; i++) {
                arrived.set(i, now);
            }
            return Math.max(from, upTo);
        }

        private static long count(PreparedStatement query) throws Exception {
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** The backfill is in once {@code crm_leads} holds every lead of the simulated CRM. */
    private static void awaitBackfill(ZohoSimulator zoho, JdbcSettings db, Duration timeout)
            throws Exception {
        long leads = zoho.world().snapshot().leads().size();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                PreparedStatement query = c.prepareStatement("SELECT count(*) FROM crm_leads")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next() && rs.getLong(1) >= leads) {
                        System.out.printf("backfill of %d leads is in%n", leads);
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(
                "The backfill of " + leads + " leads did not arrive within " + timeout);
    }

    private FreshnessBenchmark() {}
}
