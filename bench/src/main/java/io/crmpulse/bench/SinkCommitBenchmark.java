package io.crmpulse.bench;

import io.crmpulse.job.metrics.MetricsTables;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.postgres.PostgresTable;
import io.crmpulse.sinks.postgres.PostgresUpsertCommitter;
import io.crmpulse.sinks.postgres.UpsertBatch;
import io.crmpulse.sinks.testing.DirectCommitRequest;
import io.crmpulse.sinks.testing.PostgresTestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DateType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * How fast the PostgreSQL sink's committer writes one checkpoint's batch: {@code crm_leads} and
 * {@code crm_deals} of an embedded PostgreSQL, each holding as many rows as the batch has changes
 * before it; a batch is half updates of existing rows, 40 % new rows and 10 % deletions, with every
 * value type the tables have. The committer is the job's own ({@link PostgresUpsertCommitter}); the
 * variants differ only in the connection's pgjdbc settings, added to the JDBC URL (URL parameters
 * win over the committer's own), so a before and an after run side by side in one process.
 *
 * <p>{@code bench/run SinkCommitBenchmark <changes,...> <repeats> <variant,...>}, e.g. {@code
 * bench/run SinkCommitBenchmark 1000,10000,100000 5 single,rewrite}. Variants: {@code single}
 * (reWriteBatchedInserts=false: one INSERT per row, pipelined), {@code rewrite}
 * (reWriteBatchedInserts=true: multi-row INSERTs), {@code default} (the committer as the job runs
 * it), {@code unnest} (not the committer: the alternative of one statement per batch with arrays,
 * {@link #commitByUnnest}). Each repeat runs every variant in turn, so that a busy machine slows
 * them alike. Figures: rows/s per table, the median over the repeats.
 */
public final class SinkCommitBenchmark {

    static final PostgresTable LEADS =
            new PostgresTable(
                    "crm_leads",
                    MetricsTables.leadColumns(),
                    List.of(
                            text(),
                            text(),
                            text(),
                            text(),
                            text(),
                            text(),
                            instant(),
                            instant(),
                            new BooleanType(),
                            instant(),
                            new DateType()),
                    List.of("id"));

    static final PostgresTable DEALS =
            new PostgresTable(
                    "crm_deals",
                    MetricsTables.dealColumns(),
                    List.of(
                            text(),
                            text(),
                            text(),
                            text(),
                            new DecimalType(18, 2),
                            new DecimalType(18, 6),
                            new DecimalType(18, 2),
                            new IntType(),
                            text(),
                            text(),
                            text(),
                            new DateType(),
                            instant(),
                            instant(),
                            instant(),
                            instant(),
                            new DateType()),
                    List.of("id"));

    private static final Map<String, String> VARIANTS =
            Map.of(
                    "single", "reWriteBatchedInserts=false",
                    "rewrite", "reWriteBatchedInserts=true",
                    "default", "",
                    "unnest", "");

    /** The columns' PostgreSQL types, for the arrays of the {@code unnest} prototype. */
    private static final Map<String, List<String>> ARRAY_TYPES =
            Map.of(
                    "crm_leads",
                    List.of(
                            "text",
                            "text",
                            "text",
                            "text",
                            "text",
                            "text",
                            "timestamptz",
                            "timestamptz",
                            "boolean",
                            "timestamptz",
                            "date"),
                    "crm_deals",
                    List.of(
                            "text",
                            "text",
                            "text",
                            "text",
                            "numeric",
                            "numeric",
                            "numeric",
                            "integer",
                            "text",
                            "text",
                            "text",
                            "date",
                            "timestamptz",
                            "timestamptz",
                            "timestamptz",
                            "timestamptz",
                            "date"));

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    private SinkCommitBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println(
                    "usage: bench/run SinkCommitBenchmark <changes,...> <repeats> <variant,...>"
                            + " (variants: "
                            + VARIANTS.keySet()
                            + ")");
            System.exit(2);
        }
        int[] sizes = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
        int repeats = Integer.parseInt(args[1]);
        List<String> variants = List.of(args[2].split(","));
        for (String variant : variants) {
            if (!VARIANTS.containsKey(variant)) {
                throw new IllegalArgumentException(
                        "unknown variant " + variant + "; one of " + VARIANTS.keySet());
            }
        }
        BenchRun run = BenchRun.start(SinkCommitBenchmark.class);
        try (PostgresTestDatabase database = PostgresTestDatabase.start()) {
            System.out.println(
                    "PostgreSQL "
                            + database.rows("SHOW server_version")
                            + ", shared_buffers "
                            + database.rows("SHOW shared_buffers"));
            for (int size : sizes) {
                Map<String, List<Double>> rates = new LinkedHashMap<>();
                for (int r = 0; r < repeats; r++) {
                    for (String variant : variants) {
                        JdbcSettings settings = withParameters(database.settings(), variant);
                        rates.computeIfAbsent(variant + " crm_leads", k -> new ArrayList<>())
                                .add(
                                        commitRate(
                                                variant.equals("unnest"),
                                                database,
                                                settings,
                                                LEADS,
                                                size,
                                                r));
                        rates.computeIfAbsent(variant + " crm_deals", k -> new ArrayList<>())
                                .add(
                                        commitRate(
                                                variant.equals("unnest"),
                                                database,
                                                settings,
                                                DEALS,
                                                size,
                                                r));
                    }
                }
                rates.forEach(
                        (name, values) -> {
                            String[] parts = name.split(" ");
                            System.out.println(name + " " + size + ": " + values + " rows/s");
                            run.record(
                                    "commit rows/s",
                                    BenchRun.median(values),
                                    "rows/s",
                                    Map.of(
                                            "variant", parts[0], "table", parts[1], "changes", size,
                                            "repeats", repeats));
                        });
            }
        }
    }

    /**
     * Fills the table with {@code size} rows, then commits one batch of {@code size} changes
     * through a fresh committer (a new connection, as after a restore) and returns its rows/s.
     */
    private static double commitRate(
            boolean unnest,
            PostgresTestDatabase database,
            JdbcSettings settings,
            PostgresTable table,
            int size,
            int repeat)
            throws Exception {
        database.truncate(table.name());
        database.execute(fill(table, size));
        database.execute("VACUUM ANALYZE " + table.name());
        List<UpsertBatch.Change> changes = new ArrayList<>(size);
        int expected = size;
        for (int i = 0; i < size; i++) {
            int slot = i % 10;
            if (slot < 5) {
                changes.add(new UpsertBatch.Change(false, row(table, i, repeat + 1)));
            } else if (slot < 9) {
                changes.add(new UpsertBatch.Change(false, row(table, size + i, repeat + 1)));
                expected++;
            } else {
                changes.add(new UpsertBatch.Change(true, row(table, i, 0)));
                expected--;
            }
        }
        UpsertBatch batch = new UpsertBatch(changes);
        if (unnest) {
            try (Connection connection =
                    DriverManager.getConnection(
                            settings.url(), settings.user(), settings.password())) {
                long start = System.nanoTime();
                commitByUnnest(connection, table, batch);
                double seconds = (System.nanoTime() - start) / 1e9;
                check(database, table, expected);
                return size / seconds;
            }
        }
        try (PostgresUpsertCommitter committer =
                new PostgresUpsertCommitter(settings, table, new UnregisteredMetricsGroup())) {
            long start = System.nanoTime();
            committer.commit(List.of(new DirectCommitRequest<>(batch)));
            double seconds = (System.nanoTime() - start) / 1e9;
            check(database, table, expected);
            return size / seconds;
        }
    }

    private static void check(PostgresTestDatabase database, PostgresTable table, int expected)
            throws SQLException {
        List<String> count = database.rows("SELECT count(*) FROM " + table.name());
        if (Integer.parseInt(count.get(0)) != expected) {
            throw new IllegalStateException(
                    table.name() + " holds " + count + " rows after the commit");
        }
    }

    /**
     * The alternative measured against pgjdbc's batches: one DELETE ... = ANY(array) and one INSERT
     * ... SELECT FROM unnest(arrays) ... ON CONFLICT per batch, each column an array of its values'
     * text, in one transaction.
     */
    private static void commitByUnnest(
            Connection connection, PostgresTable table, UpsertBatch batch) throws SQLException {
        connection.setAutoCommit(false);
        List<String> types = ARRAY_TYPES.get(table.name());
        List<String> columns =
                table == LEADS ? MetricsTables.leadColumns() : MetricsTables.dealColumns();
        List<String> deleted = new ArrayList<>();
        List<Object[]> upserted = new ArrayList<>();
        for (UpsertBatch.Change change : batch.changes()) {
            if (change.delete()) {
                deleted.add((String) change.values()[0]);
            } else {
                upserted.add(change.values());
            }
        }
        try (PreparedStatement delete =
                connection.prepareStatement(
                        "DELETE FROM " + table.name() + " WHERE id = ANY(?::text[])")) {
            delete.setArray(1, connection.createArrayOf("text", deleted.toArray()));
            delete.executeUpdate();
        }
        StringBuilder sql = new StringBuilder("INSERT INTO " + table.name() + " (");
        sql.append(String.join(", ", columns)).append(") SELECT * FROM unnest(");
        for (int c = 0; c < columns.size(); c++) {
            sql.append(c == 0 ? "" : ", ").append("?::").append(types.get(c)).append("[]");
        }
        sql.append(") ON CONFLICT (id) DO UPDATE SET ");
        for (int c = 1; c < columns.size(); c++) {
            sql.append(c == 1 ? "" : ", ")
                    .append(columns.get(c))
                    .append(" = EXCLUDED.")
                    .append(columns.get(c));
        }
        try (PreparedStatement upsert = connection.prepareStatement(sql.toString())) {
            for (int c = 0; c < columns.size(); c++) {
                String[] texts = new String[upserted.size()];
                for (int r = 0; r < texts.length; r++) {
                    Object value = upserted.get(r)[c];
                    texts[r] =
                            value == null
                                    ? null
                                    : value instanceof BigDecimal d
                                            ? d.toPlainString()
                                            : value.toString();
                }
                upsert.setArray(c + 1, connection.createArrayOf("text", texts));
            }
            upsert.executeUpdate();
        }
        connection.commit();
    }

    /** Rows 0 to size - 1, as the job would have written them, in one statement. */
    private static String fill(PostgresTable table, int size) {
        if (table == LEADS) {
            return "INSERT INTO crm_leads SELECT 'l' || i, 'Source ' || (i % 12), 'Status', "
                    + "(ARRAY['converted', 'junk', 'untouched', 'attempted', 'contacted'])"
                    + "[1 + i % 5], 'o' || (i % 60), 'Rep ' || (i % 60), now(), now(),"
                    + " i % 5 = 0, CASE WHEN i % 5 = 0 THEN now() END, current_date - (i % 730)"
                    + " FROM generate_series(0, "
                    + (size - 1)
                    + ") i";
        }
        return "INSERT INTO crm_deals SELECT 'd' || i, 'Deal ' || i, 'Stage', (ARRAY['open',"
                + " 'won', 'lost'])[1 + i % 3], 1000, 1, 1000, 50, 'o' || (i % 60), 'Rep ' ||"
                + " (i % 60), 'Source ' || (i % 12), current_date, now(), now(), CASE WHEN i % 3 ="
                + " 1 THEN now() END, CASE WHEN i % 3 = 2 THEN now() END, CASE WHEN i % 3 = 1 THEN"
                + " current_date END FROM generate_series(0, "
                + (size - 1)
                + ") i";
    }

    /** Record {@code i}'s values at {@code version}: the version moves its times and amounts. */
    private static Object[] row(PostgresTable table, int i, int version) {
        Instant created = T0.minusSeconds(i * 60L);
        Instant modified = T0.plusSeconds(version * 3600L + i);
        LocalDate day = LocalDate.of(2026, 12, 1).minusDays(i % 730);
        if (table == LEADS) {
            boolean converted = (i + version) % 5 == 0;
            return new Object[] {
                "l" + i,
                "Source " + (i % 12),
                "Status " + version,
                List.of("converted", "junk", "untouched", "attempted", "contacted")
                        .get(converted ? 0 : 1 + (i + version) % 4),
                "o" + (i % 60),
                "Rep " + (i % 60),
                created,
                modified,
                converted,
                converted ? modified : null,
                day
            };
        }
        int stage = (i + version) % 3;
        BigDecimal amount = BigDecimal.valueOf(100_000L + i * 7L + version, 2);
        return new Object[] {
            "d" + i,
            "Deal " + i,
            "Stage " + stage,
            List.of("open", "won", "lost").get(stage),
            amount,
            new BigDecimal("1.000000"),
            amount,
            10 * (i % 11),
            "o" + (i % 60),
            "Rep " + (i % 60),
            "Source " + (i % 12),
            i % 4 == 0 ? null : day,
            created,
            modified,
            stage == 1 ? modified : null,
            stage == 2 ? modified : null,
            stage == 1 ? day : null
        };
    }

    private static JdbcSettings withParameters(JdbcSettings settings, String variant) {
        String parameters = VARIANTS.get(variant);
        if (parameters.isEmpty()) {
            return settings;
        }
        String url = settings.url() + (settings.url().contains("?") ? "&" : "?") + parameters;
        return new JdbcSettings(url, settings.user(), settings.password());
    }

    private static LogicalType text() {
        return new VarCharType(VarCharType.MAX_LENGTH);
    }

    private static LogicalType instant() {
        return new LocalZonedTimestampType(3);
    }
}
