package io.crmpulse.dashboard;

import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.DisplayFormat;
import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.job.db.ReaderRole;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.Nullable;

/**
 * What the dashboard server needs: where it listens, the token it requires, the database it reads
 * as {@code pulse_reader}, and the business timezone of "today" (README, "Configuration").
 *
 * @param host the address it listens on ({@code PULSE_DASHBOARD_HOST})
 * @param port its port ({@code PULSE_DASHBOARD_PORT}); 0 picks a free one (tests)
 * @param token the bearer token every request must carry ({@code PULSE_DASHBOARD_TOKEN}); empty:
 *     none, which only a loopback address allows
 * @param database {@code PULSE_JDBC_URL} as {@code pulse_reader} with {@code PULSE_READER_PASSWORD}
 * @param zone {@code PULSE_TIMEZONE}
 * @param format how numbers are written, as in alerts and summary ({@code PULSE_CURRENCY})
 */
public record DashboardSettings(
        String host,
        int port,
        Optional<String> token,
        JdbcSettings database,
        ZoneId zone,
        DisplayFormat format) {

    /**
     * @throws ConfigException naming the variable when the host is not loopback and no token is set
     *     (anyone who can reach the port would read the company's numbers), or when the token is
     *     shorter than {@link PulseEnvironment#DASHBOARD_TOKEN_MIN_LENGTH} characters
     */
    public DashboardSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(format, "format");
        if (token.isPresent()
                && token.get().length() < PulseEnvironment.DASHBOARD_TOKEN_MIN_LENGTH) {
            throw new ConfigException(
                    PulseEnvironment.DASHBOARD_TOKEN.name()
                            + " has "
                            + token.get().length()
                            + " characters; it must have at least "
                            + PulseEnvironment.DASHBOARD_TOKEN_MIN_LENGTH
                            + ": set it to a long random secret, e.g. the output of"
                            + " 'openssl rand -hex 32'");
        }
        if (token.isEmpty() && !isLoopback(host)) {
            throw new ConfigException(
                    PulseEnvironment.DASHBOARD_HOST.name()
                            + "='"
                            + host
                            + "' is not a loopback address, so the dashboard requires a token: set "
                            + PulseEnvironment.DASHBOARD_TOKEN.name()
                            + " to a long random secret (clients send it as 'Authorization: Bearer"
                            + " <token>'), or listen on 127.0.0.1");
        }
    }

    /**
     * The settings from the environment.
     *
     * @throws ConfigException naming the variable that is missing or wrong
     */
    public static DashboardSettings fromEnvironment(Map<String, String> env) {
        String url = PulseEnvironment.JDBC_URL.get(env);
        if (url == null) {
            throw new ConfigException(
                    PulseEnvironment.JDBC_URL.name()
                            + " is not set: the dashboard reads the job's PostgreSQL as "
                            + ReaderRole.NAME
                            + "; set it to jdbc:postgresql://HOST:PORT/DATABASE and "
                            + PulseEnvironment.READER_PASSWORD.name()
                            + " to the role's password");
        }
        return new DashboardSettings(
                PulseEnvironment.DASHBOARD_HOST.getOrDefault(env),
                PulseEnvironment.dashboardPort(env),
                Optional.ofNullable(PulseEnvironment.DASHBOARD_TOKEN.get(env)),
                new JdbcSettings(url, ReaderRole.NAME, PulseEnvironment.READER_PASSWORD.get(env)),
                PulseEnvironment.timezone(env),
                PulseEnvironment.display(env));
    }

    private static boolean isLoopback(String host) {
        try {
            // Every address the name has must be loopback: "localhost" may also name another.
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            throw hostNotLocal(host, "unknown host", e);
        }
    }

    /**
     * The stop for a {@code PULSE_DASHBOARD_HOST} this machine does not have, here and where the
     * launcher checks that the dashboard can listen.
     *
     * @param why what the lookup found, e.g. "unknown host"
     */
    public static ConfigException hostNotLocal(String host, String why, @Nullable Exception cause) {
        return new ConfigException(
                PulseEnvironment.DASHBOARD_HOST.name()
                        + "='"
                        + host
                        + "' is not an address of this machine ("
                        + why
                        + "): set it to 127.0.0.1, 0.0.0.0 (every address) or one of this"
                        + " machine's addresses",
                cause);
    }

    /**
     * The stop for a database of {@code PULSE_JDBC_URL} that the dashboard cannot read, at the
     * launcher's first login and at the server's.
     */
    public static ConfigException databaseUnreadable(SQLException e) {
        return new ConfigException(
                "The dashboard cannot read the database of "
                        + PulseEnvironment.JDBC_URL.name()
                        + " ("
                        + e.getMessage()
                        + "): check the address, and that the job's schema is there",
                e);
    }

    @Override
    public String toString() {
        return "DashboardSettings{host="
                + host
                + ", port="
                + port
                + ", token="
                + (token.isPresent() ? "***" : "none")
                + ", database="
                + database
                + ", zone="
                + zone
                + ", format="
                + format
                + "}";
    }
}
