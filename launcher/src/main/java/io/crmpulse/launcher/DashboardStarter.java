package io.crmpulse.launcher;

import io.crmpulse.dashboard.DashboardServer;
import io.crmpulse.dashboard.DashboardSettings;
import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Starts the dashboard server after checking what a user can get wrong, so that each stops the
 * start with one line naming the variable to change rather than a library's stack trace: a port
 * another program holds or a host this machine does not have, a password the database refuses for
 * {@code pulse_reader}, a database it cannot reach.
 */
final class DashboardStarter {

    /** SQLSTATE class 28, invalid authorization: a wrong password, or a role that cannot log in. */
    private static final String REFUSED_LOGIN = "28";

    private DashboardStarter() {}

    /**
     * Stops with the variable to change when the dashboard could not listen: a host that is not an
     * address of this machine, or a port another program holds. Checked before anything else
     * starts; the server binds the port once the database is up.
     *
     * @throws ConfigException naming {@code PULSE_DASHBOARD_HOST} or {@code PULSE_DASHBOARD_PORT}
     */
    static void checkCanListen(DashboardSettings settings) {
        InetAddress address = localAddress(settings.host());
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, settings.port()));
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
     * The host's address when this machine has it, so that a bind that fails after it is the port's
     * fault: the JDK's "Cannot assign requested address" would otherwise look like one.
     */
    private static InetAddress localAddress(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            if (address.isAnyLocalAddress()
                    || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null) {
                return address;
            }
            throw DashboardSettings.hostNotLocal(
                    host,
                    "no network interface of this machine has " + address.getHostAddress(),
                    null);
        } catch (UnknownHostException e) {
            throw DashboardSettings.hostNotLocal(host, "unknown host", e);
        } catch (SocketException e) {
            throw DashboardSettings.hostNotLocal(host, e.getMessage(), e);
        }
    }

    /**
     * Checks the port, logs in once as {@code pulse_reader}, then starts the server.
     *
     * @throws ConfigException naming {@code PULSE_DASHBOARD_HOST} when this machine has no such
     *     address, {@code PULSE_DASHBOARD_PORT} when the port is taken, {@code
     *     PULSE_READER_PASSWORD} when it is unset or the database refuses the login, or {@code
     *     PULSE_JDBC_URL} when the database cannot be reached
     */
    static DashboardServer start(DashboardSettings settings) {
        checkCanListen(settings);
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
            throw DashboardSettings.databaseUnreadable(e);
        }
    }
}
