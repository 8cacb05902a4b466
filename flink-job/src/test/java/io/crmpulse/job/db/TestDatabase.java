package io.crmpulse.job.db;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * An embedded PostgreSQL with the schema migrated, for the integration tests of one test class:
 * start it in {@code @BeforeAll} (or {@code @BeforeEach}) and close it after.
 */
public final class TestDatabase implements AutoCloseable {

    private final TestPostgres postgres;
    private final JdbcSettings settings;

    private TestDatabase(TestPostgres postgres, JdbcSettings settings) {
        this.postgres = postgres;
        this.settings = settings;
    }

    /**
     * Starts PostgreSQL in {@code stateDir/postgres} on a free port and migrates it for {@code
     * zone}.
     */
    public static TestDatabase start(Path stateDir, ZoneId zone) throws IOException {
        TestPostgres postgres = new TestPostgres(stateDir.resolve("postgres"), freePort());
        JdbcSettings settings = postgres.start();
        new SchemaMigrator(settings, zone).migrate();
        return new TestDatabase(postgres, settings);
    }

    /**
     * A business zone (a whole-hour offset) in which {@code now} is between 11:00 and 12:59, so
     * that a test's "today" cannot end while it runs.
     */
    public static ZoneOffset zoneAtNoon(Instant now) {
        int hour = LocalTime.ofInstant(now, ZoneOffset.UTC).getHour();
        int offset = Math.floorMod(12 - hour + 11, 24) - 11;
        return ZoneOffset.ofHours(offset);
    }

    public JdbcSettings settings() {
        return settings;
    }

    /** The server itself, for tests that stop and start it under the job. */
    public TestPostgres postgres() {
        return postgres;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    }

    public void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of every row of {@code sql}, as strings. */
    /**
     * A row of {@code daily_source_stats}, as the job writes it: {@code leads} created on {@code
     * day} from {@code source}, of which {@code junk} junk and {@code converted} converted, and
     * {@code won} deals won worth {@code wonValue}.
     */
    public void insertDailySourceStats(
            LocalDate day,
            String source,
            long leads,
            long junk,
            long converted,
            long won,
            String wonValue)
            throws SQLException {
        execute(
                String.format(
                        "INSERT INTO daily_source_stats (day, lead_source, leads_created,"
                                + " junk_leads, contacted_leads, converted_leads, deals_won,"
                                + " won_value) VALUES (DATE '%s', '%s', %d, %d, 0, %d, %d, %s)",
                        day, source, leads, junk, converted, won, wonValue));
    }

    public List<String> rows(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    public void truncate(String... tables) throws SQLException {
        execute("TRUNCATE " + String.join(", ", tables));
    }

    @Override
    public void close() {
        postgres.close();
    }

    /** A localhost port that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
