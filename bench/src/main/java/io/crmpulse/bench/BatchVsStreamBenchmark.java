package io.crmpulse.bench;

import com.sun.management.OperatingSystemMXBean;
import io.crmpulse.job.CrmPulsePipeline;
import io.crmpulse.job.config.PulseSettings;
import io.crmpulse.job.config.PulseStateBackend;
import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.db.TestPostgres;
import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.job.model.DealRow;
import io.crmpulse.job.model.LeadRow;
import io.crmpulse.job.normalize.Normalized;
import io.crmpulse.job.normalize.RecordNormalizer;
import io.crmpulse.simulator.world.LeadSourceCatalog;
import io.crmpulse.simulator.world.LeadSourceProfile;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.zoho.model.RecordChange;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One sync cycle of the same changes (500 changed leads and 100 changed deals) two ways, as the CRM
 * grows, on one embedded PostgreSQL:
 *
 * <ul>
 *   <li><b>batch</b>, the replaced cron scripts at their best: raw tables {@code raw_leads} and
 *       {@code raw_deals} (README "Migrating from the old scripts", with the status and stage class
 *       stored on write), and after every sync, in one transaction, a multi-row {@code INSERT ...
 *       ON CONFLICT} of the changed rows and a recompute of both matrices with {@code GROUP BY}
 *       over all raw rows and the {@code FILTER} columns of {@code sql/flink/metrics.sql}. Figures:
 *       the transaction's median wall ms, PostgreSQL's CPU ms per cycle, and the floor (the upserts
 *       and their commit alone: the changed rows have to be written either way); {@code EXPLAIN
 *       (ANALYZE, BUFFERS)} of the recompute once per size, to {@code bench/results}.
 *   <li><b>stream</b>, CRM Pulse: {@link CrmPulsePipeline} with its PostgreSQL sinks, fed by {@link
 *       GeneratedChanges} (the fill, then the cycles, released by a {@link CycleGate}), on the
 *       state backend given (hashmap by default). Figures: a cycle's way into the tables (cycles
 *       released one at a time), the idle CPU rate (checkpoints and housekeeping with nothing to
 *       do, which the stream pays every second), and per cycle this JVM's CPU (the job) and
 *       PostgreSQL's (the sinks' commits), gross and net of that idle rate, over the measured
 *       cycles released back to back: one cycle's work is within the idle rate's variation. The
 *       idle rate is the job's alone; the benchmark's polling for the cycles (every 50 ms) is
 *       counted in theirs.
 *   <li><b>compare</b>: the ratio per cycle, and how fresh each keeps the matrices at equal CPU per
 *       hour ({@link #compare}).
 * </ul>
 *
 * The batch's cycles are the stream's changes, normalized by the job's own {@link
 * RecordNormalizer}; its fill is {@code generate_series}. PostgreSQL's CPU is read from {@code
 * /proc} for the server and its backends (Linux only), so both ways pay for their server work.
 *
 * <p>{@code bench/run BatchVsStreamBenchmark <leads,...> <cycles> <checkpoint ms> <batch,stream>
 * [hashmap|rocksdb]}, e.g. {@code bench/run BatchVsStreamBenchmark 10000,100000 100 5000
 * batch,stream} (5 s: the job's default checkpoint interval).
 */
public final class BatchVsStreamBenchmark {

    private static final int LEAD_EDITS = 500;
    private static final int DEAL_EDITS = 100;
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

    /** How often the stream's results are looked for; the idle baseline polls alike. */
    private static final long POLL_MILLIS = 50;

    /** The job's default Zoho poll interval: how often a stream cycle happens. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(60);

    /** Cycles run first and not measured, both ways: the JIT and the caches warm up. */
    private static final int WARM_UP = 3;

    /** Stream cycles released one at a time, for their way into the tables. */
    private static final int LATENCY_CYCLES = 5;

    private BatchVsStreamBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println(
                    "usage: bench/run BatchVsStreamBenchmark <leads,...> <cycles> <checkpoint ms>"
                            + " <batch,stream> [hashmap|rocksdb]");
            System.exit(2);
        }
        int[] sizes = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int cycles = Integer.parseInt(args[1]);
        long checkpointMillis = Long.parseLong(args[2]);
        List<String> ways = List.of(args[3].split(","));
        PulseStateBackend backend =
                args.length > 4
                        ? PulseStateBackend.valueOf(args[4].toUpperCase(Locale.ROOT))
                        : PulseStateBackend.HASHMAP;
        BenchRun run = BenchRun.start(BatchVsStreamBenchmark.class);
        Path dir = Files.createTempDirectory("crm-pulse-batch-vs-stream");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (TestPostgres postgres = new TestPostgres(dir.resolve("postgres"), port)) {
            JdbcSettings admin = postgres.start();
            PostgresCpu pgCpu = new PostgresCpu(dir.resolve("postgres"));
            try (Connection c = connect(admin)) {
                for (String setting :
                        List.of(
                                "server_version",
                                "shared_buffers",
                                "work_mem",
                                "max_parallel_workers_per_gather",
                                "synchronous_commit",
                                "fsync")) {
                    System.out.println(setting + " = " + value(c, "SHOW " + setting));
                }
            }
            for (int leads : sizes) {
                JdbcSettings db = database(admin, "bench_" + leads);
                new SchemaMigrator(db, ZoneOffset.UTC).migrate();
                GeneratedChanges crm = new GeneratedChanges(leads, LEAD_EDITS, DEAL_EDITS, START);
                BatchCycle batch =
                        ways.contains("batch") ? batch(run, db, crm, leads, cycles, pgCpu) : null;
                StreamCycle stream =
                        ways.contains("stream")
                                ? stream(
                                        run,
                                        db,
                                        crm,
                                        leads,
                                        cycles,
                                        checkpointMillis,
                                        backend,
                                        dir,
                                        pgCpu)
                                : null;
                if (batch != null && stream != null) {
                    compare(run, leads, cycles, checkpointMillis, batch, stream);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // batch

    /** A batch cycle's wall time and CPU (PostgreSQL and client), in ms. */
    private record BatchCycle(double wallMillis, double cpuMillis) {}

    /** The stream's CPU while idle (ms per s) and per cycle net of idle, and a cycle's latency. */
    private record StreamCycle(double idleCpuPerSecond, double cpuMillis, double visibleMillis) {}

    private static BatchCycle batch(
            BenchRun run,
            JdbcSettings db,
            GeneratedChanges crm,
            int leads,
            int cycles,
            PostgresCpu pgCpu)
            throws Exception {
        try (Connection c = connect(db)) {
            for (String sql : batchSchema(leads)) {
                execute(c, sql);
            }
            c.setAutoCommit(false);
            // The stream's cycles: the warm-up's, the measured ones, then the floor's.
            List<List<Object>> changes = new ArrayList<>();
            for (int cycle = 0; cycle < WARM_UP + 2 * cycles; cycle++) {
                changes.add(cycleRows(crm, cycle));
            }
            Path explain =
                    Path.of("bench/results/BatchVsStreamBenchmark-explain-" + leads + ".txt");
            Files.createDirectories(explain.getParent());
            Files.writeString(
                    explain,
                    "EXPLAIN (ANALYZE, BUFFERS), "
                            + leads
                            + " leads\n\n"
                            + explain(c, recompute("lead_source", "source_quality"))
                            + "\n\n"
                            + explain(c, recompute("owner_id", "rep_pipeline")));
            c.rollback();
            System.out.println("batch " + leads + ": plans in " + explain);

            for (int cycle = 0; cycle < WARM_UP; cycle++) {
                syncAndRecompute(c, changes.get(cycle));
            }
            List<Double> wall = new ArrayList<>();
            long pg0 = pgCpu.millis();
            long jvm0 = processCpuMillis();
            for (int cycle = WARM_UP; cycle < WARM_UP + cycles; cycle++) {
                long start = System.nanoTime();
                syncAndRecompute(c, changes.get(cycle));
                wall.add((System.nanoTime() - start) / 1e6);
            }
            double pgPerCycle = (pgCpu.millis() - pg0) / (double) cycles;
            double jvmPerCycle = (processCpuMillis() - jvm0) / (double) cycles;

            List<Double> floor = new ArrayList<>();
            long floorPg0 = pgCpu.millis();
            for (int cycle = WARM_UP + cycles; cycle < WARM_UP + 2 * cycles; cycle++) {
                long start = System.nanoTime();
                upsert(c, changes.get(cycle));
                c.commit();
                floor.add((System.nanoTime() - start) / 1e6);
            }
            double floorPgPerCycle = (pgCpu.millis() - floorPg0) / (double) cycles;
            check(c, leads);

            Map<String, Object> parameters =
                    Map.of("leads", leads, "deals", leads / 5, "cycles", cycles);
            run.record("batch cycle median", BenchRun.median(wall), "ms", parameters);
            run.record("batch cycle PostgreSQL CPU", pgPerCycle, "ms", parameters);
            run.record("batch cycle client CPU", jvmPerCycle, "ms", parameters);
            run.record(
                    "batch floor (upserts alone) median", BenchRun.median(floor), "ms", parameters);
            run.record("batch floor PostgreSQL CPU", floorPgPerCycle, "ms", parameters);
            return new BatchCycle(BenchRun.median(wall), pgPerCycle + jvmPerCycle);
        }
    }

    /** One sync of the old scripts: the changed rows, then both matrices again, one transaction. */
    private static void syncAndRecompute(Connection c, List<Object> rows) throws SQLException {
        upsert(c, rows);
        execute(c, "TRUNCATE batch.source_quality, batch.rep_pipeline");
        execute(c, recompute("lead_source", "source_quality"));
        execute(c, recompute("owner_id", "rep_pipeline"));
        c.commit();
    }

    /** The old scripts' tables in schema {@code batch}, filled with {@code leads} leads. */
    private static List<String> batchSchema(int leads) {
        String sources =
                LeadSourceCatalog.standard().profiles().stream()
                        .map(LeadSourceProfile::name)
                        // A lead without a source, as the job stores it.
                        .map(s -> s == null ? RecordNormalizer.NONE : s)
                        .map(s -> "'" + s.replace("'", "''") + "'")
                        .collect(Collectors.joining(", ", "ARRAY[", "]"));
        return List.of(
                "DROP SCHEMA IF EXISTS batch CASCADE",
                "CREATE SCHEMA batch",
                "CREATE TABLE batch.raw_leads (lead_id text PRIMARY KEY, source text NOT NULL,"
                        + " status text NOT NULL, status_class text NOT NULL, owner_id text NOT"
                        + " NULL, owner_name text NOT NULL, is_converted boolean NOT NULL,"
                        + " created_time timestamptz NOT NULL, modified_time timestamptz NOT"
                        + " NULL)",
                "CREATE TABLE batch.raw_deals (deal_id text PRIMARY KEY, source text NOT NULL,"
                        + " stage text, stage_class text NOT NULL, amount_home numeric(18,2) NOT"
                        + " NULL, probability integer NOT NULL, owner_id text NOT NULL, owner_name"
                        + " text NOT NULL, modified_time timestamptz NOT NULL)",
                "CREATE TABLE batch.source_quality (LIKE public.lead_source_quality INCLUDING"
                        + " DEFAULTS)",
                "CREATE TABLE batch.rep_pipeline (LIKE public.rep_pipeline INCLUDING DEFAULTS)",
                // GeneratedChanges' ids, so that the cycles update these rows.
                "INSERT INTO batch.raw_leads SELECT (4876000000000000000 + i)::text, ("
                        + sources
                        + ")[1 + i % cardinality("
                        + sources
                        + ")], 'Status', (ARRAY['converted', 'junk', 'untouched', 'attempted',"
                        + " 'contacted'])[1 + i % 5], (4876200000000000001 + i % 8)::text, 'Rep '"
                        + " || (i % 8), i % 5 = 0, now() - interval '700 days', now() - interval"
                        + " '5 days' FROM generate_series(0, "
                        + (leads - 1)
                        + ") i",
                "INSERT INTO batch.raw_deals SELECT (4876100000000000000 + j)::text, ("
                        + sources
                        + ")[1 + j % cardinality("
                        + sources
                        + ")], 'Stage', (ARRAY['open', 'won', 'lost'])[1 + j % 3], 1000 + j %"
                        + " 977, 10 * (j % 11), (4876200000000000001 + j % 8)::text, 'Rep ' || (j"
                        + " % 8), now() - interval '5 days' FROM generate_series(0, "
                        + (leads / 5 - 1)
                        + ") j",
                "VACUUM ANALYZE batch.raw_leads",
                "VACUUM ANALYZE batch.raw_deals");
    }

    /**
     * {@code TRUNCATE}d before: the matrix recomputed from every raw row, by {@code key} ({@code
     * lead_source} or {@code owner_id}), as {@code sql/flink/metrics.sql} defines it.
     */
    private static String recompute(String key, String table) {
        String raw = key.equals("lead_source") ? "source" : "owner_id";
        boolean byOwner = key.equals("owner_id");
        return "INSERT INTO batch."
                + table
                + " ("
                + key
                + (byOwner ? ", owner_name" : "")
                + ", leads, junk_leads, untouched_leads, attempted_leads, contacted_leads,"
                + " converted_leads, junk_rate, contact_rate, conversion_rate, deals, open_deals,"
                + " won_deals, lost_deals, pipeline_value, weighted_pipeline, won_value,"
                + " win_rate) SELECT COALESCE(l.k, d.k)"
                + (byOwner ? ", COALESCE(d.owner_name, l.owner_name)" : "")
                + ", COALESCE(l.leads, 0), COALESCE(l.junk, 0), COALESCE(l.untouched, 0),"
                + " COALESCE(l.attempted, 0), COALESCE(l.contacted, 0), COALESCE(l.converted, 0),"
                + " round(l.junk::numeric / NULLIF(l.leads, 0), 4),"
                + " round((l.contacted + l.converted)::numeric / NULLIF(l.leads, 0), 4),"
                + " round(l.converted::numeric / NULLIF(l.leads, 0), 4),"
                + " COALESCE(d.deals, 0), COALESCE(d.open, 0), COALESCE(d.won, 0),"
                + " COALESCE(d.lost, 0), round(COALESCE(d.pipeline, 0), 2),"
                + " round(COALESCE(d.weighted_x100, 0) / 100, 2), round(COALESCE(d.won_value, 0),"
                + " 2), round(d.won::numeric / NULLIF(d.won + d.lost, 0), 4)"
                + " FROM (SELECT "
                + raw
                + " AS k"
                + (byOwner ? ", max(owner_name) AS owner_name" : "")
                + ", count(*) AS leads,"
                + " count(*) FILTER (WHERE status_class = 'junk') AS junk,"
                + " count(*) FILTER (WHERE status_class = 'untouched') AS untouched,"
                + " count(*) FILTER (WHERE status_class = 'attempted') AS attempted,"
                + " count(*) FILTER (WHERE status_class = 'contacted') AS contacted,"
                + " count(*) FILTER (WHERE status_class = 'converted') AS converted"
                + " FROM batch.raw_leads GROUP BY "
                + raw
                + ") l FULL OUTER JOIN (SELECT "
                + raw
                + " AS k"
                + (byOwner ? ", max(owner_name) AS owner_name" : "")
                + ", count(*) AS deals,"
                + " count(*) FILTER (WHERE stage_class = 'open') AS open,"
                + " count(*) FILTER (WHERE stage_class = 'won') AS won,"
                + " count(*) FILTER (WHERE stage_class = 'lost') AS lost,"
                + " sum(amount_home) FILTER (WHERE stage_class = 'open') AS pipeline,"
                + " sum(amount_home * probability) FILTER (WHERE stage_class = 'open')"
                + " AS weighted_x100,"
                + " sum(amount_home) FILTER (WHERE stage_class = 'won') AS won_value"
                + " FROM batch.raw_deals GROUP BY "
                + raw
                + ") d ON l.k = d.k";
    }

    /** The cycle's changes, normalized as the job does: {@link LeadRow}s, then {@link DealRow}s. */
    private static List<Object> cycleRows(GeneratedChanges crm, int cycle) {
        RecordNormalizer normalizer =
                new RecordNormalizer(PulseSettings.defaults().metricClasses(), ZoneOffset.UTC);
        List<Object> rows = new ArrayList<>();
        long first = crm.fillSize() + cycle * crm.cycleSize();
        for (long i = first; i < first + crm.cycleSize(); i++) {
            Normalized normalized = normalizer.normalize(crm.map(i), START);
            if (normalized instanceof Normalized.Lead lead) {
                rows.add(lead.row());
            } else if (normalized instanceof Normalized.Deal deal) {
                rows.add(deal.row());
            } else {
                throw new IllegalStateException(
                        "change " + i + " did not normalize: " + normalized);
            }
        }
        return rows;
    }

    /** The scripts' best case: one multi-row {@code INSERT ... ON CONFLICT} per table. */
    private static void upsert(Connection c, List<Object> rows) throws SQLException {
        List<LeadRow> leads = new ArrayList<>();
        List<DealRow> deals = new ArrayList<>();
        for (Object row : rows) {
            if (row instanceof LeadRow lead) {
                leads.add(lead);
            } else {
                deals.add((DealRow) row);
            }
        }
        try (PreparedStatement insert =
                c.prepareStatement(
                        "INSERT INTO batch.raw_leads VALUES "
                                + String.join(
                                        ", ",
                                        Collections.nCopies(
                                                leads.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                                + " ON CONFLICT (lead_id) DO UPDATE SET source ="
                                + " EXCLUDED.source, status = EXCLUDED.status, status_class ="
                                + " EXCLUDED.status_class, owner_id = EXCLUDED.owner_id,"
                                + " owner_name = EXCLUDED.owner_name, is_converted ="
                                + " EXCLUDED.is_converted, created_time = EXCLUDED.created_time,"
                                + " modified_time = EXCLUDED.modified_time")) {
            int p = 1;
            for (LeadRow lead : leads) {
                insert.setString(p++, lead.getId());
                insert.setString(p++, lead.getLeadSource());
                insert.setString(p++, lead.getLeadStatus());
                insert.setString(p++, lead.getStatusClass());
                insert.setString(p++, lead.getOwnerId());
                insert.setString(p++, lead.getOwnerName());
                insert.setBoolean(p++, lead.isConverted());
                insert.setTimestamp(p++, Timestamp.from(lead.getCreatedTime()));
                insert.setTimestamp(p++, Timestamp.from(lead.getModifiedTime()));
            }
            insert.executeUpdate();
        }
        try (PreparedStatement insert =
                c.prepareStatement(
                        "INSERT INTO batch.raw_deals VALUES "
                                + String.join(
                                        ", ",
                                        Collections.nCopies(
                                                deals.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?)"))
                                + " ON CONFLICT (deal_id) DO UPDATE SET source = EXCLUDED.source,"
                                + " stage = EXCLUDED.stage, stage_class = EXCLUDED.stage_class,"
                                + " amount_home = EXCLUDED.amount_home, probability ="
                                + " EXCLUDED.probability, owner_id = EXCLUDED.owner_id,"
                                + " owner_name = EXCLUDED.owner_name, modified_time ="
                                + " EXCLUDED.modified_time")) {
            int p = 1;
            for (DealRow deal : deals) {
                insert.setString(p++, deal.getId());
                insert.setString(p++, deal.getLeadSource());
                insert.setString(p++, deal.getStage());
                insert.setString(p++, deal.getStageClass());
                insert.setBigDecimal(p++, deal.getAmountHome());
                insert.setInt(p++, deal.getProbability());
                insert.setString(p++, deal.getOwnerId());
                insert.setString(p++, deal.getOwnerName());
                insert.setTimestamp(p++, Timestamp.from(deal.getModifiedTime()));
            }
            insert.executeUpdate();
        }
    }

    /** The batch did what it claims: every raw lead counted once in the matrix. */
    private static void check(Connection c, int leads) throws SQLException {
        String counted = value(c, "SELECT sum(leads) FROM batch.source_quality");
        if (Long.parseLong(counted) != leads) {
            throw new IllegalStateException(
                    "batch.source_quality counts " + counted + " leads, not " + leads);
        }
        c.rollback();
    }

    // ---------------------------------------------------------------------------------------
    // stream

    private static StreamCycle stream(
            BenchRun run,
            JdbcSettings db,
            GeneratedChanges crm,
            int leads,
            int cycles,
            long checkpointMillis,
            PulseStateBackend backend,
            Path checkpoints,
            PostgresCpu pgCpu)
            throws Exception {
        // One cycle more than released: the source never ends, and the job with it, while measured.
        CycleGate gate = CycleGate.create(crm, WARM_UP + LATENCY_CYCLES + cycles + 1);
        // Checkpoints to files, as the job's (the JobManager's memory takes 5 MB of state at most).
        Configuration conf = new Configuration();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpoints.resolve("checkpoints-" + leads).toUri().toString());
        // RocksDB's memory is managed memory: what a small TaskManager would have (as
        // StateBenchmark), not a MiniCluster's 128 MB default.
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512m"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(checkpointMillis);
        // As PulseJob applies PULSE_STATE_BACKEND.
        env.configure(backend.flinkSettings());
        BenchPipeline.of(crm.source(gate), MetricsTables.sinkOptions(db)).build(env);
        long fillStart = System.nanoTime();
        JobClient job = env.executeAsync("batch vs stream, " + leads + " leads");
        try (Connection c = connect(db);
                PreparedStatement written =
                        c.prepareStatement(
                                "SELECT (SELECT count(*) FROM crm_leads WHERE id = ANY(?) AND"
                                        + " modified_time = ?) + (SELECT count(*) FROM crm_deals"
                                        + " WHERE id = ANY(?) AND modified_time = ?)")) {
            // The fill is in when every lead and deal is; the tables are empty before.
            waitFor(
                    () ->
                            Long.parseLong(
                                            value(
                                                    c,
                                                    "SELECT (SELECT count(*) FROM crm_leads) +"
                                                            + " (SELECT count(*) FROM"
                                                            + " crm_deals)"))
                                    == crm.fillSize(),
                    Duration.ofMinutes(30));
            double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
            Map<String, Object> parameters =
                    Map.of(
                            "leads",
                            leads,
                            "deals",
                            leads / 5,
                            "cycles",
                            cycles,
                            "checkpoint ms",
                            checkpointMillis,
                            "state_backend",
                            backend.key());
            run.record("stream fill", fillSeconds, "s", parameters);
            for (int cycle = 0; cycle < WARM_UP; cycle++) {
                gate.release(1);
                awaitCycle(written, crm, c, cycle, Duration.ofMinutes(5));
            }

            // A cycle's way into the tables, one at a time as polls bring them: the next
            // checkpoint commits it.
            List<Double> wall = new ArrayList<>();
            int cycle = WARM_UP;
            for (; cycle < WARM_UP + LATENCY_CYCLES; cycle++) {
                long cycleStart = System.nanoTime();
                gate.release(1);
                awaitCycle(written, crm, c, cycle, Duration.ofMinutes(5));
                wall.add((System.nanoTime() - cycleStart) / 1e6);
            }

            // Idle: checkpoints and timers with nothing to do; the benchmark does not poll (its
            // polling, 20 queries a second, cost more than the job's idle sinks did).
            Duration idle = Duration.ofMillis(Math.max(12 * checkpointMillis, 60_000));
            long idleJvm0 = processCpuMillis();
            long idlePg0 = pgCpu.millis();
            long idleStart = System.nanoTime();
            Thread.sleep(idle.toMillis());
            double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            double idleJvmPerSecond = (processCpuMillis() - idleJvm0) / idleSeconds;
            double idlePgPerSecond = (pgCpu.millis() - idlePg0) / idleSeconds;

            // A cycle's own CPU: the measured cycles back to back, so that their work stands
            // out of the idle rate's variation (a single cycle's is within it), net of that rate.
            long jvm0 = processCpuMillis();
            long pg0 = pgCpu.millis();
            long start = System.nanoTime();
            gate.release(cycles);
            int last = cycle + cycles - 1;
            awaitCycle(written, crm, c, last, Duration.ofMinutes(10));
            // The matrices commit with the same checkpoint as crm_leads, a moment later at most.
            Thread.sleep(2 * checkpointMillis);
            double seconds = (System.nanoTime() - start) / 1e9;
            double jvm = processCpuMillis() - jvm0;
            double pg = pgCpu.millis() - pg0;
            double jvmNet = (jvm - idleJvmPerSecond * seconds) / cycles;
            double pgNet = (pg - idlePgPerSecond * seconds) / cycles;

            run.record("stream idle job CPU", idleJvmPerSecond, "ms/s", parameters);
            run.record("stream idle PostgreSQL CPU", idlePgPerSecond, "ms/s", parameters);
            run.record("stream cycles back to back, wall", seconds, "s", parameters);
            run.record("stream cycle job CPU gross", jvm / cycles, "ms", parameters);
            run.record("stream cycle PostgreSQL CPU gross", pg / cycles, "ms", parameters);
            run.record("stream cycle job CPU net of idle", jvmNet, "ms", parameters);
            run.record("stream cycle PostgreSQL CPU net of idle", pgNet, "ms", parameters);
            run.record("stream cycle CPU net of idle", jvmNet + pgNet, "ms", parameters);
            run.record(
                    "stream cycle in crm_leads and crm_deals, median",
                    BenchRun.median(wall),
                    "ms",
                    parameters);
            return new StreamCycle(
                    idleJvmPerSecond + idlePgPerSecond, jvmNet + pgNet, BenchRun.median(wall));
        } finally {
            job.cancel().get();
        }
    }

    /**
     * The ratio per cycle, and freshness at equal CPU: the stream polls Zoho every {@link
     * #POLL_INTERVAL} (the job's default) and pays for its idle time too; batch gets the same CPU
     * per hour and runs as often as that buys (back to back at most). A matrix is on average half
     * an interval plus one run's duration old (batch), or half a poll interval plus a cycle's way
     * into the tables (stream).
     */
    private static void compare(
            BenchRun run,
            int leads,
            int cycles,
            long checkpointMillis,
            BatchCycle batch,
            StreamCycle stream) {
        Map<String, Object> parameters =
                Map.of(
                        "leads",
                        leads,
                        "cycles",
                        cycles,
                        "checkpoint ms",
                        checkpointMillis,
                        "poll s",
                        POLL_INTERVAL.toSeconds());
        if (stream.cpuMillis() > 0) {
            run.record(
                    "batch CPU / stream CPU per cycle (net of idle)",
                    batch.cpuMillis() / stream.cpuMillis(),
                    "x",
                    parameters);
        } else {
            // The cycles cost less than the idle rate's variation: only the rate per hour counts.
            System.out.println("stream cycle CPU net of idle is within the idle noise: no ratio");
        }
        double streamCpuPerHour =
                stream.idleCpuPerSecond() * 3600
                        + stream.cpuMillis() * (3600.0 / POLL_INTERVAL.toSeconds());
        double batchRunsPerHour = streamCpuPerHour / batch.cpuMillis();
        // Back to back at most: a run cannot start before the last one ended.
        double batchIntervalSeconds = Math.max(3600 / batchRunsPerHour, batch.wallMillis() / 1000);
        run.record("stream CPU per hour, idle included", streamCpuPerHour / 1000, "s", parameters);
        run.record("batch runs per hour at the stream's CPU", batchRunsPerHour, "runs", parameters);
        run.record(
                "batch mean staleness at the stream's CPU",
                batchIntervalSeconds / 2 + batch.wallMillis() / 1000,
                "s",
                parameters);
        run.record(
                "stream mean staleness",
                POLL_INTERVAL.toSeconds() / 2.0 + stream.visibleMillis() / 1000,
                "s",
                parameters);
    }

    /** Waits until every change of {@code cycle} is in {@code crm_leads} and {@code crm_deals}. */
    private static void awaitCycle(
            PreparedStatement written,
            GeneratedChanges crm,
            Connection c,
            int cycle,
            Duration timeout)
            throws Exception {
        if (!poll(written, crm, c, cycle, timeout)) {
            throw new IllegalStateException(
                    "cycle " + cycle + " did not reach the tables in " + timeout);
        }
    }

    /**
     * Polls for the changes of {@code cycle} (by id, and stamped with the cycle's time) for at most
     * {@code duration}; true once they are all in the tables.
     */
    private static boolean poll(
            PreparedStatement written,
            GeneratedChanges crm,
            Connection c,
            int cycle,
            Duration duration)
            throws Exception {
        List<String> leadIds = new ArrayList<>();
        List<String> dealIds = new ArrayList<>();
        long first = crm.fillSize() + cycle * crm.cycleSize();
        for (long i = first; i < first + crm.cycleSize(); i++) {
            RecordChange change = crm.map(i);
            (change.getModule().equals(RecordNormalizer.LEADS) ? leadIds : dealIds)
                    .add(change.getId());
        }
        Timestamp at = Timestamp.from(START.plusSeconds(cycle));
        written.setArray(1, c.createArrayOf("text", leadIds.toArray()));
        written.setTimestamp(2, at);
        written.setArray(3, c.createArrayOf("text", dealIds.toArray()));
        written.setTimestamp(4, at);
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            try (ResultSet rs = written.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == crm.cycleSize()) {
                    return true;
                }
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void waitFor(Condition condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done in " + timeout);
            }
            Thread.sleep(200);
        }
    }

    // ---------------------------------------------------------------------------------------
    // shared

    private static long processCpuMillis() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1_000_000;
    }

    /**
     * The CPU time of the PostgreSQL server: the postmaster, its live children (backends,
     * background workers, parallel workers) and the children it has reaped, from {@code /proc}.
     */
    private static final class PostgresCpu {
        private final long postmaster;
        private final long tickMillis = 1000 / 100; // USER_HZ is 100 on Linux

        PostgresCpu(Path dataDirectory) throws IOException {
            this.postmaster =
                    Long.parseLong(
                            Files.readAllLines(dataDirectory.resolve("postmaster.pid"))
                                    .get(0)
                                    .trim());
        }

        long millis() throws IOException {
            long ticks = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : (Iterable<Path>) processes::iterator) {
                    String name = process.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String[] stat;
                    try {
                        String line = Files.readString(process.resolve("stat"));
                        // Fields after the command name, which may hold spaces: state is [0].
                        stat = line.substring(line.lastIndexOf(')') + 2).split(" ");
                    } catch (IOException gone) {
                        continue;
                    }
                    long pid = Long.parseLong(name);
                    long parent = Long.parseLong(stat[1]);
                    if (pid == postmaster) {
                        // utime, stime, cutime, cstime
                        ticks +=
                                Long.parseLong(stat[11])
                                        + Long.parseLong(stat[12])
                                        + Long.parseLong(stat[13])
                                        + Long.parseLong(stat[14]);
                    } else if (parent == postmaster) {
                        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                    }
                }
            }
            return ticks * tickMillis;
        }
    }

    private static JdbcSettings database(JdbcSettings admin, String name) throws SQLException {
        try (Connection c = connect(admin)) {
            execute(c, "DROP DATABASE IF EXISTS " + name);
            execute(c, "CREATE DATABASE " + name);
        }
        String url = admin.url().substring(0, admin.url().lastIndexOf('/') + 1) + name;
        return new JdbcSettings(url, admin.user(), admin.password());
    }

    private static Connection connect(JdbcSettings db) throws SQLException {
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String value(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String explain(Connection c, String sql) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return String.join("\n", lines);
    }
}
