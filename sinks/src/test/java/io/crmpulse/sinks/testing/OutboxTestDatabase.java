package io.crmpulse.sinks.testing;

import io.crmpulse.sinks.outbox.OutboxDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL (embedded, from Maven artifacts) with the project's migrations applied from
 * {@code sql/postgres}, for tests of the outbox.
 */
public final class OutboxTestDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final OutboxDatabase database;

    private OutboxTestDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.database =
                new OutboxDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
    }

    /** Starts a fresh server on a free port and migrates it to the newest schema. */
    public static OutboxTestDatabase start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("filesystem:" + migrations())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return new OutboxTestDatabase(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL", e);
        }
    }

    /** {@code sql/postgres} of this checkout, found from the module's directory upwards. */
    public static Path migrations() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("sql/postgres");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "sql/postgres not found above " + Path.of("").toAbsolutePath());
    }

    public OutboxDatabase database() {
        return database;
    }

    public Connection connect() throws SQLException {
        return database.connect();
    }

    /** Empties the outbox between tests. */
    public void truncateNotifications() {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE notifications");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
