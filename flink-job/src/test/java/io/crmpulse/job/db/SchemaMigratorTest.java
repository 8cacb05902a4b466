package io.crmpulse.job.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crmpulse.job.config.ConfigException;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

    @Test
    void aRefusedConnectionStopsTheJobWithAMessageNamingPulseJdbcUrl() throws IOException {
        int port = closedPort();
        JdbcSettings db =
                new JdbcSettings(
                        "jdbc:postgresql://localhost:" + port + "/pulse", "pulse", "s3cret");

        DatabaseConnectionException e =
                catchThrowableOfType(
                        DatabaseConnectionException.class,
                        () -> new SchemaMigrator(db, ZoneOffset.UTC).migrate());

        assertThat(e).isInstanceOf(ConfigException.class).hasCauseInstanceOf(SQLException.class);
        assertThat(e.getMessage())
                .startsWith(
                        "Cannot connect to PostgreSQL at jdbc:postgresql://localhost:"
                                + port
                                + "/pulse: ")
                .contains("refused")
                .endsWith(
                        "Check PULSE_JDBC_URL and that the server is running and accepts"
                                + " connections from here")
                .doesNotContain("s3cret");
    }

    @Test
    void aPasswordInsideTheUrlNeverReachesTheMessage() throws IOException {
        int port = closedPort();
        JdbcSettings db =
                new JdbcSettings(
                        "jdbc:postgresql://localhost:" + port + "/pulse?user=pulse&password=s3cret",
                        "pulse",
                        "");

        DatabaseConnectionException e =
                catchThrowableOfType(
                        DatabaseConnectionException.class,
                        () -> new SchemaMigrator(db, ZoneOffset.UTC).migrate());

        assertThat(e.getMessage())
                .contains("/pulse?user=pulse&password=***")
                .doesNotContain("s3cret");
        assertThat(db.toString()).doesNotContain("s3cret");
    }

    @Test
    void aUrlOfAnotherDatabaseIsNamedAsAWrongSetting() {
        JdbcSettings db = new JdbcSettings("jdbc:mysql://localhost/pulse?password=s3cret", "u", "");

        DatabaseConnectionException e =
                catchThrowableOfType(
                        DatabaseConnectionException.class,
                        () -> new SchemaMigrator(db, ZoneOffset.UTC).migrate());

        assertThat(e.getMessage())
                .isEqualTo(
                        "PULSE_JDBC_URL='jdbc:mysql://localhost/pulse?password=***' is not a"
                                + " PostgreSQL JDBC URL: expected jdbc:postgresql://HOST:PORT/DATABASE");
    }

    @Test
    void aRefusedLoginNamesTheUserAndPasswordVariables() {
        JdbcSettings db = new JdbcSettings("jdbc:postgresql://db:5432/pulse", "pulse", "wrong");
        SQLException refused =
                new SQLException(
                        "FATAL: password authentication failed for user \"pulse\"", "28P01");

        assertThat(SchemaMigrator.connectionFailureMessage(db, refused))
                .isEqualTo(
                        "PostgreSQL at jdbc:postgresql://db:5432/pulse refused user 'pulse':"
                                + " FATAL: password authentication failed for user \"pulse\"."
                                + " Check PULSE_DB_USER and PULSE_DB_PASSWORD (and PULSE_JDBC_URL,"
                                + " if it names the wrong server)");
    }

    @Test
    void aMissingDatabaseSaysToCreateItOrFixTheUrl() {
        JdbcSettings db = new JdbcSettings("jdbc:postgresql://db:5432/pulse", "pulse", "");
        SQLException missing =
                new SQLException("FATAL: database \"pulse\" does not exist", "3D000");

        assertThat(SchemaMigrator.connectionFailureMessage(db, missing))
                .isEqualTo(
                        "PostgreSQL at jdbc:postgresql://db:5432/pulse: FATAL: database \"pulse\""
                                + " does not exist. Create the database, or set PULSE_JDBC_URL to"
                                + " one that exists");
    }

    @Test
    void theBusinessZoneIsPublishedByRegionNameAndUtcAsUtc() {
        assertThat(SchemaMigrator.postgresZoneName(ZoneId.of("Asia/Kolkata")))
                .isEqualTo("Asia/Kolkata");
        assertThat(SchemaMigrator.postgresZoneName(ZoneId.of("UTC"))).isEqualTo("UTC");
        assertThat(SchemaMigrator.postgresZoneName(ZoneOffset.UTC)).isEqualTo("UTC");
        // PostgreSQL reads '+05:30' as POSIX, five and a half hours west: better not at all.
        assertThat(SchemaMigrator.postgresZoneName(ZoneOffset.ofHoursMinutes(5, 30))).isNull();
    }

    /** A localhost port that nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
