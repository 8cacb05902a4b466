package io.crmpulse.job.db;

import io.crmpulse.job.config.ConfigException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of local mode ({@code java -jar crm-pulse.jar} without {@code
 * PULSE_JDBC_URL}): a real PostgreSQL server from Maven artifacts, no installation needed.
 *
 * <p>Its data directory is {@code PULSE_STATE_DIR/postgres} and is kept between runs, so the
 * metrics tables survive a restart just as the job's checkpoints do. It listens on a fixed port of
 * localhost (default {@value #DEFAULT_PORT}, {@code PULSE_LOCAL_DB_PORT} to change it), so the
 * {@code psql} command it prints stays valid. It trusts every local connection and asks no
 * password: it is for a first try on one's own machine, not for production.
 *
 * <p>If a previous run was killed before it could stop its server, the server is still running on
 * the same directory and port; {@link #start()} then uses it, and {@link #close()} stops it.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String STATE_DIR_ENV = "PULSE_STATE_DIR";
    public static final String PORT_ENV = "PULSE_LOCAL_DB_PORT";
    public static final Path DEFAULT_STATE_DIR = Path.of(".crm-pulse");
    public static final int DEFAULT_PORT = 54329;
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);

    private final Path dataDirectory;
    private final int port;
    @Nullable private EmbeddedPostgres server;

    /**
     * @param dataDirectory where the database files live; created on the first start
     * @param port the localhost port to listen on
     */
    public LocalPostgres(Path dataDirectory, int port) {
        this.dataDirectory =
                Objects.requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
        this.port = port;
    }

    /**
     * The local database as the environment sets it: {@code PULSE_STATE_DIR} (default {@code
     * ./.crm-pulse}) plus {@code /postgres}, and {@code PULSE_LOCAL_DB_PORT} (default {@value
     * #DEFAULT_PORT}).
     *
     * @throws ConfigException if {@code PULSE_LOCAL_DB_PORT} is not a port number
     */
    public static LocalPostgres fromEnvironment(Map<String, String> env) {
        String stateDir = env.get(STATE_DIR_ENV);
        Path state =
                stateDir == null || stateDir.isBlank()
                        ? DEFAULT_STATE_DIR
                        : Path.of(stateDir.trim());
        int port = DEFAULT_PORT;
        String portText = env.get(PORT_ENV);
        if (portText != null && !portText.isBlank()) {
            try {
                port = Integer.parseInt(portText.trim());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new ConfigException(
                        PORT_ENV + "='" + portText + "' must be a port number, 1 to 65535");
            }
        }
        return new LocalPostgres(state.resolve("postgres"), port);
    }

    /**
     * Starts the server, creating the database on the first start and keeping what an earlier run
     * left, and logs the {@code psql} command that reaches it.
     *
     * @return how to connect: user {@value #USER}, database {@value #DATABASE}, no password
     * @throws IllegalStateException if the port is taken by another program or the server does not
     *     start; the message says what to change
     */
    public synchronized JdbcSettings start() {
        if (server != null) {
            throw new IllegalStateException("The local PostgreSQL is already running");
        }
        boolean existing = Files.exists(dataDirectory.resolve("PG_VERSION"));
        boolean leftRunning = Files.exists(dataDirectory.resolve("postmaster.pid"));
        if (!leftRunning && !isPortFree(port)) {
            throw new IllegalStateException(
                    "Port "
                            + port
                            + " of localhost, where the local PostgreSQL listens, is taken by"
                            + " another program: stop it, or set "
                            + PORT_ENV
                            + " to a free port");
        }
        try {
            Files.createDirectories(dataDirectory);
            server =
                    EmbeddedPostgres.builder()
                            .setDataDirectory(dataDirectory)
                            .setCleanDataDirectory(false)
                            .setPort(port)
                            .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "Could not start the local PostgreSQL in "
                            + dataDirectory
                            + " on port "
                            + port
                            + ": "
                            + e.getMessage()
                            + ". If another CRM Pulse uses this directory, stop it or set "
                            + STATE_DIR_ENV
                            + " to another directory; if the port is taken, set "
                            + PORT_ENV,
                    e);
        }
        LOG.info(
                "Local PostgreSQL {} in {}; connect with: {}",
                existing ? "started with the data of earlier runs" : "created",
                dataDirectory,
                psqlCommand());
        return new JdbcSettings(jdbcUrl(), USER, "");
    }

    /** The JDBC URL of the local database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The command that opens a {@code psql} session on the local database. */
    public String psqlCommand() {
        return "psql -h localhost -p " + port + " -U " + USER + " " + DATABASE;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public int port() {
        return port;
    }

    /** Stops the server; the data stays. Does nothing if it is not running. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
            LOG.info("Local PostgreSQL stopped; its data stays in {}", dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the local PostgreSQL", e);
        } finally {
            server = null;
        }
    }

    private static boolean isPortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
