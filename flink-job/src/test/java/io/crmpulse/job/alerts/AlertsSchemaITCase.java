package io.crmpulse.job.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmpulse.job.db.SchemaMigrator;
import io.crmpulse.job.db.TestDatabase;
import io.crmpulse.job.db.TestPostgres;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts table carries what the rules judged; v_alerts_today shows it; pulse_reader reads. */
class AlertsSchemaITCase {

    @TempDir static Path stateDir;
    private static TestPostgres postgres;
    private static JdbcSettings db;

    @BeforeAll
    static void migrate() throws Exception {
        postgres = new TestPostgres(stateDir.resolve("postgres"), TestDatabase.freePort());
        db = postgres.start();
        new SchemaMigrator(db, ZoneId.of("America/New_York")).migrate();
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(db.url(), db.user(), db.password());
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    cells.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", cells));
            }
        }
        return out;
    }

    private static void upsert(Connection c, String message) throws Exception {
        Instant now = Instant.now();
        try (PreparedStatement p =
                c.prepareStatement(
                        "INSERT INTO alerts (alert_id, rule, subject, severity, fired_at,"
                                + " window_start, window_end, observed, expected, n, test, message)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (alert_id) DO UPDATE SET message = EXCLUDED.message")) {
            p.setString(1, "R1_JUNK_SPIKE/source:Web/2026-03-09/critical");
            p.setString(2, "R1_JUNK_SPIKE");
            p.setString(3, "source:Web");
            p.setString(4, "critical");
            p.setTimestamp(5, Timestamp.from(now));
            p.setTimestamp(6, Timestamp.from(now.minusSeconds(3600)));
            p.setTimestamp(7, Timestamp.from(now));
            p.setDouble(8, 0.4667);
            p.setDouble(9, 0.1);
            p.setLong(10, 30);
            p.setString(11, "binomial P(X>=14 | n=30, p0=0.1) < 1e-6 < 0.001");
            p.setString(12, message);
            p.executeUpdate();
        }
    }

    @Test
    void anAlertIsOneRowByItsIdWithItsWindowSampleAndTest() throws Exception {
        assertThat(rows("SELECT max(version::int) FROM flyway_schema_history"))
                .allSatisfy(v -> assertThat(Integer.parseInt(v)).isGreaterThanOrEqualTo(1));
        assertThat(
                        rows(
                                "SELECT column_name || ' ' || data_type FROM"
                                        + " information_schema.columns WHERE table_name = 'alerts'"
                                        + " ORDER BY ordinal_position"))
                .contains(
                        "window_start timestamp with time zone",
                        "window_end timestamp with time zone",
                        "n bigint",
                        "test text",
                        "created_at timestamp with time zone");

        try (Connection c = connect()) {
            upsert(c, "Junk spike, Web: 14 of 30");
            upsert(c, "Junk spike, Web: 14 of 30 (replayed)");
        }

        assertThat(rows("SELECT alert_id, n, test, message FROM v_alerts_today"))
                .containsExactly(
                        "R1_JUNK_SPIKE/source:Web/2026-03-09/critical|30|binomial P(X>=14 | n=30,"
                                + " p0=0.1) < 1e-6 < 0.001|Junk spike, Web: 14 of 30 (replayed)");
        assertThat(
                        rows(
                                "SELECT has_table_privilege('pulse_reader', 'alerts', 'SELECT'),"
                                        + " has_table_privilege('pulse_reader', 'v_alerts_today',"
                                        + " 'SELECT'),"
                                        + " has_table_privilege('pulse_reader', 'alerts', 'INSERT')"))
                .containsExactly("true|true|false");
    }
}
