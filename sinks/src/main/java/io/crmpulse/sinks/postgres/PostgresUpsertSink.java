package io.crmpulse.sinks.postgres;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;

/**
 * Upserts and deletes the rows of a Flink SQL changelog into a PostgreSQL table by its primary key,
 * committed with each checkpoint: a table shows the state of the job's last completed checkpoint,
 * so after any restart or restore it holds exactly what the restored state says, never a write from
 * a run that was rolled back. The rows lag the changes by up to a checkpoint interval.
 */
public final class PostgresUpsertSink implements Sink<RowData>, SupportsCommitter<UpsertBatch> {

    private static final long serialVersionUID = 1L;

    private final JdbcSettings database;
    private final PostgresTable table;

    public PostgresUpsertSink(JdbcSettings database, PostgresTable table) {
        this.database = database;
        this.table = table;
    }

    @Override
    public CommittingSinkWriter<RowData, UpsertBatch> createWriter(WriterInitContext context) {
        return new PostgresUpsertWriter(table);
    }

    /** Flink 1.20 still declares the old signature abstract. */
    @Override
    @Deprecated
    public CommittingSinkWriter<RowData, UpsertBatch> createWriter(InitContext context) {
        return new PostgresUpsertWriter(table);
    }

    @Override
    public Committer<UpsertBatch> createCommitter(CommitterInitContext context) {
        return new PostgresUpsertCommitter(database, table, context.metricGroup());
    }

    @Override
    public SimpleVersionedSerializer<UpsertBatch> getCommittableSerializer() {
        return new UpsertBatchSerializer();
    }
}
