package io.crmpulse.sinks.jdbc;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where the job's PostgreSQL is: {@code PULSE_JDBC_URL}, {@code PULSE_DB_USER} and {@code
 * PULSE_DB_PASSWORD}, or the embedded database of the laptop's launcher.
 *
 * <p>{@link #toString()} and {@link #redactedUrl()} never show the password, nor any other secret
 * that the URL may carry.
 *
 * @param url a {@code jdbc:postgresql://HOST:PORT/DATABASE} URL
 * @param user the database user
 * @param password the user's password; empty when the server does not ask for one
 */
public record JdbcSettings(String url, String user, String password) implements Serializable {

    private static final long serialVersionUID = 1L;

    public JdbcSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    /** The URL with the value of every secret-bearing parameter, and any user info, masked. */
    public String redactedUrl() {
        return JdbcUrls.redact(url);
    }

    @Override
    public String toString() {
        return "JdbcSettings{url=" + redactedUrl() + ", user=" + user + ", password=***}";
    }
}
