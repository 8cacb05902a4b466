package io.crmpulse.sinks.outbox;

import io.crmpulse.sinks.jdbc.JdbcUrls;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the outbox table lives: a PostgreSQL JDBC URL, user and password. Serializable, so a sink
 * carries it to its writers; its {@link #toString()} hides the password and every other secret of
 * the URL.
 */
public record OutboxDatabase(String url, String user, String password) implements Serializable {

    public OutboxDatabase {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    /** A new connection, in auto-commit mode. */
    public Connection connect() throws SQLException {
        // A data source rather than DriverManager: under `flink run` the driver lives in the
        // user-code class loader, which DriverManager does not search.
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(user);
        if (!password.isEmpty()) {
            dataSource.setPassword(password);
        }
        dataSource.setApplicationName("crm-pulse-outbox");
        return dataSource.getConnection();
    }

    @Override
    public String toString() {
        return "OutboxDatabase{url=" + JdbcUrls.redact(url) + ", user=" + user + "}";
    }
}
