package io.crmpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL of local mode, started as the job starts it. */
class LocalPostgresITCase {

    @TempDir Path stateDir;

    @Test
    void theDataOfOneRunIsThereInTheNextOnTheSamePortWithTheSamePassword() throws Exception {
        int port = TestDatabase.freePort();
        Path dataDirectory = stateDir.resolve("postgres");

        String password;
        try (LocalPostgres first = new LocalPostgres(dataDirectory, port)) {
            JdbcSettings db = first.start();
            assertThat(db.url()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
            assertThat(db.user()).isEqualTo("postgres");
            assertThat(db.password()).hasSizeGreaterThanOrEqualTo(32);
            password = db.password();
            execute(db, "CREATE TABLE kept (note text)", "INSERT INTO kept VALUES ('from run 1')");
        }
        assertThat(dataDirectory.resolve("PG_VERSION")).exists();
        Path passwordFile = stateDir.resolve("postgres-password");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-r--r--"));

        try (LocalPostgres second = new LocalPostgres(dataDirectory, port)) {
            JdbcSettings db = second.start();
            assertThat(db.password()).isEqualTo(password);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(queryText(db, "SELECT string_agg(note, ',') FROM kept"))
                    .isEqualTo("from run 1");
            assertThat(second.jdbcSettings()).isEqualTo(db);
        }
    }

    @Test
    void theReaderRoleLogsInWithThePasswordOfTheRunAndTheNextStartStillAcceptsTheRole()
            throws Exception {
        try (LocalPostgres postgres =
                new LocalPostgres(stateDir.resolve("postgres"), TestDatabase.freePort())) {
            JdbcSettings admin = postgres.start();
            new SchemaMigrator(admin, ZoneOffset.UTC).migrate();
            String firstRun = LocalPostgres.randomPassword();

            postgres.allowLogin("pulse_reader", firstRun);

            JdbcSettings reader = new JdbcSettings(postgres.jdbcUrl(), "pulse_reader", firstRun);
            assertThat(queryText(reader, "SELECT count(*) FROM lead_source_quality"))
                    .isEqualTo("0");
            assertThatThrownBy(() -> queryText(reader, "SELECT count(*) FROM crm_leads"))
                    .hasMessageContaining("permission denied");
            assertThat(
                            queryText(
                                    admin,
                                    "SELECT rolpassword FROM pg_authid"
                                            + " WHERE rolname = 'pulse_reader'"))
                    .as("stored as a SCRAM verifier, never sent as it is")
                    .startsWith("SCRAM-SHA-256$")
                    .doesNotContain(firstRun);

            String nextRun = LocalPostgres.randomPassword();
            assertThat(nextRun).isNotEqualTo(firstRun);
            postgres.allowLogin("pulse_reader", nextRun);
            assertThatThrownBy(() -> queryText(reader, "SELECT 1"))
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
            assertThat(
                            queryText(
                                    new JdbcSettings(postgres.jdbcUrl(), "pulse_reader", nextRun),
                                    "SELECT current_user"))
                    .isEqualTo("pulse_reader");
            // The next start checks the role again: a login is what it allows.
            new SchemaMigrator(admin, ZoneOffset.UTC).migrate();
        }
    }

    @Test
    void aFreshDatabaseAsksForThePasswordThatOnlyTheStateDirectoryHolds() throws Exception {
        int port = TestDatabase.freePort();
        try (LocalPostgres postgres = new LocalPostgres(stateDir.resolve("postgres"), port)) {
            JdbcSettings db = postgres.start();

            assertAsksForThePassword(postgres, db);
        }
    }

    @Test
    void aDatabaseOfAnEarlierVersionThatTrustedEveryoneGetsThePasswordAndKeepsItsData()
            throws Exception {
        int port = TestDatabase.freePort();
        Path dataDirectory = stateDir.resolve("postgres");
        // As the versions before issue 10 started it: initdb -A trust, fsync off, no password.
        try (EmbeddedPostgres earlier =
                        EmbeddedPostgres.builder()
                                .setDataDirectory(dataDirectory)
                                .setCleanDataDirectory(false)
                                .setPort(port)
                                .start();
                Connection c = earlier.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (note text)");
            s.execute("INSERT INTO kept VALUES ('from the earlier version')");
        }
        assertThat(hbaRules(dataDirectory)).anyMatch(rule -> rule.endsWith(" trust"));
        assertThat(stateDir.resolve("postgres-password")).doesNotExist();

        try (LocalPostgres postgres = new LocalPostgres(dataDirectory, port)) {
            JdbcSettings db = postgres.start();

            assertAsksForThePassword(postgres, db);
            assertThat(queryText(db, "SELECT string_agg(note, ',') FROM kept"))
                    .isEqualTo("from the earlier version");
        }
        // and the next start is an ordinary one
        try (LocalPostgres postgres = new LocalPostgres(dataDirectory, port)) {
            JdbcSettings db = postgres.start();
            assertAsksForThePassword(postgres, db);
        }
    }

    @Test
    void aDatabaseLeftRunningByAnEarlierVersionIsRestartedWithThePassword() throws Exception {
        int port = TestDatabase.freePort();
        Path dataDirectory = stateDir.resolve("postgres");
        // An earlier version's job that was killed: its PostgreSQL, trusting and without fsync,
        // outlives it and still holds the data directory and the port.
        Process earlier =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                EarlierLocalPostgres.class.getName(),
                                dataDirectory.toString(),
                                String.valueOf(port))
                        .redirectErrorStream(true)
                        .redirectOutput(stateDir.resolve("earlier.log").toFile())
                        .start();
        try {
            awaitLine(stateDir.resolve("earlier.log"), EarlierLocalPostgres.READY);
        } finally {
            earlier.destroyForcibly();
            earlier.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(dataDirectory.resolve("postmaster.pid")).exists();

        try (LocalPostgres postgres = new LocalPostgres(dataDirectory, port)) {
            JdbcSettings db = postgres.start();

            assertAsksForThePassword(postgres, db);
            assertThat(queryText(db, "SELECT note FROM kept")).isEqualTo("left running");
        }
    }

    @Test
    void aPasswordProtectedDatabaseWhosePasswordFileIsGoneSaysWhatToDo() throws Exception {
        int port = TestDatabase.freePort();
        Path dataDirectory = stateDir.resolve("postgres");
        try (LocalPostgres postgres = new LocalPostgres(dataDirectory, port)) {
            postgres.start();
        }
        Files.delete(stateDir.resolve("postgres-password"));

        assertThatThrownBy(() -> new LocalPostgres(dataDirectory, port).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "The local PostgreSQL in "
                                + dataDirectory
                                + " asks for a password, but its password file "
                                + stateDir.resolve("postgres-password")
                                + " is missing: put the file back, or delete "
                                + dataDirectory
                                + " to start with an empty database");
    }

    @Test
    void aPortTakenByAnotherProgramIsReportedWithTheVariableToChange() throws IOException {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LocalPostgres postgres =
                    new LocalPostgres(stateDir.resolve("postgres"), other.getLocalPort());

            assertThatThrownBy(postgres::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "Port "
                                    + other.getLocalPort()
                                    + " of localhost, where the local PostgreSQL listens, is taken"
                                    + " by another program: stop it, or set PULSE_LOCAL_DB_PORT to"
                                    + " a free port");
        }
    }

    /**
     * What issue 10 requires of local mode: password authentication on every way in, the password
     * and a pgpass file readable by the job's user only, 127.0.0.1 only, and durable commits.
     */
    private void assertAsksForThePassword(LocalPostgres postgres, JdbcSettings db)
            throws Exception {
        Path dataDirectory = postgres.dataDirectory();
        Path passwordFile = stateDir.resolve("postgres-password");
        Path pgpass = stateDir.resolve("pgpass");

        assertThat(hbaRules(dataDirectory))
                .isNotEmpty()
                .allMatch(rule -> rule.endsWith(" scram-sha-256"), "ends with scram-sha-256")
                .noneMatch(rule -> rule.contains("trust"));
        assertThat(Files.readString(passwordFile, StandardCharsets.UTF_8).strip())
                .isEqualTo(db.password());
        assertThat(Files.readString(pgpass, StandardCharsets.UTF_8))
                .isEqualTo("127.0.0.1:" + postgres.port() + ":*:postgres:" + db.password() + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pgpass)))
                .isEqualTo("rw-------");

        assertThatThrownBy(() -> DriverManager.getConnection(db.url(), db.user(), null).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("no password was provided");
        assertThatThrownBy(() -> DriverManager.getConnection(db.url(), db.user(), "guess").close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));

        assertThat(queryText(db, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(queryText(db, "SHOW fsync")).isEqualTo("on");
        assertThat(queryText(db, "SHOW synchronous_commit")).isEqualTo("on");
        assertThat(queryText(db, "SELECT current_user")).isEqualTo("postgres");
    }

    @Test
    void thePrintedPsqlCommandWorksAndTheUnixSocketAsksForThePasswordToo() throws Exception {
        assumeThat(sh("command -v psql")).as("psql is installed").startsWith("0: ");
        LocalPostgres postgres =
                new LocalPostgres(stateDir.resolve("postgres"), TestDatabase.freePort());
        try (postgres) {
            JdbcSettings db = postgres.start();
            assertThat(postgres.psqlCommand())
                    .isEqualTo(
                            "PGPASSFILE="
                                    + postgres.dataDirectory().getParent().resolve("pgpass")
                                    + " psql -h 127.0.0.1 -p "
                                    + postgres.port()
                                    + " -U postgres postgres");

            assertThat(sh(postgres.psqlCommand() + " -w -X -A -t -c 'SELECT current_user'"))
                    .isEqualTo("0: postgres");

            String socketDirectory =
                    queryText(db, "SHOW unix_socket_directories").split(",")[0].strip();
            assertThat(
                            sh(
                                    "PGPASSFILE=/dev/null psql -w -X -h "
                                            + socketDirectory
                                            + " -p "
                                            + postgres.port()
                                            + " -U postgres -c 'SELECT 1' postgres"))
                    .startsWith("2: ")
                    .contains("no password supplied");
        }
    }

    /** Exit code and output (trimmed) of a shell command, as "code: output". */
    private static String sh(String command) throws Exception {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ": " + output.strip();
    }

    /** The rules of pg_hba.conf, comments and blank lines left out, spaces collapsed. */
    private static List<String> hbaRules(Path dataDirectory) throws IOException {
        return Files.readAllLines(dataDirectory.resolve("pg_hba.conf")).stream()
                .map(line -> line.replaceAll("#.*", "").strip().replaceAll("\\s+", " "))
                .filter(line -> !line.isEmpty())
                .collect(Collectors.toList());
    }

    private static void awaitLine(Path log, String line) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!Files.exists(log) || !Files.readString(log).contains(line)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(
                        "no '" + line + "' in " + (Files.exists(log) ? Files.readString(log) : ""));
            }
            Thread.sleep(200);
        }
    }

    private static void execute(JdbcSettings db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String queryText(JdbcSettings db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
