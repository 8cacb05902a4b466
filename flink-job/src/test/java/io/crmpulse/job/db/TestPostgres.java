package io.crmpulse.job.db;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A real PostgreSQL server for the integration tests (zonky's binaries from Maven), on a fixed data
 * directory and port, so that a test can stop it under the job and start it again where the job
 * looks for it. The laptop's own embedded database, with its password and durability settings, is
 * the launcher's {@code LocalPostgres}; the tests of the job need only a server.
 */
public final class TestPostgres implements AutoCloseable {

    public static final String USER = "postgres";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    public TestPostgres(Path dataDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts the server (creating its database on the first start) and says how to connect. */
    public synchronized JdbcSettings start() {
        if (server != null) {
            throw new IllegalStateException("The test PostgreSQL is already running");
        }
        try {
            server =
                    EmbeddedPostgres.builder()
                            .setDataDirectory(dataDirectory)
                            .setCleanDataDirectory(false)
                            .setPort(port)
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .start();
        } catch (IOException e) {
            throw new UncheckedIOException("The test PostgreSQL did not start", e);
        }
        return jdbcSettings();
    }

    public JdbcSettings jdbcSettings() {
        return new JdbcSettings("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, "");
    }

    public int port() {
        return port;
    }

    /** Stops the server; its data stays for the next {@link #start()}. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("The test PostgreSQL did not stop", e);
        } finally {
            server = null;
        }
    }
}
