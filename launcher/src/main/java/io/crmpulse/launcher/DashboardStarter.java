package io.crmpulse.launcher;

import io.crmpulse.dashboard.DashboardServer;
import io.crmpulse.dashboard.DashboardSettings;
import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Starts the dashboard server after checking what a user can get wrong, so that each stops the
 * start with one line naming the variable to change rather than a library's stack trace: a port
 * another program holds, a password the database refuses for {@code pulse_reader}, a database it
 * cannot reach.
 */
final class DashboardStarter {

    /** SQLSTATE class 28, invalid authorization: a wrong password, or a role that cannot log in. */
    private static final String REFUSED_LOGIN = "28";

    private DashboardStarter() {}

    /**
     * Stops with the variable to change when another program listens on the dashboard's port.
     * Checked before anything else starts; the server binds the port once the database is up.
     *
     * @throws ConfigException naming {@code PULSE_DASHBOARD_PORT}
     */
    static void checkPortIsFree(DashboardSettings settings) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(
                    new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()));
        } catch (IOException e) {
            throw new ConfigException(
                    PulseEnvironment.DASHBOARD_PORT.name()
                            + ": port "
                            + settings.port()
                            + " of "
                            + settings.host()
                            + ", where the dashboard listens, is taken by another program ("
                            + e.getMessage()
                            + "): stop it, or set "
                            + PulseEnvironment.DASHBOARD_PORT.name()
                            + " to a free port",
                    e);
        }
    }

    /**
     * Checks the port, logs in once as {@code pulse_reader}, then starts the server.
     *
     * @throws ConfigException naming {@code PULSE_DASHBOARD_PORT} when the port is taken, {@code
     *     PULSE_READER_PASSWORD} when it is unset or the database refuses the login, or {@code
     *     PULSE_JDBC_URL} when the database cannot be reached
     */
    static DashboardServer start(DashboardSettings settings) {
        checkPortIsFree(settings);
        checkReaderLogin(settings.database());
        return DashboardServer.start(settings);
    }

    private static void checkReaderLogin(JdbcSettings reader) {
        if (reader.password() == null) {
            throw new ConfigException(
                    PulseEnvironment.READER_PASSWORD.name()
                            + " is not set: the dashboard reads the database as "
                            + reader.user()
                            + "; set it to the password an administrator gave the role (README,"
                            + " \"The reader role\")");
        }
        try (Connection c =
                DriverManager.getConnection(reader.url(), reader.user(), reader.password())) {
            // Logged in: the pool will too.
        } catch (SQLException e) {
            String state = String.valueOf(e.getSQLState());
            if (state.startsWith(REFUSED_LOGIN)) {
                throw new ConfigException(
                        "The database refused the dashboard's login as "
                                + reader.user()
                                + " ("
                                + e.getMessage()
                                + "): set "
                                + PulseEnvironment.READER_PASSWORD.name()
                                + " to the password an administrator gave the role with ALTER"
                                + " ROLE pulse_reader LOGIN PASSWORD (README, \"The reader role\")",
                        e);
            }
            throw new ConfigException(
                    "The dashboard cannot read the database of "
                            + PulseEnvironment.JDBC_URL.name()
                            + " ("
                            + e.getMessage()
                            + "): check the address, and that the job's schema is there",
                    e);
        }
    }
}
