package io.crmpulse.job.db;

import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.sinks.jdbc.JdbcUrls;
import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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

    public static final String URL_ENV = PulseEnvironment.JDBC_URL.name();
    public static final String USER_ENV = PulseEnvironment.DB_USER.name();
    public static final String PASSWORD_ENV = PulseEnvironment.DB_PASSWORD.name();

    public JdbcSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    /**
     * The database that {@code PULSE_JDBC_URL}, {@code PULSE_DB_USER} and {@code PULSE_DB_PASSWORD}
     * name, or empty when {@code PULSE_JDBC_URL} is unset or blank.
     */
    public static Optional<JdbcSettings> fromEnvironment(Map<String, String> env) {
        String url = PulseEnvironment.JDBC_URL.get(env);
        if (url == null) {
            return Optional.empty();
        }
        return Optional.of(
                new JdbcSettings(
                        url,
                        env.getOrDefault(USER_ENV, PulseEnvironment.DB_USER.defaultValue()),
                        env.getOrDefault(
                                PASSWORD_ENV, PulseEnvironment.DB_PASSWORD.defaultValue())));
    }

    /** The URL with the value of every secret-bearing parameter, and any user info, masked. */
    public String redactedUrl() {
        return redact(url);
    }

    static String redact(String jdbcUrl) {
        return JdbcUrls.redact(jdbcUrl);
    }

    @Override
    public String toString() {
        return "JdbcSettings{url=" + redactedUrl() + ", user=" + user + ", password=***}";
    }
}
