package io.crmpulse.job.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL of local mode, started as the job starts it. */
class LocalPostgresITCase {

    @TempDir Path stateDir;

    @Test
    void theDataOfOneRunIsThereInTheNextOnTheSamePort() throws Exception {
        int port = TestDatabase.freePort();
        Path dataDirectory = stateDir.resolve("postgres");

        try (LocalPostgres first = new LocalPostgres(dataDirectory, port)) {
            JdbcSettings db = first.start();
            assertThat(db.url()).isEqualTo("jdbc:postgresql://localhost:" + port + "/postgres");
            assertThat(db.user()).isEqualTo("postgres");
            execute(db, "CREATE TABLE kept (note text)", "INSERT INTO kept VALUES ('from run 1')");
        }
        assertThat(dataDirectory.resolve("PG_VERSION")).exists();

        try (LocalPostgres second = new LocalPostgres(dataDirectory, port)) {
            JdbcSettings db = second.start();
            assertThat(queryText(db, "SELECT string_agg(note, ',') FROM kept"))
                    .isEqualTo("from run 1");
            assertThat(second.psqlCommand())
                    .isEqualTo("psql -h localhost -p " + port + " -U postgres postgres");
        }
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
