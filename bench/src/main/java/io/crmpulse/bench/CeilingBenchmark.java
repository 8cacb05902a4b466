package io.crmpulse.bench;

import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.db.TestPostgres;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The job's own ceiling (BENCHMARKS.md M1): {@code CrmPulsePipeline} fed by {@link
 * GeneratedChanges} (no Zoho API), as fast as it goes. First the fill ({@code leads} leads and
 * {@code leads / 5} deals), then {@code cycles} cycles of 500 lead status changes and 100 deal
 * stage moves; changes/s of each phase over its steady part (the first 10 s left out). Three
 * variants locate the limit: {@code full} (embedded PostgreSQL, checkpoint 5 s), {@code blackhole}
 * (the same job, its tables on Flink's blackhole connector) and {@code source} (the generator into
 * a discarding sink). Prints each vertex's busy and backpressured time (Flink REST), the
 * checkpoints, and where the CPU went (a JFR recording of the run, summarised). Alerts go to a
 * discarding sink in every variant.
 *
 * <pre>
 * bench/run CeilingBenchmark full 200000 300
 * bench/run CeilingBenchmark blackhole 200000 300
 * bench/run CeilingBenchmark source 1000000 0
 * </pre>
 *
 * Arguments: variant, leads, cycles, [parallelism, default the number of cores].
 */
public final class CeilingBenchmark {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final int LEAD_EDITS = 500;
    private static final int DEAL_EDITS = 100;
    private static final long WARM_UP_MILLIS = 10_000;

    public static void main(String[] args) throws Exception {
        String variant = args.length > 0 ? args[0] : "full";
        int leads = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        long cycles = args.length > 2 ? Long.parseLong(args[2]) : 300;
        int parallelism =
                args.length > 3
                        ? Integer.parseInt(args[3])
                        : Runtime.getRuntime().availableProcessors();
        if (!List.of("full", "blackhole", "source").contains(variant)) {
            throw new IllegalArgumentException(
                    "variant must be full, blackhole or source, got " + variant);
        }
        BenchRun run = BenchRun.start(CeilingBenchmark.class);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("variant", variant);
        params.put("leads", leads);
        params.put("deals", leads / 5);
        params.put("cycles", cycles);
        params.put("cycle", LEAD_EDITS + " lead + " + DEAL_EDITS + " deal changes");
        params.put("parallelism", parallelism);
        params.put("checkpoint", "5 s");
        boolean objectReuse = Boolean.parseBoolean(System.getProperty("bench.objectReuse", "true"));
        params.put("object_reuse", objectReuse);

        GeneratedChanges changes = new GeneratedChanges(leads, LEAD_EDITS, DEAL_EDITS, START);
        CycleGate gate = CycleGate.create(changes, cycles);
        // All released: the gate only counts what the source generated, the same way in each
        // variant (a source chained to its sink reports no records out).
        gate.release(cycles);
        Path state = Files.createTempDirectory("crm-pulse-ceiling");
        BenchCluster cluster = BenchCluster.create(parallelism, state.resolve("checkpoints"));
        StreamExecutionEnvironment env = cluster.env();
        env.enableCheckpointing(5_000);
        TestPostgres postgres = null;
        JdbcSettings db = null;
        if (variant.equals("full")) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            postgres = new TestPostgres(state.resolve("postgres"), port);
            db = postgres.start();
            new SchemaMigrator(db, ZoneOffset.UTC).migrate();
        }
        try {
            if (variant.equals("source")) {
                env.fromSource(
                                changes.source(gate),
                                WatermarkStrategy.noWatermarks(),
                                "generated changes")
                        .setParallelism(1)
                        .sinkTo(new DiscardingSink<>())
                        .setParallelism(1);
            } else {
                BenchPipeline.of(
                                changes.source(gate),
                                db != null
                                        ? MetricsTables.sinkOptions(db)
                                        : MetricsTables.blackholeSinkOptions())
                        .build(env);
                // The object-reuse speed-up's A/B: JAVA_OPTS=-Dbench.objectReuse=false.
                if (!objectReuse) {
                    env.getConfig().disableObjectReuse();
                }
            }
            Path jfrFile = state.resolve("ceiling-" + variant + ".jfr");
            try (Recording jfr = new Recording(Configuration.getConfiguration("profile"))) {
                jfr.setToDisk(true);
                jfr.setDestination(jfrFile);
                jfr.start();
                measure(
                        run,
                        params,
                        changes,
                        gate,
                        cluster,
                        env.executeAsync("ceiling " + variant));
                jfr.stop();
            }
            System.out.println("JFR: " + jfrFile);
            System.out.print(JfrHotFrames.summarize(jfrFile, 20).describe());
            if (db != null) {
                printRowCounts(db);
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    private static void measure(
            BenchRun run,
            Map<String, Object> params,
            GeneratedChanges changes,
            CycleGate gate,
            BenchCluster cluster,
            JobClient job)
            throws Exception {
        long submitted = System.nanoTime();
        long total = changes.count(gate.cycles());
        List<long[]> progress = new ArrayList<>(); // {nanos since submit, records generated}
        List<List<BenchCluster.VertexLoad>> loads = new ArrayList<>();
        List<BenchCluster.Checkpoint> checkpoints = List.of();
        long firstRecord = -1;
        long lastLoadSample = 0;
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        while (!result.isDone()) {
            long now = System.nanoTime() - submitted;
            long emitted = gate.emitted();
            progress.add(new long[] {now, emitted});
            if (progress.size() % 10 == 0) {
                System.out.printf(
                        "%d s: %d of %d changes generated%n", now / 1_000_000_000L, emitted, total);
            }
            if (emitted > 0 && firstRecord < 0) {
                firstRecord = now;
            }
            try {
                boolean steady = firstRecord >= 0 && now - firstRecord > WARM_UP_MILLIS * 1_000_000;
                if (steady && emitted < total && now - lastLoadSample > 5_000_000_000L) {
                    loads.add(cluster.vertices(job.getJobID()));
                    lastLoadSample = now;
                }
                checkpoints = cluster.checkpoints(job.getJobID());
            } catch (RuntimeException finishing) {
                // The job ended between the status check and the read: its REST API is gone.
            }
            Thread.sleep(1_000);
        }
        result.get();
        double seconds = (System.nanoTime() - submitted) / 1e9;
        long fill = changes.fillSize();
        double fillRate = rate(progress, firstRecord + WARM_UP_MILLIS * 1_000_000, 0, fill);
        double editRate = rate(progress, 0, fill, total);
        recordRate(run, "fill changes/s", fillRate, params);
        if (total > fill) {
            recordRate(run, "edit changes/s", editRate, params);
        }
        run.record("submit to end", Math.round(seconds * 10) / 10.0, "s", params);
        printLoads(loads);
        printCheckpoints(run, params, checkpoints);
    }

    private static void recordRate(
            BenchRun run, String figure, double rate, Map<String, Object> params) {
        if (Double.isNaN(rate)) {
            System.out.println(figure + ": the phase was over before its steady part; run more");
        } else {
            run.record(figure, Math.round(rate), "changes/s", params);
        }
    }

    /**
     * Records/s between the first sample at or after {@code fromNanos} with more than {@code
     * fromRecords} generated and the last sample with fewer than {@code toRecords}: the steady part
     * of one phase. NaN when the phase was too short to have two such samples.
     */
    private static double rate(
            List<long[]> progress, long fromNanos, long fromRecords, long toRecords) {
        long[] first = null;
        long[] last = null;
        for (long[] sample : progress) {
            if (sample[0] >= fromNanos && sample[1] > fromRecords && sample[1] < toRecords) {
                if (first == null) {
                    first = sample;
                }
                last = sample;
            }
        }
        if (first == null || last == first) {
            return Double.NaN;
        }
        return (last[1] - first[1]) / ((last[0] - first[0]) / 1e9);
    }

    private static void printLoads(List<List<BenchCluster.VertexLoad>> loads) {
        if (loads.isEmpty()) {
            System.out.println("no vertex samples: the steady part was shorter than 5 s");
            return;
        }
        System.out.printf(
                "vertex load, mean of %d samples (every 5 s, steady part): busy, backpressured,"
                        + " idle ms/s, records in/s%n",
                loads.size());
        for (int v = 0; v < loads.get(0).size(); v++) {
            double busy = 0;
            double back = 0;
            double idle = 0;
            double in = 0;
            for (List<BenchCluster.VertexLoad> sample : loads) {
                BenchCluster.VertexLoad load = sample.get(v);
                busy += load.busyMsPerSecond();
                back += load.backPressuredMsPerSecond();
                idle += load.idleMsPerSecond();
                in += load.recordsInPerSecond();
            }
            int n = loads.size();
            BenchCluster.VertexLoad first = loads.get(0).get(v);
            String name = first.name();
            System.out.printf(
                    Locale.ROOT,
                    "  %6.0f %6.0f %6.0f %9.0f  p%d %s%n",
                    busy / n,
                    back / n,
                    idle / n,
                    in / n,
                    first.parallelism(),
                    name.length() > 150 ? name.substring(0, 150) + "..." : name);
        }
    }

    private static void printCheckpoints(
            BenchRun run, Map<String, Object> params, List<BenchCluster.Checkpoint> checkpoints) {
        long maxDuration = 0;
        long maxSize = 0;
        for (BenchCluster.Checkpoint c : checkpoints) {
            System.out.printf(
                    "checkpoint %d %s: %d bytes (%d checkpointed), %d ms end to end%n",
                    c.id(),
                    c.status(),
                    c.stateSize(),
                    c.checkpointedSize(),
                    c.endToEndDurationMillis());
            maxDuration = Math.max(maxDuration, c.endToEndDurationMillis());
            maxSize = Math.max(maxSize, c.stateSize());
        }
        if (!checkpoints.isEmpty()) {
            run.record("longest checkpoint", maxDuration, "ms", params);
            run.record("largest checkpoint", maxSize, "bytes", params);
        }
    }

    private static void printRowCounts(JdbcSettings db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
            for (String table :
                    List.of("crm_leads", "crm_deals", "lead_source_quality", "rep_pipeline")) {
                try (ResultSet rs =
                        c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    System.out.printf("%s: %d rows%n", table, rs.getLong(1));
                }
            }
        }
    }

    private CeilingBenchmark() {}
}
