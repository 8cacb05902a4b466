package io.crmpulse.sinks.postgres;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.RowKind;

/**
 * Collects the last change per key until the next checkpoint and hands it to the committer, which
 * writes it once the checkpoint is complete. Nothing reaches the table before that, so a restore
 * never leaves a write of a change that the restored state has not seen.
 */
final class PostgresUpsertWriter implements CommittingSinkWriter<RowData, UpsertBatch> {

    private final PostgresTable table;
    private final Map<List<Object>, UpsertBatch.Change> pending = new LinkedHashMap<>();

    PostgresUpsertWriter(PostgresTable table) {
        this.table = table;
    }

    @Override
    public void write(RowData row, Context context) {
        if (row.getRowKind() == RowKind.UPDATE_BEFORE) {
            return; // an upsert sink: the UPDATE_AFTER that follows overwrites the row
        }
        Object[] values = table.values(row);
        pending.put(
                table.key(values),
                new UpsertBatch.Change(row.getRowKind() == RowKind.DELETE, values));
    }

    @Override
    public void flush(boolean endOfInput) {
        // Nothing to do: prepareCommit hands everything over at each checkpoint.
    }

    @Override
    public Collection<UpsertBatch> prepareCommit() {
        if (pending.isEmpty()) {
            return List.of();
        }
        UpsertBatch batch = new UpsertBatch(new ArrayList<>(pending.values()));
        pending.clear();
        return List.of(batch);
    }

    @Override
    public void close() {}
}
