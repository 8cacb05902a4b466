package io.crmpulse.sinks.testing;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.crmpulse.sinks.outbox.OutboxDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL (embedded, from Maven artifacts) with the project's migrations applied from
 * {@code sql/postgres}, for tests of the outbox and the PostgreSQL sink.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final JdbcSettings settings;
    private final OutboxDatabase database;

    private PostgresTestDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.settings =
                new JdbcSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
        this.database = new OutboxDatabase(settings.url(), settings.user(), settings.password());
    }

    /** Starts a fresh server on a free port and migrates it to the newest schema. */
    public static PostgresTestDatabase start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("filesystem:" + migrations())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            return new PostgresTestDatabase(postgres);
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

    public JdbcSettings settings() {
        return settings;
    }

    public Connection connect() throws SQLException {
        return database.connect();
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of every row of {@code sql}, as strings. */
    public List<String> rows(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    public void truncate(String... tables) throws SQLException {
        execute("TRUNCATE " + String.join(", ", tables));
    }

    /** Empties the outbox between tests. */
    public void truncateNotifications() {
        try {
            truncate("notifications");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
