package io.crmpulse.bench;

import io.crmpulse.job.config.Durations;
import io.crmpulse.job.config.PulseStateBackend;
import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.db.TestPostgres;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CheckpointStatsStatus;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.checkpoint.TaskStateStats;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Memory and state against the size of the CRM (arguments: lead counts, state backends, seconds of
 * steady load, checkpoint interval): for each backend and size, the whole pipeline in a {@link
 * MiniCluster} of this JVM, fed by {@link GeneratedChanges} (the leads, a fifth as many deals)
 * instead of the Zoho API, writing to an embedded PostgreSQL. Once the fill has passed two
 * checkpoints: the heap used after a full GC, the last checkpoint's full size, its incremental
 * (checkpointed) size and duration, the state of each operator, and bytes of state per record; then
 * a steady load of 100 changes a second (80 lead status changes, 20 deal stage moves) and the
 * checkpoints' duration under it. Each size is a fresh job and database, so sizes do not share
 * state; the heap is this JVM's (Flink, the harness and the JDBC client), measured as well before
 * the job starts. A benchmark, not a test: it prints and records what it measured and asserts
 * nothing.
 *
 * <pre>
 * mvn -B -q -o -Pbench install -DskipTests
 * bench/run StateBenchmark 100000,200000,300000 hashmap,rocksdb 60 5s
 * JAVA_OPTS=-Xmx3g bench/run StateBenchmark 100000,200000,...,1000000 hashmap,rocksdb 120 5s
 * </pre>
 */
public final class StateBenchmark {

    private static final MemorySize MANAGED_MEMORY = MemorySize.parse("512m");

    private static final int LEAD_EDITS_PER_SECOND = 80;
    private static final int DEAL_EDITS_PER_SECOND = 20;

    public static void main(String[] args) throws Exception {
        List<Integer> sizes =
                Arrays.stream((args.length > 0 ? args[0] : "100000,200000,300000").split(","))
                        .map(String::strip)
                        .map(Integer::parseInt)
                        .toList();
        List<PulseStateBackend> backends =
                Arrays.stream((args.length > 1 ? args[1] : "hashmap,rocksdb").split(","))
                        .map(b -> PulseStateBackend.valueOf(b.strip().toUpperCase(Locale.ROOT)))
                        .toList();
        int steadySeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        Duration checkpointInterval =
                Durations.parse("checkpoint", args.length > 3 ? args[3] : "5s");
        BenchRun run = BenchRun.start(StateBenchmark.class);
        for (PulseStateBackend backend : backends) {
            for (int leads : sizes) {
                measure(run, backend, leads, steadySeconds, checkpointInterval);
            }
        }
    }

    private static void measure(
            BenchRun run,
            PulseStateBackend backend,
            int leads,
            int steadySeconds,
            Duration checkpointInterval)
            throws Exception {
        Path work = Files.createTempDirectory("crm-pulse-state-bench");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int parallelism = Runtime.getRuntime().availableProcessors();
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        // Every checkpoint of the steady load, not only the last ten.
        conf.set(WebOptions.CHECKPOINTS_HISTORY_SIZE, 1000);
        // RocksDB's memory is managed memory, of which a MiniCluster has only 128 MB by default
        // for the job's twenty-odd keyed states: give it what a small TaskManager would have.
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MANAGED_MEMORY);
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                work.resolve("checkpoints").toUri().toString());
        try (TestPostgres postgres = new TestPostgres(work.resolve("postgres"), port);
                MiniCluster cluster =
                        new MiniCluster(
                                new MiniClusterConfiguration.Builder()
                                        .setConfiguration(conf)
                                        .setNumTaskManagers(1)
                                        .setNumSlotsPerTaskManager(parallelism)
                                        .build())) {
            JdbcSettings db = postgres.start();
            new SchemaMigrator(db, ZoneOffset.UTC).migrate();
            cluster.start();
            long baseHeap = heapAfterGc();

            GeneratedChanges crm =
                    new GeneratedChanges(
                            leads,
                            LEAD_EDITS_PER_SECOND,
                            DEAL_EDITS_PER_SECOND,
                            Instant.now().truncatedTo(ChronoUnit.SECONDS));
            // One cycle more than the steady load releases: the source stays open, so the job
            // runs until the benchmark cancels it rather than finishing on its own.
            CycleGate gate = CycleGate.create(crm, steadySeconds + 1);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(parallelism);
            env.enableCheckpointing(checkpointInterval.toMillis());
            // As PulseJob applies PULSE_STATE_BACKEND.
            env.configure(backend.flinkSettings());
            BenchPipeline.of(crm.source(gate), MetricsTables.sinkOptions(db)).build(env);
            JobGraph graph = env.getStreamGraph().getJobGraph();
            JobID job = cluster.submitJob(graph).get().getJobID();
            try {
                long start = System.nanoTime();
                while (gate.emitted() < crm.fillSize()) {
                    Thread.sleep(100);
                }
                // The second checkpoint triggered after the fill left the source holds all of it.
                long filled = System.currentTimeMillis();
                CompletedCheckpointStats full = awaitCompleted(cluster, job, filled, 2);
                double fillSeconds = (System.nanoTime() - start) / 1e9;
                long heap = heapAfterGc();

                Map<String, Object> parameters = new LinkedHashMap<>();
                parameters.put("state_backend", backend.key());
                parameters.put("leads", leads);
                parameters.put("deals", crm.fillSize() - leads);
                parameters.put("parallelism", parallelism);
                parameters.put("checkpoint_interval", Durations.format(checkpointInterval));
                run.record("fill time", fillSeconds, "s", parameters);
                run.record("heap used after GC", heap / 1048576.0, "MiB", parameters);
                run.record(
                        "heap used after GC, minus before the job",
                        (heap - baseHeap) / 1048576.0,
                        "MiB",
                        parameters);
                run.record(
                        "checkpoint full size", full.getStateSize() / 1048576.0, "MiB", parameters);
                run.record(
                        "checkpoint incremental size",
                        full.getCheckpointedSize() / 1048576.0,
                        "MiB",
                        parameters);
                run.record(
                        "checkpoint duration after the fill",
                        full.getEndToEndDuration(),
                        "ms",
                        parameters);
                run.record(
                        "state bytes per record",
                        (double) full.getStateSize() / crm.fillSize(),
                        "B",
                        parameters);
                for (TaskStateStats task : full.getAllTaskStateStats()) {
                    if (task.getStateSize() > 0) {
                        Map<String, Object> operator = new LinkedHashMap<>(parameters);
                        operator.put("operator", name(graph, task));
                        run.record(
                                "operator state size",
                                task.getStateSize() / 1048576.0,
                                "MiB",
                                operator);
                    }
                }

                steady(run, cluster, job, gate, steadySeconds, parameters);
            } finally {
                cluster.cancelJob(job).get();
            }
        }
    }

    /** One cycle a second; then the duration of the checkpoints that completed under it. */
    private static void steady(
            BenchRun run,
            MiniCluster cluster,
            JobID job,
            CycleGate gate,
            int seconds,
            Map<String, Object> parameters)
            throws Exception {
        long from = System.currentTimeMillis();
        long next = System.nanoTime();
        for (int i = 0; i < seconds; i++) {
            gate.release(1);
            next += 1_000_000_000L;
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        long to = System.currentTimeMillis();
        List<Long> durations = new ArrayList<>();
        List<Long> incremental = new ArrayList<>();
        for (AbstractCheckpointStats checkpoint :
                stats(cluster, job).getHistory().getCheckpoints()) {
            if (checkpoint.getStatus() == CheckpointStatsStatus.COMPLETED
                    && checkpoint.getTriggerTimestamp() >= from
                    && checkpoint.getTriggerTimestamp() < to) {
                durations.add(checkpoint.getEndToEndDuration());
                incremental.add(checkpoint.getCheckpointedSize());
            }
        }
        Map<String, Object> load = new LinkedHashMap<>(parameters);
        load.put("changes_per_second", LEAD_EDITS_PER_SECOND + DEAL_EDITS_PER_SECOND);
        load.put("seconds", seconds);
        load.put("checkpoints", durations.size());
        if (durations.isEmpty()) {
            System.out.println("no checkpoint completed under the steady load");
            return;
        }
        Collections.sort(durations);
        Collections.sort(incremental);
        run.record(
                "steady checkpoint duration p50",
                LatencyFigures.percentile(durations, 50),
                "ms",
                load);
        run.record(
                "steady checkpoint duration max", durations.get(durations.size() - 1), "ms", load);
        run.record(
                "steady checkpoint incremental size p50",
                LatencyFigures.percentile(incremental, 50) / 1048576.0,
                "MiB",
                load);
    }

    /**
     * Until {@code count} checkpoints triggered at or after {@code after} (epoch millis) have
     * completed; the last of them.
     */
    private static CompletedCheckpointStats awaitCompleted(
            MiniCluster cluster, JobID job, long after, int count) throws Exception {
        while (true) {
            List<CompletedCheckpointStats> completed = new ArrayList<>();
            for (AbstractCheckpointStats checkpoint :
                    stats(cluster, job).getHistory().getCheckpoints()) {
                if (checkpoint instanceof CompletedCheckpointStats done
                        && checkpoint.getTriggerTimestamp() >= after) {
                    completed.add(done);
                }
            }
            if (completed.size() >= count) {
                return completed.stream()
                        .max((a, b) -> Long.compare(a.getCheckpointId(), b.getCheckpointId()))
                        .orElseThrow();
            }
            Thread.sleep(200);
        }
    }

    private static CheckpointStatsSnapshot stats(MiniCluster cluster, JobID job) throws Exception {
        return cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot();
    }

    private static String name(JobGraph graph, TaskStateStats task) {
        JobVertex vertex = graph.findVertexByID(task.getJobVertexId());
        return vertex == null ? task.getJobVertexId().toString() : vertex.getName();
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private StateBenchmark() {}
}
