package io.crmpulse.job.db.sink;

import io.crmpulse.job.db.JdbcSettings;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each completed checkpoint's batches, one transaction each, in checkpoint order. A database
 * error fails the job: Flink restarts it with its back-off and commits the batches of the restored
 * checkpoint again before anything newer, so the table never goes back in time and nothing is lost
 * while PostgreSQL is away.
 */
final class PostgresUpsertCommitter implements Committer<UpsertBatch> {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresUpsertCommitter.class);

    private final JdbcSettings settings;
    private final PostgresTable table;
    private Connection connection;

    PostgresUpsertCommitter(JdbcSettings settings, PostgresTable table) {
        this.settings = settings;
        this.table = table;
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
                                + e.getMessage()
                                + "; the job restarts from its last checkpoint and writes them"
                                + " again",
                        e);
            }
        }
    }

    private void write(UpsertBatch batch) throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection =
                    DriverManager.getConnection(
                            settings.url(), settings.user(), settings.password());
            connection.setAutoCommit(false);
        }
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
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
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
