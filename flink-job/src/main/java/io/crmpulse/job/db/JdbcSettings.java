package io.crmpulse.job.db;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the job's PostgreSQL is: {@code PULSE_JDBC_URL}, {@code PULSE_DB_USER} and {@code
 * PULSE_DB_PASSWORD}, or the embedded database of local mode ({@link LocalPostgres#start()}).
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

    public static final String URL_ENV = "PULSE_JDBC_URL";
    public static final String USER_ENV = "PULSE_DB_USER";
    public static final String PASSWORD_ENV = "PULSE_DB_PASSWORD";

    /**
     * pgjdbc's URL parameters that hold a secret: the password, the password of the client's SSL
     * key, and the argument of a custom SSL factory (often a keystore password). pgjdbc splits
     * parameters on {@code &} only, so a value runs to the next {@code &}; a {@code ;} does not end
     * it. Names are matched in any case, so that a misspelt one is masked too.
     */
    private static final Pattern SECRET_PARAMETER =
            Pattern.compile("(?i)((?:^|[?&;])(?:password|sslpassword|sslfactoryarg)=)[^&]*");

    /** A {@code user:password@} before the host: pgjdbc ignores it, but a user may write it. */
    private static final Pattern USER_INFO = Pattern.compile("(?<=//)[^/?@]*@");

    public JdbcSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
    }

    /** The URL with the value of every secret-bearing parameter, and any user info, masked. */
    public String redactedUrl() {
        return redact(url);
    }

    static String redact(String jdbcUrl) {
        String masked = SECRET_PARAMETER.matcher(jdbcUrl).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("***@");
    }

    @Override
    public String toString() {
        return "JdbcSettings{url=" + redactedUrl() + ", user=" + user + ", password=***}";
    }
}
