package io.crmpulse.job.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmpulse.sinks.jdbc.JdbcSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that a build before 0.1.0 migrated (ten migrations, {@code V1} to {@code V10}, kept in
 * the test resources {@code pre-release-migrations/} exactly as they were) is taken over by today's
 * single {@code V1} with its data, or refused with what to do when it stopped midway.
 */
class PreReleaseSchemaITCase {

    @TempDir Path work;

    @Test
    void aDatabaseAtThePreReleaseVersion10IsTakenOverWithItsRows() throws Exception {
        try (TestPostgres postgres =
                new TestPostgres(work.resolve("pg"), TestDatabase.freePort())) {
            JdbcSettings db = postgres.start();
            migratePreRelease(db, "10");
            execute(
                    db,
                    "INSERT INTO crm_leads (id, lead_source, lead_status, status_class, owner_id,"
                            + " owner_name, created_time, modified_time, converted, cohort_day)"
                            + " VALUES ('l1', 'Web', 'New', 'untouched', 'o1', 'Asha', now(), now(),"
                            + " false, current_date)");

            SchemaMigrator.Result first = new SchemaMigrator(db, ZoneOffset.UTC).migrate();
            SchemaMigrator.Result again = new SchemaMigrator(db, ZoneOffset.UTC).migrate();

            // Adopted as today's V1, it takes the migrations after V1 like any other database.
            assertThat(first).isEqualTo(new SchemaMigrator.Result("2", 1));
            assertThat(again).isEqualTo(new SchemaMigrator.Result("2", 0));
            assertThat(rows(db, "SELECT id || ' ' || owner_name FROM crm_leads"))
                    .containsExactly("l1 Asha");
            assertThat(
                            rows(
                                    db,
                                    "SELECT version || ' ' || description || ' ' || success"
                                            + " FROM flyway_schema_history"
                                            + " WHERE version IS NOT NULL ORDER BY installed_rank"))
                    .as("the history is today's: V1 for the ten steps, then what came after")
                    .containsExactly("1 crm pulse schema true", "2 dashboard true");
        }
    }

    @Test
    void aDatabaseLeftBetweenTwoPreReleaseStepsIsRefusedWithWhatToDo() throws Exception {
        try (TestPostgres postgres =
                new TestPostgres(work.resolve("pg"), TestDatabase.freePort())) {
            JdbcSettings db = postgres.start();
            migratePreRelease(db, "6");

            assertThatThrownBy(() -> new SchemaMigrator(db, ZoneOffset.UTC).migrate())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(
                            "pre-release build of CRM Pulse (migrations up to version 6)")
                    .hasMessageContaining("PULSE_STATE_DIR/postgres");
        }
    }

    @Test
    void aLaterMigrationAfterTheSquashedV1IsNotTakenForAPreReleaseStep() throws Exception {
        try (TestPostgres postgres =
                new TestPostgres(work.resolve("pg"), TestDatabase.freePort())) {
            JdbcSettings db = postgres.start();
            new SchemaMigrator(db, ZoneOffset.UTC).migrate();
            // A database that a later build, with a V2 of its own, migrated; then this build
            // starts on it again (a rollback), and must neither refuse it nor touch its history.
            Flyway.configure()
                    .dataSource(db.url(), db.user(), db.password())
                    .locations(SchemaMigrator.MIGRATIONS_LOCATION, "classpath:later-migration")
                    .load()
                    .migrate();

            SchemaMigrator.Result result = new SchemaMigrator(db, ZoneOffset.UTC).migrate();

            assertThat(result).isEqualTo(new SchemaMigrator.Result("99", 0));
            assertThat(
                            rows(
                                    db,
                                    "SELECT version || ' ' || description FROM"
                                            + " flyway_schema_history WHERE version IS NOT NULL"
                                            + " ORDER BY installed_rank"))
                    .containsExactly("1 crm pulse schema", "2 dashboard", "99 a later change");
        }
    }

    private static void migratePreRelease(JdbcSettings db, String target) {
        Flyway.configure()
                .dataSource(db.url(), db.user(), db.password())
                .locations("classpath:pre-release-migrations")
                .target(target)
                .load()
                .migrate();
    }

    private static void execute(JdbcSettings db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> rows(JdbcSettings db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
