package io.crmpulse.job.db;

import io.crmpulse.job.config.ConfigException;

/**
 * The job cannot connect to its PostgreSQL at start. The message says which setting to check
 * ({@code PULSE_JDBC_URL}, {@code PULSE_DB_USER}, {@code PULSE_DB_PASSWORD}) and never holds the
 * password. A {@link ConfigException}, so the launcher stops with the exit code of a wrong setting.
 */
public class DatabaseConnectionException extends ConfigException {

    private static final long serialVersionUID = 1L;

    public DatabaseConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
