package io.crmpulse.sinks.postgres;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.sink.SinkV2Provider;

/** The Flink SQL face of {@link PostgresUpsertSink}: an upsert sink by the table's primary key. */
final class PostgresTableSink implements DynamicTableSink {

    private final JdbcSettings database;
    private final PostgresTable table;

    PostgresTableSink(JdbcSettings database, PostgresTable table) {
        this.database = database;
        this.table = table;
    }

    @Override
    public ChangelogMode getChangelogMode(ChangelogMode requestedMode) {
        return ChangelogMode.upsert();
    }

    @Override
    public SinkRuntimeProvider getSinkRuntimeProvider(Context context) {
        return SinkV2Provider.of(new PostgresUpsertSink(database, table));
    }

    @Override
    public DynamicTableSink copy() {
        return new PostgresTableSink(database, table);
    }

    @Override
    public String asSummaryString() {
        return "PostgreSQL " + table.name() + " at " + database.redactedUrl();
    }
}
