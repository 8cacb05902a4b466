package io.crmpulse.launcher;

import io.crmpulse.job.config.ConfigException;
import io.crmpulse.job.config.PulseEnvironment;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.annotation.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of local mode ({@code java -jar crm-pulse.jar} without {@code
 * PULSE_JDBC_URL}): a real PostgreSQL server from Maven artifacts, no installation needed.
 *
 * <p>Its data directory is {@code PULSE_STATE_DIR/postgres} and is kept between runs, so the
 * metrics tables survive a restart just as the job's checkpoints do. It listens on a fixed port of
 * 127.0.0.1 only ({@code PULSE_LOCAL_DB_PORT}, default 54329), so the {@code psql} command it
 * prints stays valid.
 *
 * <p>Other users of the machine must not get in: the superuser {@value #USER} could run programs as
 * the job's user and read its environment, which holds the Zoho and Twilio secrets. So every
 * connection, over TCP or the Unix socket, must give a password (scram-sha-256). The password is
 * generated on the first start and kept beside the data directory in {@value #PASSWORD_FILE}, with
 * a pgpass file {@value #PGPASS_FILE} for {@code psql}, both readable by the job's user only (mode
 * 0600). A data directory of a version that trusted every local connection gets the password on its
 * first start with this one. Commits are durable (fsync and synchronous commit on): the outbox's
 * claim of a WhatsApp message must survive a crash, or the message is sent twice.
 *
 * <p>If a previous run was killed before it could stop its server, the server is still running on
 * the same directory and port; {@link #start()} then uses it (restarting it if it runs with other
 * settings), and {@link #close()} stops it.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    /** The superuser's password, in the state directory (the data directory's parent). */
    public static final String PASSWORD_FILE = "postgres-password";

    /** The password in libpq's pgpass format, for the printed {@code psql} command. */
    public static final String PGPASS_FILE = "pgpass";

    private static final String HOST = "127.0.0.1";
    private static final String AUTH_METHOD = "scram-sha-256";

    /**
     * What the server must run with, passed on its command line at every start. zonky's defaults
     * are fsync off (its -F) and synchronous_commit off; these come after them and win.
     */
    private static final Map<String, String> SERVER_SETTINGS =
            Map.ofEntries(
                    Map.entry("listen_addresses", HOST),
                    Map.entry("fsync", "on"),
                    Map.entry("synchronous_commit", "on"),
                    Map.entry("password_encryption", AUTH_METHOD));

    /** A pg_hba.conf rule's {@code trust} method, outside a comment. */
    private static final Pattern TRUST = Pattern.compile("^([^#]*\\s)trust(?=\\s|#|$)");

    private static final Set<PosixFilePermission> OWNER_ONLY =
            PosixFilePermissions.fromString("rw-------");

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgres.class);

    private final Path dataDirectory;
    private final int port;
    @Nullable private EmbeddedPostgres server;

    /**
     * @param dataDirectory where the database files live; created on the first start. Its parent is
     *     the state directory, which holds the password files.
     * @param port the 127.0.0.1 port to listen on
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
     * The local database as the environment sets it: {@code PULSE_STATE_DIR} plus {@code
     * /postgres}, and {@code PULSE_LOCAL_DB_PORT}.
     *
     * @throws ConfigException if {@code PULSE_LOCAL_DB_PORT} is not a port number
     */
    public static LocalPostgres fromEnvironment(Map<String, String> env) {
        return new LocalPostgres(
                PulseEnvironment.stateDirectory(env).resolve("postgres"),
                PulseEnvironment.localDatabasePort(env));
    }

    /**
     * Starts the server, creating the database and its password on the first start and keeping what
     * an earlier run left, and logs the {@code psql} command that reaches it.
     *
     * @return how to connect: user {@value #USER}, database {@value #DATABASE}, the password
     * @throws IllegalStateException if the port is taken by another program, the password file of
     *     an existing database is missing, or the server does not start; the message says what to
     *     change
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
                            + PulseEnvironment.LOCAL_DB_PORT.name()
                            + " to a free port");
        }
        String password;
        boolean trusting;
        try {
            Files.createDirectories(dataDirectory);
            trusting = existing && trustsSomeone();
            password = password(existing && !trusting);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not prepare the local PostgreSQL's data and password in "
                            + stateDirectory()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        try {
            server = startServer(password);
            if (trusting) {
                // An earlier version's database: give the superuser the password while the old
                // rules still let us in, then require it everywhere (the restart reads the rules).
                setSuperuserPassword(password);
                requirePassword();
                LOG.info(
                        "The local PostgreSQL in {} trusted every local connection, as versions"
                                + " before this one set it up; from now on it asks for the"
                                + " password in {}",
                        dataDirectory,
                        passwordFile());
            }
            if (trusting || !runsWithServerSettings(password)) {
                // A server left running by a killed run is used as it is, unless an earlier
                // version started it without these settings.
                server.close();
                server = startServer(password);
                if (!runsWithServerSettings(password)) {
                    throw new IllegalStateException(
                            "it runs without the settings " + SERVER_SETTINGS);
                }
            }
            writePrivately(pgpassFile(), pgpassLine(password));
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly();
            throw new IllegalStateException(
                    "Could not start the local PostgreSQL in "
                            + dataDirectory
                            + " on port "
                            + port
                            + ": "
                            + e.getMessage()
                            + ". If another CRM Pulse uses this directory, stop it or set "
                            + PulseEnvironment.STATE_DIR.name()
                            + " to another directory; if the port is taken, set "
                            + PulseEnvironment.LOCAL_DB_PORT.name(),
                    e);
        }
        LOG.info(
                "Local PostgreSQL {} in {}; connect with: {}",
                existing ? "started with the data of earlier runs" : "created",
                dataDirectory,
                psqlCommand());
        return jdbcSettings(password);
    }

    /**
     * How to connect to the database of this directory, while a {@link #start()} of this or another
     * process runs it.
     *
     * @throws UncheckedIOException if the password file cannot be read
     */
    public JdbcSettings jdbcSettings() {
        try {
            return jdbcSettings(Files.readString(passwordFile(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + passwordFile(), e);
        }
    }

    /** The JDBC URL of the local database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + DATABASE;
    }

    /**
     * The command that opens a {@code psql} session on the local database: it reads the password
     * from the pgpass file, so it works as it is pasted into a shell.
     */
    public String psqlCommand() {
        return "PGPASSFILE="
                + shellWord(pgpassFile().toString())
                + " psql -h "
                + HOST
                + " -p "
                + port
                + " -U "
                + USER
                + " "
                + DATABASE;
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

    private EmbeddedPostgres startServer(String password) throws IOException {
        EmbeddedPostgres.Builder builder =
                EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        // zonky checks that the server is up by connecting as the superuser.
                        .setConnectConfig("password", password)
                        // zonky hands its "locale" settings to initdb as --key=value, after its
                        // own -A trust, which they override: only a fresh directory is
                        // initialized, and it asks for the password from the start.
                        .setLocaleConfig("auth", AUTH_METHOD)
                        .setLocaleConfig("pwfile", passwordFile().toString());
        SERVER_SETTINGS.forEach(builder::setServerConfig);
        return builder.start();
    }

    /**
     * The password of the state directory; a new one if there is none and the database does not
     * need the old one.
     */
    private String password(boolean databaseHasOne) throws IOException {
        Path file = passwordFile();
        if (Files.exists(file)) {
            if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                LOG.warn("{} was open to other users; it is now its owner's only", file);
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            String password = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!password.isEmpty()) {
                return password;
            }
        }
        if (databaseHasOne) {
            throw new IllegalStateException(
                    "The local PostgreSQL in "
                            + dataDirectory
                            + " asks for a password, but its password file "
                            + file
                            + " is missing: put the file back, or delete "
                            + dataDirectory
                            + " to start with an empty database");
        }
        String password = randomPassword();
        writePrivately(file, password + "\n");
        return password;
    }

    /** A new password of 24 random bytes. */
    static String randomPassword() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        // URL-safe Base64 has no ':' or backslash, which pgpass would need escaped.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * Lets {@code role}, which the schema creates without a login, log in with {@code password}, as
     * an administrator does on a database of their own (README, "The reader role").
     *
     * @throws IllegalStateException if the server is not running or the role does not exist
     */
    public synchronized void allowLogin(String role, String password) {
        if (server == null) {
            throw new IllegalStateException("The local PostgreSQL is not running");
        }
        try (Connection c =
                        DriverManager.getConnection(jdbcUrl(), USER, jdbcSettings().password());
                Statement statement = c.createStatement()) {
            statement.execute(
                    "ALTER ROLE " + c.unwrap(PGConnection.class).escapeIdentifier(role) + " LOGIN");
            // As for the superuser: the driver sends a SCRAM verifier, never the password.
            c.unwrap(PGConnection.class)
                    .alterUserPassword(role, password.toCharArray(), AUTH_METHOD);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Could not let " + role + " log in to the local PostgreSQL: " + e.getMessage(),
                    e);
        }
    }

    private boolean trustsSomeone() throws IOException {
        return Files.readAllLines(hbaFile()).stream().anyMatch(rule -> TRUST.matcher(rule).find());
    }

    private void requirePassword() throws IOException {
        StringBuilder rules = new StringBuilder();
        for (String rule : Files.readAllLines(hbaFile())) {
            rules.append(TRUST.matcher(rule).replaceFirst("$1" + AUTH_METHOD)).append('\n');
        }
        writePrivately(hbaFile(), rules.toString());
    }

    private void setSuperuserPassword(String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, password)) {
            // The driver computes the SCRAM verifier: the password itself never reaches the
            // server, nor its log.
            c.unwrap(PGConnection.class)
                    .alterUserPassword(USER, password.toCharArray(), AUTH_METHOD);
        }
    }

    private boolean runsWithServerSettings(String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), USER, password);
                PreparedStatement query =
                        c.prepareStatement("SELECT setting FROM pg_settings WHERE name = ?")) {
            for (Map.Entry<String, String> setting : SERVER_SETTINGS.entrySet()) {
                query.setString(1, setting.getKey());
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next() || !setting.getValue().equals(rs.getString(1))) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.warn("Could not stop the local PostgreSQL: {}", e.toString());
        }
    }

    private Path stateDirectory() {
        return dataDirectory.getParent();
    }

    private Path passwordFile() {
        return stateDirectory().resolve(PASSWORD_FILE);
    }

    private Path pgpassFile() {
        return stateDirectory().resolve(PGPASS_FILE);
    }

    private Path hbaFile() {
        return dataDirectory.resolve("pg_hba.conf");
    }

    private JdbcSettings jdbcSettings(String password) {
        return new JdbcSettings(jdbcUrl(), USER, password);
    }

    private String pgpassLine(String password) {
        return HOST + ":" + port + ":*:" + USER + ":" + password + "\n";
    }

    /**
     * Replaces {@code target} with a file that only its owner can read, at once: never a moment
     * with other permissions or half the content.
     */
    private static void writePrivately(Path target, String content) throws IOException {
        Path temporary =
                Files.createTempFile(
                        target.getParent(),
                        "." + target.getFileName(),
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(
                    temporary,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** {@code word} as one word of a POSIX shell command. */
    private static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./=:@%+,-]+")
                ? word
                : "'" + word.replace("'", "'\\''") + "'";
    }

    private static boolean isPortFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
