package io.crmpulse.sinks.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmpulse.common.metrics.PulseMetrics;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each completed checkpoint's batches, one transaction each, in checkpoint order.
 *
 * <p>A database error that a retry can get past (a lost connection, a serialization failure, a
 * deadlock, a shutdown: {@link PostgresError#FAILED}) fails the job: Flink restarts it with its
 * back-off and commits the batches of the restored checkpoint again before anything newer, so the
 * table never goes back in time and nothing is lost while PostgreSQL is away.
 *
 * <p>A row whose values PostgreSQL refuses ({@link PostgresError#ROW_REFUSED}) would fail every
 * such restart, since the batch is in the checkpoint. So the batch is written again one row at a
 * time, each behind a savepoint of the same transaction: a refused row becomes a dead letter
 * ({@code <table>:<key>}, the database's message as its reason, the row as JSON as its payload) and
 * the rest commits together with the letters. The letters' ids are deterministic, so committing the
 * same batch again after a restore rewrites them instead of adding any. A batch without a refused
 * row takes one statement batch and one transaction, as before.
 *
 * <p>Its metrics, in the group {@code crmpulse.table.<table>}: {@code rowsCommitted} (changes
 * written), {@code deadLetters} (changes PostgreSQL refused) and {@code lastCommitDurationMs}.
 *
 * <p>Public so that a benchmark can time the commit alone; the job creates it through {@link
 * PostgresUpsertSink}.
 */
public final class PostgresUpsertCommitter implements Committer<UpsertBatch> {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresUpsertCommitter.class);

    /** The {@code dead_letters} table (sql/postgres V1), as this sink writes it. */
    static final PostgresTable DEAD_LETTERS =
            new PostgresTable(
                    "dead_letters",
                    List.of("id", "module", "record_id", "reason", "payload", "received_at"),
                    List.of(
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new VarCharType(VarCharType.MAX_LENGTH),
                            new LocalZonedTimestampType(3)),
                    List.of("id"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcSettings settings;
    private final PostgresTable table;
    private final Counter rowsCommitted;
    private final Counter deadLetters;
    private volatile long lastCommitDurationMs = -1;
    private Connection connection;

    /**
     * @param metrics the committer's metric group; the table's metrics go to {@code
     *     crmpulse.table.<table>}
     */
    public PostgresUpsertCommitter(
            JdbcSettings settings, PostgresTable table, MetricGroup metrics) {
        this.settings = settings;
        this.table = table;
        MetricGroup tableMetrics = PulseMetrics.group(metrics).addGroup("table", table.name());
        this.rowsCommitted = tableMetrics.counter("rowsCommitted");
        this.deadLetters = tableMetrics.counter("deadLetters");
        tableMetrics.gauge("lastCommitDurationMs", () -> lastCommitDurationMs);
    }

    @Override
    public void commit(Collection<CommitRequest<UpsertBatch>> requests) throws IOException {
        for (CommitRequest<UpsertBatch> request : requests) {
            try {
                write(request.getCommittable());
            } catch (SQLException e) {
                closeQuietly();
                throw new IOException(
                        "Cannot write "
                                + request.getCommittable().changes().size()
                                + " changes to "
                                + table.name()
                                + " at "
                                + settings.redactedUrl()
                                + ": "
                                + PostgresError.describe(e)
                                + "; the job restarts from its last checkpoint and writes them"
                                + " again",
                        e);
            }
        }
    }

    private void write(UpsertBatch batch) throws SQLException {
        long start = System.nanoTime();
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(settings.url(), connectionProperties());
            connection.setAutoCommit(false);
        }
        int refused = 0;
        try {
            writeAll(batch);
        } catch (SQLException e) {
            rollback(e);
            if (PostgresError.of(e) != PostgresError.ROW_REFUSED) {
                throw e;
            }
            LOG.warn(
                    "PostgreSQL refused a row of {} ({}): writing the {} changes one by one",
                    table.name(),
                    PostgresError.describe(e),
                    batch.changes().size());
            try {
                refused = writeOneByOne(batch);
            } catch (SQLException again) {
                rollback(again);
                throw again;
            }
        }
        rowsCommitted.inc(batch.changes().size() - refused);
        deadLetters.inc(refused);
        lastCommitDurationMs = (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * pgjdbc's {@code reWriteBatchedInserts} sends the batch's upserts as multi-row {@code INSERT
     * ... VALUES (...), (...) ON CONFLICT} statements, up to 128 rows each, instead of one
     * statement per row: 1.3 to 2.6 times the rows per second on a backfill's commits (bench/'s
     * SinkCommitBenchmark). A batch holds one change per key, so no statement updates a row twice;
     * the values are bound as before, each by pgjdbc. A parameter of the URL wins, so {@code
     * reWriteBatchedInserts=false} there turns it off.
     */
    private Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("reWriteBatchedInserts", "true");
        return properties;
    }

    /** The common path: every change in one statement batch, one transaction. */
    private void writeAll(UpsertBatch batch) throws SQLException {
        try (PreparedStatement upserts = connection.prepareStatement(table.upsertSql());
                PreparedStatement deletes = connection.prepareStatement(table.deleteSql())) {
            int upserted = 0;
            int deleted = 0;
            for (UpsertBatch.Change change : batch.changes()) {
                if (change.delete()) {
                    table.bindDelete(deletes, change.values());
                    deletes.addBatch();
                    deleted++;
                } else {
                    table.bindUpsert(upserts, change.values());
                    upserts.addBatch();
                    upserted++;
                }
            }
            if (deleted > 0) {
                deletes.executeBatch();
            }
            if (upserted > 0) {
                upserts.executeBatch();
            }
            connection.commit();
            LOG.debug("{}: {} upserts, {} deletes", table.name(), upserted, deleted);
        }
    }

    /**
     * Each change behind its own savepoint, deletions first as in {@link #writeAll}; the refused
     * ones become dead letters, written in the same transaction.
     *
     * @return how many changes PostgreSQL refused
     */
    private int writeOneByOne(UpsertBatch batch) throws SQLException {
        Instant now = Instant.now();
        List<DeadLetter> refused = new ArrayList<>();
        try (PreparedStatement upsert = connection.prepareStatement(table.upsertSql());
                PreparedStatement delete = connection.prepareStatement(table.deleteSql())) {
            for (boolean deletions : new boolean[] {true, false}) {
                for (UpsertBatch.Change change : batch.changes()) {
                    if (change.delete() != deletions) {
                        continue;
                    }
                    PreparedStatement statement = deletions ? delete : upsert;
                    if (deletions) {
                        table.bindDelete(statement, change.values());
                    } else {
                        table.bindUpsert(statement, change.values());
                    }
                    SQLException error = executeBehindSavepoint(statement);
                    if (error != null) {
                        refused.add(refusal(change, error, now));
                    }
                }
            }
        }
        try (PreparedStatement letters = connection.prepareStatement(DEAD_LETTERS.upsertSql())) {
            for (DeadLetter letter : refused) {
                DEAD_LETTERS.bindUpsert(letters, deadLetterValues(letter));
                SQLException error = executeBehindSavepoint(letters);
                // Only a bug could get here: every text of a letter is storable. Never loop on it.
                if (error != null) {
                    LOG.error(
                            "The dead letter {} for a row of {} cannot be written either ({}); the"
                                    + " row is skipped",
                            letter.getId(),
                            table.name(),
                            PostgresError.describe(error));
                }
            }
        }
        connection.commit();
        for (DeadLetter letter : refused) {
            LOG.warn(
                    "PostgreSQL refused the row {} of {}: {}; it is in dead_letters as {}, the"
                            + " other rows are written",
                    letter.getRecordId(),
                    table.name(),
                    letter.getReason(),
                    letter.getId());
        }
        return refused.size();
    }

    /**
     * Runs the statement behind a savepoint; returns the error when PostgreSQL refused the row (and
     * rolls back to the savepoint), null when it was written.
     *
     * @throws SQLException any other error: the whole transaction has to be written again
     */
    private SQLException executeBehindSavepoint(PreparedStatement statement) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try {
            statement.executeUpdate();
            connection.releaseSavepoint(savepoint);
            return null;
        } catch (SQLException e) {
            if (PostgresError.of(e) != PostgresError.ROW_REFUSED) {
                throw e;
            }
            connection.rollback(savepoint);
            return e;
        }
    }

    private DeadLetter refusal(UpsertBatch.Change change, SQLException error, Instant now) {
        Object[] values = change.values();
        String key =
                table.key(values).stream().map(String::valueOf).collect(Collectors.joining("/"));
        Map<String, Object> row = new LinkedHashMap<>();
        List<String> columns = change.delete() ? table.keyColumns() : table.columns();
        for (String column : columns) {
            row.put(column, json(values[table.columns().indexOf(column)]));
        }
        String payload;
        try {
            payload = JSON.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            payload = row.toString();
        }
        return DeadLetter.of(
                table.name(),
                key,
                "PostgreSQL refused "
                        + (change.delete() ? "to delete " : "")
                        + "this row of "
                        + table.name()
                        + ": "
                        + PostgresError.describe(error),
                payload,
                now);
    }

    /** Numbers, booleans and nulls as JSON has them; anything else (times, dates) as text. */
    private static Object json(Object value) {
        return value == null
                        || value instanceof Boolean
                        || value instanceof Long
                        || value instanceof Integer
                        || value instanceof Double
                        || value instanceof BigDecimal
                        || value instanceof String
                ? value
                : value.toString();
    }

    private static Object[] deadLetterValues(DeadLetter letter) {
        return new Object[] {
            letter.getId(),
            letter.getModule(),
            letter.getRecordId(),
            letter.getReason(),
            letter.getPayload(),
            letter.getReceivedAt()
        };
    }

    private void rollback(SQLException cause) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing the connection to {} failed: {}", table.name(), e.toString());
            }
            connection = null;
        }
    }
}
