package io.crmpulse.job.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.job.config.ConfigException;
import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code pulse_reader} reads the metrics and the dashboard views, and nothing else: not the leads,
 * not the outbox's recipients and texts, not the raw records of {@code dead_letters}, not another
 * application's tables; and the job refuses to start while the role can do more.
 */
class ReaderRoleITCase {

    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final String READER_PASSWORD = "reader-secret";

    /** Everything pulse_reader may read, in name order. */
    private static final List<String> READABLE =
            List.of(
                    "ai_summaries",
                    "alerts",
                    "daily_rep_stats",
                    "daily_source_stats",
                    "deal_stage_events",
                    "lead_source_quality",
                    "rep_pipeline",
                    "sync_state",
                    "v_alerts_today",
                    "v_dead_letters",
                    "v_freshness",
                    "v_notifications",
                    "v_rep_leaderboard",
                    "v_source_quality_30d",
                    "v_source_quality_7d");

    @TempDir static Path stateDir;
    private static TestDatabase database;

    @BeforeAll
    static void migrateAFreshDatabase() throws Exception {
        database = TestDatabase.start(stateDir, ZONE);
        // As the README tells an administrator to, so that dashboards can log in.
        database.execute("ALTER ROLE pulse_reader LOGIN PASSWORD '" + READER_PASSWORD + "'");
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theReaderReadsEachMetricsTableAndDashboardViewAndChangesNothing() throws Exception {
        assertThat(
                        database.rows(
                                "SELECT c.relname FROM pg_class c"
                                        + " WHERE c.relnamespace = 'public'::regnamespace"
                                        + "   AND c.relkind IN ('r', 'v', 'm', 'p', 'f', 'S')"
                                        + "   AND has_table_privilege('pulse_reader', c.oid,"
                                        + "       'SELECT, INSERT, UPDATE, DELETE, TRUNCATE')"
                                        + " ORDER BY 1"))
                .containsExactlyElementsOf(READABLE);

        try (Connection reader = connectAsReader("postgres");
                Statement s = reader.createStatement()) {
            for (String relation : READABLE) {
                s.executeQuery("SELECT * FROM " + relation + " LIMIT 1").close();
            }
            assertDenied(
                    s,
                    "INSERT INTO sync_state (module) VALUES ('Leads')",
                    "UPDATE rep_pipeline SET owner_name = 'x'",
                    "DELETE FROM alerts",
                    "TRUNCATE daily_source_stats",
                    "CREATE TABLE mine (x int)",
                    "DROP VIEW v_freshness");
        }
    }

    @Test
    void theReaderCannotReadLeadsRecipientsMessageTextsOrDeadLetterPayloads() throws Exception {
        database.execute(
                "INSERT INTO notifications (dedup_key, kind, ref, recipient, severity, body,"
                        + " status, message_id, attempts, error_code, last_error, next_attempt_at)"
                        + " VALUES ('alert:R4/deal:D1/2026-03-02/critical:whatsapp:+919876543210',"
                        + " 'alert', 'R4/deal:D1/2026-03-02/critical', 'whatsapp:+919876543210',"
                        + " 'critical', 'Big deal lost', 'failed', 'm-1', 1, 21211,"
                        + " 'whatsapp:+919876543210 is not a valid number', now())");
        database.execute(
                "INSERT INTO dead_letters (id, module, record_id, reason, payload, received_at)"
                        + " VALUES ('Leads:L1', 'Leads', 'L1', 'Created_Time is missing',"
                        + " '{\"Email\": \"asha@example.com\"}', now())");
        try (Connection reader = connectAsReader("postgres");
                Statement s = reader.createStatement()) {
            assertDenied(
                    s,
                    "SELECT recipient FROM notifications",
                    "SELECT body FROM notifications",
                    "SELECT count(*) FROM notifications",
                    "SELECT payload FROM dead_letters",
                    "SELECT count(*) FROM dead_letters",
                    "SELECT count(*) FROM crm_leads",
                    "SELECT count(*) FROM crm_deals",
                    "SELECT count(*) FROM flyway_schema_history");

            assertThat(table(s, "SELECT * FROM v_notifications"))
                    .containsExactly(
                            "kind|ref|severity|channel|status|message_id|attempts|error_code"
                                    + "|created_at|next_attempt_at|last_attempt_at|sent_at"
                                    + "|updated_at",
                            "alert|R4/deal:D1/2026-03-02/critical|critical|whatsapp|failed|m-1|1"
                                    + "|21211|*|*|null|null|*");
            assertThat(table(s, "SELECT * FROM v_dead_letters"))
                    .containsExactly(
                            "id|module|record_id|reason|received_at|updated_at",
                            "Leads:L1|Leads|L1|Created_Time is missing|*|*");
        } finally {
            database.truncate("notifications", "dead_letters");
        }
    }

    @Test
    void aTableThatAppearsInTheSchemaLaterIsNotReadableUntilAMigrationSaysSo() throws Exception {
        // One by the job's own user (default privileges would make those readable), one by
        // another application that shares the schema.
        database.execute("CREATE TABLE later_metric (x int)");
        database.execute("CREATE ROLE other_app");
        database.execute("GRANT CREATE ON SCHEMA public TO other_app");
        database.execute(
                "SET ROLE other_app; CREATE TABLE other_app_customers (email text); RESET ROLE");
        try (Connection reader = connectAsReader("postgres");
                Statement s = reader.createStatement()) {
            assertDenied(s, "SELECT * FROM later_metric", "SELECT * FROM other_app_customers");
            assertThat(
                            database.rows(
                                    "SELECT count(*) FROM pg_default_acl d,"
                                            + " aclexplode(d.defaclacl) a"
                                            + " WHERE a.grantee = 'pulse_reader'::regrole"))
                    .containsExactly("0");
            // and the job starts: nothing in the schema that it does not expect is readable
            new SchemaMigrator(database.settings(), ZONE).migrate();
        } finally {
            database.execute("DROP TABLE later_metric, other_app_customers");
            database.execute("REVOKE CREATE ON SCHEMA public FROM other_app");
            database.execute("DROP ROLE other_app");
        }
    }

    @Test
    void theReaderCannotCreateAnythingInTheSchema() throws Exception {
        assertThat(
                        database.rows(
                                "SELECT has_schema_privilege('pulse_reader', 'public', 'CREATE')"
                                        + " || ' ' || has_schema_privilege('pulse_reader', 'public',"
                                        + " 'USAGE')"))
                .containsExactly("false true");
        try (Connection reader = connectAsReader("postgres");
                Statement s = reader.createStatement()) {
            assertDenied(s, "CREATE TABLE mine (x int)", "CREATE VIEW mine AS SELECT 1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GRANT SELECT ON notifications TO pulse_reader"
                        + "|SELECT on notifications"
                        + "|REVOKE SELECT ON notifications FROM pulse_reader",
                "GRANT SELECT (payload) ON dead_letters TO pulse_reader"
                        + "|SELECT on column payload of dead_letters"
                        + "|REVOKE SELECT (payload) ON dead_letters FROM pulse_reader",
                "GRANT INSERT ON alerts TO pulse_reader"
                        + "|INSERT on alerts"
                        + "|REVOKE INSERT ON alerts FROM pulse_reader",
                "GRANT pg_read_all_data TO pulse_reader"
                        + "|membership in role pg_read_all_data"
                        + "|REVOKE pg_read_all_data FROM pulse_reader",
                "GRANT CREATE ON SCHEMA public TO pulse_reader"
                        + "|CREATE on schema public"
                        + "|REVOKE CREATE ON SCHEMA public FROM pulse_reader",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO pulse_reader"
                        + "|default privileges on new tables of role postgres in schema public"
                        + "|ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public REVOKE ALL"
                        + " ON TABLES FROM pulse_reader",
                "ALTER ROLE pulse_reader CREATEROLE"
                        + "|CREATEROLE"
                        + "|ALTER ROLE pulse_reader NOCREATEROLE",
                "GRANT CREATE ON DATABASE postgres TO pulse_reader"
                        + "|CREATE on database postgres"
                        + "|REVOKE CREATE ON DATABASE postgres FROM pulse_reader",
            })
    void aPrivilegeBeyondTheMetricsStopsTheJobAtStartAndSaysHowToTakeItBack(
            String grant, String finding, String revoke) throws Exception {
        database.execute(grant);
        try {
            assertThatThrownBy(() -> new SchemaMigrator(database.settings(), ZONE).migrate())
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(
                            "The role pulse_reader may read only the metrics tables and dashboard"
                                    + " views, but in this database it also has: "
                                    + finding
                                    + ". An administrator can take that back with: "
                                    + revoke
                                    + "; then start the job again. A dashboard that needs more"
                                    + " needs a role of its own.");
        } finally {
            database.execute(revoke);
        }
        assertThat(new SchemaMigrator(database.settings(), ZONE).migrate().schemaVersion())
                .isEqualTo("2");
    }

    @Test
    void aLoginThatAnAdministratorAllowedAfterTheRoleWasCreatedIsKept() throws Exception {
        assertThat(database.rows("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'pulse_reader'"))
                .containsExactly("t");
        // A dashboard's own login that reads as pulse_reader is fine too.
        database.execute("CREATE ROLE grafana LOGIN");
        database.execute("GRANT pulse_reader TO grafana");
        try {
            assertThat(new SchemaMigrator(database.settings(), ZONE).migrate().migrationsApplied())
                    .isZero();
        } finally {
            database.execute("DROP ROLE grafana");
        }
    }

    @Test
    void aReaderRoleThatExistedWithLoginBeforeTheFirstMigrationIsRefused() throws Exception {
        // Roles belong to the whole server: to a new database, the role this class's database
        // made, which can log in, is a role that exists before its first migration.
        database.execute("CREATE DATABASE second_pulse");
        JdbcSettings second = otherDatabase("second_pulse");

        assertThatThrownBy(() -> new SchemaMigrator(second, ZONE).migrate())
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "The role pulse_reader exists already, with LOGIN: CRM Pulse did not create"
                                + " it, and would let it read this database's metrics. If it"
                                + " belongs to another application, rename that application's"
                                + " role or give CRM Pulse a PostgreSQL server of its own. If an"
                                + " administrator made it for CRM Pulse, take back what it has"
                                + " (ALTER ROLE pulse_reader NOLOGIN), start the job once, then"
                                + " allow it to log in (ALTER ROLE pulse_reader LOGIN PASSWORD"
                                + " '...').");
        assertThat(rows(second, "SELECT to_regclass('flyway_schema_history') IS NULL"))
                .containsExactly("t");

        // Done as the message says, the second database migrates, and the login is kept.
        database.execute("ALTER ROLE pulse_reader NOLOGIN");
        try {
            assertThat(new SchemaMigrator(second, ZONE).migrate().schemaVersion()).isEqualTo("2");
        } finally {
            database.execute("ALTER ROLE pulse_reader LOGIN");
        }
        assertThat(new SchemaMigrator(second, ZONE).migrate().migrationsApplied()).isZero();
        try (Connection reader = connectAsReader("second_pulse");
                Statement s = reader.createStatement()) {
            s.executeQuery("SELECT * FROM lead_source_quality").close();
            assertDenied(s, "SELECT * FROM notifications");
        }
    }

    @Test
    void aReaderRoleThatCouldReadOtherTablesBeforeTheFirstMigrationIsRefused() throws Exception {
        database.execute("CREATE DATABASE shared_with_crm");
        JdbcSettings shared = otherDatabase("shared_with_crm");
        execute(
                shared,
                "CREATE TABLE customers (email text)",
                "GRANT SELECT ON customers TO pulse_reader",
                "GRANT CREATE ON SCHEMA public TO pulse_reader");
        database.execute("ALTER ROLE pulse_reader NOLOGIN");
        try {
            assertThatThrownBy(() -> new SchemaMigrator(shared, ZONE).migrate())
                    .isInstanceOf(ConfigException.class)
                    .hasMessage(
                            "The role pulse_reader exists already, with SELECT on customers,"
                                    + " CREATE on schema public: CRM Pulse did not create it, and"
                                    + " would let it read this database's metrics. If it belongs"
                                    + " to another application, rename that application's role or"
                                    + " give CRM Pulse a PostgreSQL server of its own. If an"
                                    + " administrator made it for CRM Pulse, take back what it"
                                    + " has (REVOKE SELECT ON customers FROM pulse_reader; REVOKE"
                                    + " CREATE ON SCHEMA public FROM pulse_reader), start the job"
                                    + " once, then allow it to log in (ALTER ROLE pulse_reader"
                                    + " LOGIN PASSWORD '...').");
        } finally {
            database.execute("ALTER ROLE pulse_reader LOGIN");
        }
    }

    @Test
    void anotherApplicationsTableInASharedSchemaStaysUnreadableAndOnlyTheMetricsAreReadable()
            throws Exception {
        database.execute("CREATE DATABASE shared_schema");
        JdbcSettings shared = otherDatabase("shared_schema");
        // The role exists already, from this class's database: as an administrator would leave it.
        database.execute("ALTER ROLE pulse_reader NOLOGIN");
        try {
            assertThat(new SchemaMigrator(shared, ZONE).migrate())
                    .isEqualTo(new SchemaMigrator.Result("2", 2));
        } finally {
            database.execute("ALTER ROLE pulse_reader LOGIN");
        }
        // Another application shares the schema and adds its table.
        execute(
                shared,
                "CREATE ROLE other_app_orders_owner",
                "GRANT CREATE ON SCHEMA public TO other_app_orders_owner",
                "SET ROLE other_app_orders_owner",
                "CREATE TABLE other_app_orders (customer_email text)",
                "RESET ROLE");

        SchemaMigrator.Result result = new SchemaMigrator(shared, ZONE).migrate();

        assertThat(result).isEqualTo(new SchemaMigrator.Result("2", 0));
        assertThat(
                        rows(
                                shared,
                                "SELECT c.relname FROM pg_class c"
                                        + " WHERE c.relnamespace = 'public'::regnamespace"
                                        + "   AND has_table_privilege('pulse_reader', c.oid,"
                                        + "       'SELECT') ORDER BY 1"))
                .containsExactlyElementsOf(READABLE);
        assertThat(
                        rows(
                                shared,
                                "SELECT count(*) FROM pg_default_acl d, aclexplode(d.defaclacl) a"
                                        + " WHERE a.grantee = 'pulse_reader'::regrole"))
                .containsExactly("0");
    }

    private static JdbcSettings otherDatabase(String name) {
        JdbcSettings db = database.settings();
        return new JdbcSettings(
                db.url().replace("/postgres", "/" + name), db.user(), db.password());
    }

    private static Connection connectAsReader(String databaseName) throws SQLException {
        return DriverManager.getConnection(
                otherDatabase(databaseName).url(), "pulse_reader", READER_PASSWORD);
    }

    private static void execute(JdbcSettings db, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<String> rows(JdbcSettings db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /**
     * The column names, then each row, as cells joined with '|'; a timestamp shows as {@code *}
     * (its value is the clock's).
     */
    private static List<String> table(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnName(i));
            }
            out.add(String.join("|", names));
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    boolean timestamp = meta.getColumnTypeName(i).startsWith("timestamp");
                    cells.add(timestamp && value != null ? "*" : String.valueOf(value));
                }
                out.add(String.join("|", cells));
            }
        }
        return out;
    }

    private static void assertDenied(Statement s, String... statements) {
        for (String sql : statements) {
            assertThatThrownBy(() -> s.execute(sql))
                    .as(sql)
                    .isInstanceOfSatisfying(
                            SQLException.class,
                            e -> assertThat(e.getSQLState()).as(sql).isEqualTo("42501"));
        }
    }
}
